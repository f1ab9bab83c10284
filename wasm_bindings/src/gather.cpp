#include "gather.hpp"

namespace looplab::wasm {

namespace {
constexpr std::size_t none = static_cast<std::size_t>(-1);
}

GatherAwaiter::GatherAwaiter(const std::vector<TaskRef> &children)
    : children_(children), failed_index_(none) {
  undo = [](detail::Wait &w) noexcept {
    auto &self = static_cast<GatherAwaiter &>(w);
    self.unlink_all();
    // asyncio: cancelling a gather cancels the children that are still running.
    for (const TaskRef &c : self.children_) {
      if (!c.done()) {
        try {
          TaskRef(c).cancel();
        } catch (...) { // only allocation can fail; the gather is cancelled regardless
        }
      }
    }
  };
}

bool GatherAwaiter::failed(std::size_t i) const {
  const TaskState s = children_[i].state();
  return s == TaskState::failed || s == TaskState::cancelled;
}

bool GatherAwaiter::await_ready() {
  (void)detail::running_task("gather");
  remaining_ = 0;
  for (std::size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i].done()) {
      ++remaining_;
    } else if (failed(i) && failed_index_ == none) {
      failed_index_ = i;
    }
  }
  return remaining_ == 0 || failed_index_ != none;
}

void GatherAwaiter::await_suspend(coro::coroutine_handle<> h) {
  me_ = detail::current_task;
  nodes_.resize(children_.size()); // once: linked nodes must not move
  for (std::size_t i = 0; i < children_.size(); ++i) {
    if (children_[i].done()) {
      continue;
    }
    Node &n = nodes_[i];
    n.owner = this;
    n.index = i;
    n.task = me_;
    n.wake = &GatherAwaiter::on_child_done;
    children_[i].record()->waiters.push_back(n);
  }
  me_->loop->suspend(*me_, h, WaitKind::gather, 0, this);
}

void GatherAwaiter::on_child_done(detail::Waiter &w) {
  auto &n = static_cast<Node &>(w);
  GatherAwaiter &self = *n.owner;
  --self.remaining_;
  const bool failed = self.failed(n.index);
  if (failed && self.failed_index_ == none) {
    self.failed_index_ = n.index;
  }
  if (failed || self.remaining_ == 0) {
    self.unlink_all();
    self.me_->loop->schedule(*self.me_, ScheduleReason::awaited_completed);
  }
}

void GatherAwaiter::unlink_all() noexcept {
  for (Node &n : nodes_) {
    n.unlink();
  }
}

Outcome GatherAwaiter::await_resume() noexcept {
  unlink_all();
  if (take_cancel()) {
    return Outcome::cancelled_me;
  }
  return failed_index_ != none ? Outcome::failed : Outcome::ok;
}

std::exception_ptr GatherAwaiter::failure() const {
  return failed_index_ == none ? nullptr : children_[failed_index_].exception();
}

} // namespace looplab::wasm
