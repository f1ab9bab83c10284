// TaskRef's out-of-line half and the awaiter that waits for a spawned task.
#include "looplab/task_handle.hpp"

#include <stdexcept>
#include <string>

#include "looplab/cancellation.hpp"
#include "looplab/event_loop.hpp"

namespace looplab {

namespace detail {

DoneAwaiter::DoneAwaiter(TaskRecord *target, double timeout) : target(target), timeout(timeout) {
  retain(target);
  wake = [](Waiter &w) {
    auto &self = static_cast<DoneAwaiter &>(w);
    EventLoop &loop = *self.task->loop;
    if (self.armed()) {
      loop.remove_timer(self);
    }
    loop.schedule(*self.task, ScheduleReason::awaited_completed);
  };
  fire = [](Timer &t, EventLoop &loop) {
    auto &self = static_cast<DoneAwaiter &>(t);
    self.timed_out = true;
    self.Waiter::unlink();
    loop.schedule(*self.task, ScheduleReason::timer_fired);
  };
  undo = [](Wait &w) noexcept {
    auto &self = static_cast<DoneAwaiter &>(w);
    self.Waiter::unlink();
    if (self.armed()) {
      self.task->loop->remove_timer(self);
    }
    // asyncio: cancelling a task that awaits another task cancels that one too.
    if (self.target->loop != nullptr) {
      try {
        self.target->loop->cancel_task(*self.target);
      } catch (...) { // only allocation can fail here; the waiter is cancelled regardless
      }
    }
  };
}

DoneAwaiter::~DoneAwaiter() {
  Waiter::unlink();
  if (armed()) {
    task->loop->remove_timer(*this);
  }
  release(target);
}

bool DoneAwaiter::await_ready() const {
  if (target->finished()) {
    return true;
  }
  if (&running_task("co_await on a task handle") == target) {
    throw std::logic_error("task " + std::to_string(target->id) +
                           " awaits itself: it would wait forever");
  }
  return false;
}

void DoneAwaiter::await_suspend(coro::coroutine_handle<> h) {
  TaskRecord &me = *current_task;
  task = &me;
  target->waiters.push_back(*this);
  if (timeout >= 0) {
    me.loop->add_timer(*this, me.loop->time() + timeout, me.id);
  }
  me.loop->suspend(me, h, WaitKind::task, target->id, this);
}

bool DoneAwaiter::await_resume() {
  check_cancel();
  return !timed_out;
}

void check_result(const TaskRecord *record) {
  const TaskRef ref(const_cast<TaskRecord *>(record));
  switch (record->state) {
  case TaskState::done: return;
  case TaskState::failed:
  case TaskState::cancelled: std::rethrow_exception(ref.exception());
  default:
    throw std::logic_error("task " + std::to_string(record->id) +
                           (ref.name().empty() ? "" : " '" + std::string(ref.name()) + "'") +
                           " has no result yet (it is " + to_string(record->state) +
                           "): await it, or run the loop until it is done");
  }
}

} // namespace detail

detail::TaskRecord *TaskRef::checked() const {
  if (rec_ == nullptr) {
    throw std::logic_error("empty TaskRef: it refers to no task (default-constructed or moved "
                           "from)");
  }
  return rec_;
}

std::uint32_t TaskRef::id() const { return checked()->id; }

std::string_view TaskRef::name() const {
  const auto *r = checked();
  return r->extras ? std::string_view(r->extras->name) : std::string_view();
}

TaskState TaskRef::state() const { return checked()->state; }

bool TaskRef::done() const { return checked()->finished(); }

std::string_view TaskRef::error_message() const {
  const auto *r = checked();
  return r->state == TaskState::failed && r->extras ? std::string_view(r->extras->error)
                                                    : std::string_view();
}

std::exception_ptr TaskRef::exception() const {
  const auto *r = checked();
  if (r->state == TaskState::failed) {
    return r->promise->exception;
  }
  if (r->state == TaskState::cancelled) {
    if (r->promise != nullptr && r->promise->exception) {
      return r->promise->exception;
    }
    return std::make_exception_ptr(Cancelled());
  }
  return nullptr;
}

bool TaskRef::cancel() {
  auto *r = checked();
  return r->loop != nullptr && r->loop->cancel_task(*r);
}

void TaskRef::add_done_callback(std::function<void(const TaskRef &)> callback) {
  auto *r = checked();
  if (r->loop == nullptr) {
    throw std::logic_error("add_done_callback: the EventLoop of task " + std::to_string(r->id) +
                           " has been destroyed");
  }
  r->loop->add_done_callback(*r, std::move(callback));
}

} // namespace looplab
