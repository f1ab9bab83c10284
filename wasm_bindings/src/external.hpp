// A host event a task can wait for: how a JS task waits on a JS Promise.
// The task suspends with wait kind "external"; when JS settles the promise,
// settle() puts the task back in the ready queue (scheduled reason
// "external"). The External lives in the waiting coroutine's frame.
#pragma once

#include <looplab/cancellation.hpp>
#include <looplab/event_loop.hpp>
#include <looplab/sleep.hpp>
#include <looplab/task_handle.hpp>
#include <looplab/trace.hpp>

#include "quiet_awaiters.hpp"

namespace looplab::wasm {

struct External {
  detail::TaskRecord *waiter = nullptr;
  bool settled = false;
  int key = 0; // 0: fulfilled; else the JS error key it was rejected with

  void settle(int error_key) {
    if (settled) {
      return;
    }
    settled = true;
    key = error_key;
    if (detail::TaskRecord *t = waiter; t != nullptr && t->loop != nullptr) {
      waiter = nullptr;
      t->loop->schedule(*t, ScheduleReason::external);
    }
  }

  struct Awaiter : detail::Wait {
    explicit Awaiter(External &e) : ext(e) {
      undo = [](detail::Wait &w) noexcept { static_cast<Awaiter &>(w).ext.waiter = nullptr; };
    }
    [[nodiscard]] bool await_ready() const {
      (void)detail::running_task("waiting for a JS promise");
      return ext.settled;
    }
    void await_suspend(coro::coroutine_handle<> h) {
      detail::TaskRecord &me = *detail::current_task;
      ext.waiter = &me;
      me.loop->suspend(me, h, WaitKind::external, 0, this);
    }
    // True when the task was cancelled while it waited (never throws: see quiet_awaiters.hpp).
    [[nodiscard]] bool await_resume() const noexcept {
      ext.waiter = nullptr;
      return take_cancel();
    }
    External &ext;
  };
  Awaiter operator co_await() { return Awaiter{*this}; }
};

} // namespace looplab::wasm
