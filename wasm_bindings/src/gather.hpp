// Waiting for several spawned tasks at once, with asyncio.gather's rules:
// it completes when all have finished, or as soon as one fails or is
// cancelled (that error is what the waiter gets; the others keep running).
// Cancelling the waiter cancels the children that have not finished.
//
// The bindings need it over task handles (JS has already spawned every
// child), where the core's helpers take coroutines; it is written on the
// core's waiter lists, so it allocates once and is traced as wait kind gather.
#pragma once

#include <cstddef>
#include <exception>
#include <vector>

#include <looplab/cancellation.hpp>
#include <looplab/event_loop.hpp>
#include <looplab/sleep.hpp>
#include <looplab/task_handle.hpp>
#include <looplab/trace.hpp>

#include "quiet_awaiters.hpp"

namespace looplab::wasm {

class GatherAwaiter : public detail::Wait {
public:
  explicit GatherAwaiter(const std::vector<TaskRef> &children);
  GatherAwaiter(const GatherAwaiter &) = delete;
  GatherAwaiter &operator=(const GatherAwaiter &) = delete;
  GatherAwaiter(GatherAwaiter &&) = delete;
  GatherAwaiter &operator=(GatherAwaiter &&) = delete;
  ~GatherAwaiter() { unlink_all(); }

  bool await_ready();
  void await_suspend(coro::coroutine_handle<> h);
  // What ended the wait; never throws (see quiet_awaiters.hpp for why).
  Outcome await_resume() noexcept;
  // After Outcome::failed: the failure of the child that ended it.
  [[nodiscard]] std::exception_ptr failure() const;

private:
  struct Node : detail::Waiter {
    GatherAwaiter *owner = nullptr;
    std::size_t index = 0;
  };
  static void on_child_done(detail::Waiter &w);
  void unlink_all() noexcept;
  [[nodiscard]] bool failed(std::size_t i) const;

  const std::vector<TaskRef> &children_;
  std::vector<Node> nodes_;
  std::size_t remaining_ = 0;
  std::size_t failed_index_;
  detail::TaskRecord *me_ = nullptr;
};

} // namespace looplab::wasm
