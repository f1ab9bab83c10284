// The core's awaiters, reporting instead of throwing.
//
// Why: with clang 14 and -fwasm-exceptions at -O1 and above, a coroutine that
// loops, calls a non-inlined function (as a JS task does: it calls into JS to
// step the generator), then does `try { co_await x; } catch (...) {}` and
// loops on, does not catch: the exception escapes the coroutine,
// unhandled_exception never runs, and it unwinds out of EventLoop::tick.
// Seen on Emscripten 3.1.6; -O0 and native clang 14 catch it; a `throw`
// from the body to unhandled_exception works.
// So the bindings' coroutines never catch: these awaiters return what
// happened (cancelled, failed, timed out), and the coroutine decides.
#pragma once

#include <looplab/cancellation.hpp>
#include <looplab/event_loop.hpp>
#include <looplab/sleep.hpp>
#include <looplab/task_handle.hpp>

namespace looplab::wasm {

// Takes a pending cancellation of the running task, as check_cancel() does,
// without throwing. True if there was one.
inline bool take_cancel() noexcept {
  detail::TaskRecord *t = detail::current_task;
  if (t != nullptr && t->cancel_requested) {
    t->cancel_requested = false;
    return true;
  }
  return false;
}

// yield_now(): true when the task was cancelled while it waited.
struct QuietYield : detail::YieldAwaiter {
  [[nodiscard]] bool await_resume() const noexcept { return take_cancel(); }
};

// sleep(seconds): true when the task was cancelled while it slept.
struct QuietSleep : detail::SleepAwaiter {
  using SleepAwaiter::SleepAwaiter;
  [[nodiscard]] bool await_resume() const noexcept { return take_cancel(); }
};

enum class Outcome { ok, failed, cancelled_me, timed_out };

// Waits for a spawned task (optionally at most `timeout` s). `failed` means the
// task failed or was cancelled: its exception() says which.
struct QuietDone : detail::DoneAwaiter {
  using DoneAwaiter::DoneAwaiter;
  [[nodiscard]] Outcome await_resume() noexcept {
    if (take_cancel()) {
      return Outcome::cancelled_me;
    }
    if (timed_out) {
      return Outcome::timed_out;
    }
    return target->state == TaskState::done ? Outcome::ok : Outcome::failed;
  }
};

} // namespace looplab::wasm
