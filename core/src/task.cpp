// The out-of-line half of Task<T>'s awaiter (see task.hpp for why it must be
// out of line on wasm32) and its misuse checks.
#include "looplab/task.hpp"

#include <stdexcept>

namespace looplab::detail {

bool start_inline(coro::coroutine_handle<> child, PromiseBase &promise,
                  coro::coroutine_handle<> parent) noexcept {
  promise.continuation = parent;
  promise.running_inline = true;
  child.resume();
  promise.running_inline = false;
  return !child.done();
}

void check_awaitable(bool valid, const PromiseBase *promise) {
  if (!valid) {
    throw std::logic_error("co_await on an empty Task (moved from, released to spawn(), or "
                           "default-constructed)");
  }
  if (promise->awaited) {
    throw std::logic_error("this Task was already awaited: a Task runs once. To await one "
                           "result from several places, spawn it and await its TaskHandle");
  }
}

} // namespace looplab::detail
