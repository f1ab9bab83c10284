// wait_for(task, timeout): the task's result, or TimeoutError once `timeout`
// seconds pass on the loop's clock (asyncio.wait_for). On timeout the task is
// cancelled and wait_for waits for it to finish cancelling before it throws;
// cancelling the waiting task cancels the inner one too.
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "looplab/cancellation.hpp"
#include "looplab/event_loop.hpp"
#include "looplab/task.hpp"
#include "looplab/task_handle.hpp"

namespace looplab {

namespace detail {
void check_timeout(double timeout);
[[noreturn]] void throw_timeout(double timeout, const TaskRef &task);

template <class T>
Task<T> wait_for_impl(Task<T> task, double timeout) {
  EventLoop &loop = EventLoop::running_loop("looplab::wait_for");
  TaskHandle<T> inner = loop.spawn(std::move(task));
  if (!co_await DoneAwaiter{inner.record(), timeout}) {
    inner.cancel();
    (void)co_await DoneAwaiter{inner.record()}; // let it clean up, as asyncio does
    if (inner.state() != TaskState::done) {
      throw_timeout(timeout, inner);
    }
  }
  if constexpr (std::is_void_v<T>) {
    inner.result();
  } else {
    co_return inner.take_result();
  }
}
} // namespace detail

// std::invalid_argument (at once) if timeout is negative or not a number.
template <class T>
Task<T> wait_for(Task<T> task, double timeout) {
  detail::check_timeout(timeout);
  return detail::wait_for_impl(std::move(task), timeout);
}

} // namespace looplab
