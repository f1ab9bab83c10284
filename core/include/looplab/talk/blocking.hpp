// The talk's first try: a busy-waiting sleep, and a set_timeout that blocks.
//
//   def sleep(delay):
//       expire_at = datetime.now() + timedelta(seconds=delay)
//       while datetime.now() < expire_at:
//           pass
//
//   def set_timeout(delay, callback):
//       sleep(delay)  # wait for a duration
//       callback()    # execute callback function
//
// Nothing else can run while it waits, so two timeouts run one after the
// other: set_timeout(1.0, goodbye) then set_timeout(0.5, hello) prints
// goodbye at 1.0 s and hello at 1.5 s.
#pragma once

#include "looplab/clock.hpp"

namespace looplab::talk::blocking {

inline void sleep(const Clock &clock, double delay) {
  const double expire_at = clock.now() + delay;
  while (clock.now() < expire_at) {
    // pass
  }
}

template <class Callback>
void set_timeout(const Clock &clock, double delay, Callback callback) {
  sleep(clock, delay); // wait for a duration
  callback();          // execute callback function
}

} // namespace looplab::talk::blocking
