#include "looplab/detail/wait_node.hpp"

#include <stdexcept>

#include "looplab/event_loop.hpp"
#include "looplab/future.hpp"

namespace looplab::detail {

WaitNode::WaitNode(ScheduleReason reason) noexcept : reason(reason) {
  wake = [](Waiter &w) {
    auto &self = static_cast<WaitNode &>(w);
    self.woken = true;
    self.task->loop->schedule(*self.task, self.reason);
  };
  undo = [](Wait &w) noexcept { static_cast<WaitNode &>(w).Waiter::unlink(); };
}

void WaitNode::join(WaiterList &list, coro::coroutine_handle<> h, WaitKind kind,
                    std::uint32_t subject) {
  TaskRecord &me = *current_task;
  task = &me;
  list.push_back(*this);
  me.loop->suspend(me, h, kind, subject, this);
}

std::uint32_t WaitNode::id_for(std::uint32_t &id) {
  if (id == 0) {
    id = current_task->loop->next_id();
  }
  return id;
}

void FutureCore::complete() {
  if (done) {
    throw std::logic_error("looplab::Future: already completed (a Future completes once)");
  }
  done = true;
  waiters.wake_all();
}

} // namespace looplab::detail
