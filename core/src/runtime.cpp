// Small shared pieces of the runtime: finding the running task, delivering a
// pending cancellation, waking waiter lists.
#include "looplab/detail/runtime.hpp"

#include <stdexcept>
#include <string>

#include "looplab/cancellation.hpp"
#include "looplab/event_loop.hpp"

namespace looplab {

const char *to_string(TaskState state) noexcept {
  switch (state) {
  case TaskState::ready: return "ready";
  case TaskState::running: return "running";
  case TaskState::waiting: return "waiting";
  case TaskState::done: return "done";
  case TaskState::failed: return "failed";
  case TaskState::cancelled: return "cancelled";
  }
  return "unknown";
}

namespace detail {

[[gnu::cold]] void throw_not_in_task(const char *what) {
  throw std::logic_error(std::string(what) +
                         " was awaited outside a task running on an EventLoop: spawn the "
                         "coroutine, or pass it to run_until_complete()");
}

[[gnu::cold]] void deliver_pending_cancel() {
  current_task->cancel_requested = false;
  throw Cancelled();
}

namespace {
void wake(Waiter &w) {
  if (w.wake != nullptr) {
    w.wake(w);
  } else if (w.task != nullptr && w.task->loop != nullptr) {
    w.task->loop->schedule(*w.task, ScheduleReason::awaited_completed);
  }
}
} // namespace

bool WaiterList::wake_one() {
  Waiter *w = head_;
  if (w == nullptr) {
    return false;
  }
  remove(*w);
  wake(*w);
  return true;
}

void WaiterList::wake_all() {
  while (wake_one()) {
  }
}

} // namespace detail
} // namespace looplab
