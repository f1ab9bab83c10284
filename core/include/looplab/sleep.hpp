// sleep(seconds) and yield_now(): the two ways a task gives the loop back its
// turn. `co_await sleep(0.5)` finds the loop running the task (like asyncio's
// running loop), arms a timer and suspends; the timer puts the task back in
// the ready queue when it is due. sleep(0) is a plain yield, as in asyncio.
// yield_now() is the talk's bare `yield`: back of the ready queue, at once.
#pragma once

#include "looplab/coro.hpp"
#include "looplab/detail/runtime.hpp"
#include "looplab/event_loop.hpp"

namespace looplab {

namespace detail {

struct YieldAwaiter {
  [[nodiscard]] bool await_ready() const {
    (void)running_task("looplab::yield_now()");
    return false;
  }
  void await_suspend(coro::coroutine_handle<> h) const { current_task->loop->yield_current(h); }
  void await_resume() const { check_cancel(); }
};

struct SleepAwaiter : Timer, Wait {
  explicit SleepAwaiter(double seconds); // validates: finite and >= 0
  SleepAwaiter(const SleepAwaiter &) = delete;
  SleepAwaiter &operator=(const SleepAwaiter &) = delete;
  SleepAwaiter(SleepAwaiter &&) = delete;
  SleepAwaiter &operator=(SleepAwaiter &&) = delete;
  ~SleepAwaiter() {
    if (armed()) {
      task->loop->remove_timer(*this); // the frame is being destroyed mid-sleep
    }
  }
  [[nodiscard]] bool await_ready() {
    task = &running_task("looplab::sleep()");
    return false;
  }
  void await_suspend(coro::coroutine_handle<> h);
  void await_resume() const { check_cancel(); }

  TaskRecord *task = nullptr;
  double seconds;
};

} // namespace detail

// Suspends the running task for `seconds` on its loop's clock.
// std::invalid_argument if seconds is negative or not a number.
[[nodiscard]] inline detail::SleepAwaiter sleep(double seconds) {
  return detail::SleepAwaiter{seconds};
}

// Lets every other ready item run once before this task continues.
[[nodiscard]] inline detail::YieldAwaiter yield_now() noexcept { return {}; }

} // namespace looplab
