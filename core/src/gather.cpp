#include "looplab/gather.hpp"

#include "looplab/cancellation.hpp"

namespace looplab {

namespace detail {

GatherAwaiter::GatherAwaiter(std::vector<TaskRef> children_in)
    : children(std::move(children_in)), nodes(std::make_unique<Waiter[]>(children.size())) {
  undo = [](Wait &w) noexcept {
    auto &self = static_cast<GatherAwaiter &>(w);
    self.unlink_all();
    for (auto &child : self.children) {
      try {
        child.cancel();
      } catch (...) { // only allocation can fail; the gather is cancelled regardless
      }
    }
  };
}

GatherAwaiter::~GatherAwaiter() { unlink_all(); }

void GatherAwaiter::unlink_all() noexcept {
  for (std::size_t i = 0; i < children.size(); ++i) {
    nodes[i].unlink();
  }
}

bool GatherAwaiter::await_ready() {
  remaining = 0;
  for (std::size_t i = 0; i < children.size(); ++i) {
    const TaskState s = children[i].state();
    if (s == TaskState::failed || s == TaskState::cancelled) {
      first_failure = static_cast<std::ptrdiff_t>(i);
      return true;
    }
    if (s != TaskState::done) {
      ++remaining;
    }
  }
  if (remaining == 0) {
    return true;
  }
  (void)running_task("looplab::gather");
  return false;
}

void GatherAwaiter::await_suspend(coro::coroutine_handle<> h) {
  task = current_task;
  for (std::size_t i = 0; i < children.size(); ++i) {
    TaskRecord *child = children[i].record();
    if (child->finished()) {
      continue;
    }
    Waiter &n = nodes[i];
    n.task = task;
    n.context = this;
    n.wake = [](Waiter &node) {
      auto &self = *static_cast<GatherAwaiter *>(node.context);
      const auto index = &node - self.nodes.get();
      const TaskState s = self.children[static_cast<std::size_t>(index)].state();
      const bool failed = s == TaskState::failed || s == TaskState::cancelled;
      if (failed && self.first_failure < 0) {
        self.first_failure = index;
      }
      if (failed || --self.remaining == 0) {
        self.unlink_all();
        self.task->loop->schedule(*self.task, ScheduleReason::awaited_completed);
      }
    };
    child->waiters.push_back(n);
  }
  task->loop->suspend(*task, h, WaitKind::gather, 0, this);
}

void GatherAwaiter::await_resume() {
  check_cancel();
  if (first_failure >= 0) {
    std::rethrow_exception(children[static_cast<std::size_t>(first_failure)].exception());
  }
}

} // namespace detail

Task<void> gather(std::vector<TaskRef> tasks) { co_await detail::GatherAwaiter{std::move(tasks)}; }

} // namespace looplab
