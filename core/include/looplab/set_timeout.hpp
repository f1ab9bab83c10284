// The talk's Python 3 set_timeout, on the real loop:
//
//   async def set_timeout(delay, callback):
//       await sleep(delay)
//       callback()
#pragma once

#include "looplab/sleep.hpp"
#include "looplab/task.hpp"

namespace looplab {

template <class Callback>
Task<void> set_timeout(double delay, Callback callback) {
  co_await sleep(delay);
  callback();
}

} // namespace looplab
