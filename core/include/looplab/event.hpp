// Event: a flag tasks can wait for (asyncio.Event). set() wakes every waiter;
// waiting on a set event returns at once; clear() re-arms it.
#pragma once

#include <cstdint>

#include "looplab/detail/wait_node.hpp"
#include "looplab/event_loop.hpp"

namespace looplab {

class Event {
public:
  Event() = default;
  Event(const Event &) = delete;
  Event &operator=(const Event &) = delete;
  Event(Event &&) = delete;
  Event &operator=(Event &&) = delete;
  ~Event() = default; // tasks still waiting are unhooked (and wait forever, as in asyncio)

  [[nodiscard]] bool is_set() const noexcept { return set_; }
  void set() {
    set_ = true;
    waiters_.wake_all();
  }
  void clear() noexcept { set_ = false; }
  // 0 until a task first waits on it.
  [[nodiscard]] std::uint32_t id() const noexcept { return id_; }

  struct Awaiter : detail::WaitNode {
    explicit Awaiter(Event &e) noexcept : event(&e) {}
    [[nodiscard]] bool await_ready() const {
      if (event->set_) {
        return true;
      }
      (void)detail::running_task("Event::wait()");
      return false;
    }
    void await_suspend(coro::coroutine_handle<> h) {
      join(event->waiters_, h, WaitKind::event, id_for(event->id_));
    }
    void await_resume() const {
      if (!woken) {
        detail::check_cancel();
      }
    }
    Event *event;
  };
  // co_await event.wait(): returns once the event is set.
  [[nodiscard]] Awaiter wait() noexcept { return Awaiter{*this}; }

private:
  bool set_ = false;
  std::uint32_t id_ = 0;
  detail::WaiterList waiters_;
};

} // namespace looplab
