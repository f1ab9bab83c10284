// The awaiter half shared by Event, Queue and Future: a place in a waiter list
// that unhooks itself when the waiting task is cancelled or its frame is
// destroyed.
#pragma once

#include <cstdint>

#include "looplab/coro.hpp"
#include "looplab/detail/runtime.hpp"
#include "looplab/trace.hpp"

namespace looplab::detail {

struct WaitNode : Wait, Waiter {
  explicit WaitNode(ScheduleReason reason = ScheduleReason::awaited_completed) noexcept;
  WaitNode(const WaitNode &) = delete;
  WaitNode &operator=(const WaitNode &) = delete;
  WaitNode(WaitNode &&) = delete;
  WaitNode &operator=(WaitNode &&) = delete;
  ~WaitNode() { Waiter::unlink(); }

  // Joins `list` and suspends the running task at `h`.
  void join(WaiterList &list, coro::coroutine_handle<> h, WaitKind kind, std::uint32_t subject);
  // Lazily gives an Event/Queue/Future an id from the running loop's counter,
  // so `suspended` events can say what a task waits on.
  static std::uint32_t id_for(std::uint32_t &id);

  ScheduleReason reason;
  bool woken = false; // woken normally (not by cancellation)
};

} // namespace looplab::detail
