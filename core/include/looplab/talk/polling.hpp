// The talk's second try: generators that pause instead of blocking.
//
//   def sleep(delay):
//       expire_at = datetime.now() + timedelta(seconds=delay)
//       while datetime.now() < expire_at:
//           yield None
//
//   def set_timeout(delay, callback):
//       for item in sleep(delay):
//           yield item
//       callback()
//
// Each send() checks the clock once and hands control back: a loop (see
// round_robin.hpp) can step many of these in turn.
#pragma once

#include "looplab/clock.hpp"
#include "looplab/generator.hpp"
#include "looplab/talk/none.hpp"

namespace looplab::talk::polling {

inline Generator<NoneType> sleep(const Clock &clock, double delay) {
  const double expire_at = clock.now() + delay;
  while (clock.now() < expire_at) {
    co_yield None;
  }
}

template <class Callback>
Generator<NoneType> set_timeout(const Clock &clock, double delay, Callback callback) {
  for (NoneType item : sleep(clock, delay)) {
    co_yield item;
  }
  callback();
}

} // namespace looplab::talk::polling
