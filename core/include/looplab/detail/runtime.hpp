// Internals shared by the loop and its awaitables. Nothing here is for users;
// it is public so that awaitables (sleep, Event, Queue, Future, the bindings'
// own) can be written against it without friend declarations.
//
// The hot path (a task suspends, is queued, is resumed) touches only these
// plain structs: no std::function, no virtual call, no allocation.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "looplab/coro.hpp"

namespace looplab {

class EventLoop;
class TaskRef;

enum class TaskState : std::uint8_t {
  ready,     // in the ready queue (spawned, or woken), not running
  running,   // being resumed right now
  waiting,   // suspended on a timer, task, event, queue or future
  done,      // returned
  failed,    // an exception escaped it
  cancelled, // Cancelled escaped it, it was cancelled before it started, or its loop was destroyed
};

const char *to_string(TaskState state) noexcept;

namespace detail {

inline constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

// Anything the ready queue holds: a task or a callback. The queue stores
// pointers; the kind decides how the loop runs it.
enum class RunnableKind : std::uint8_t { task, callback };

struct Runnable {
  std::uint32_t id = 0;
  RunnableKind kind = RunnableKind::task;
};

// A registration a suspended task made (a timer, a place in a waiter list).
// When the task is cancelled, the loop calls `undo` so the registration cannot
// wake it a second time.
struct Wait {
  void (*undo)(Wait &) noexcept = nullptr;
};

// A timer in the loop's heap. It lives inside whoever owns it (a sleep
// awaiter in a coroutine frame, a callback): the heap points at it and keeps
// `heap_pos` current, so cancelling is O(log n) and needs no lookup.
struct Timer {
  double deadline = 0;
  std::uint32_t id = 0;
  std::uint32_t heap_pos = npos;
  void (*fire)(Timer &, EventLoop &) = nullptr;
  [[nodiscard]] bool armed() const noexcept { return heap_pos != npos; }
};

struct TaskRecord;
class WaiterList;

// A node in an intrusive FIFO list of things waiting (for a task to finish,
// an event to be set, room in a queue). It lives in the awaiter, in the
// waiting coroutine's frame, so waiting allocates nothing.
struct Waiter {
  Waiter *prev = nullptr;
  Waiter *next = nullptr;
  WaiterList *list = nullptr;
  TaskRecord *task = nullptr;
  // What waking does; nullptr means "schedule `task`".
  void (*wake)(Waiter &) = nullptr;
  void *context = nullptr;
  [[nodiscard]] bool linked() const noexcept { return list != nullptr; }
  void unlink() noexcept;
};

class WaiterList {
public:
  WaiterList() = default;
  WaiterList(const WaiterList &) = delete;
  WaiterList &operator=(const WaiterList &) = delete;
  WaiterList(WaiterList &&) = delete;
  WaiterList &operator=(WaiterList &&) = delete;
  ~WaiterList() { clear(); }

  [[nodiscard]] bool empty() const noexcept { return head_ == nullptr; }
  [[nodiscard]] Waiter *front() const noexcept { return head_; }
  void push_back(Waiter &w) noexcept {
    w.list = this;
    w.prev = tail_;
    w.next = nullptr;
    (tail_ ? tail_->next : head_) = &w;
    tail_ = &w;
  }
  void remove(Waiter &w) noexcept {
    (w.prev ? w.prev->next : head_) = w.next;
    (w.next ? w.next->prev : tail_) = w.prev;
    w.prev = w.next = nullptr;
    w.list = nullptr;
  }
  // Unlinks every node (their owners then simply never hear from this list).
  void clear() noexcept {
    while (head_ != nullptr) {
      remove(*head_);
    }
  }
  // Unlinks the first node and wakes it. Returns false when empty.
  bool wake_one();
  void wake_all();

private:
  Waiter *head_ = nullptr;
  Waiter *tail_ = nullptr;
};

inline void Waiter::unlink() noexcept {
  if (list != nullptr) {
    list->remove(*this);
  }
}

// The non-template part of every Task<T> promise, so the loop can read a
// finished task's exception without knowing T.
struct PromiseBase {
  coro::coroutine_handle<> continuation; // the coroutine awaiting this one, if any
  std::exception_ptr exception;
  bool running_inline = false; // being run from inside its awaiter's await_suspend
  bool awaited = false;        // co_await'ed once already: a Task runs once
};

struct TaskExtras {
  std::string name;
  std::string error;
  std::vector<std::function<void(const TaskRef &)>> done_callbacks;
};

// A spawned task: what the loop queues and what TaskRef handles point to.
// Reference-counted: the loop holds one reference while the task is pending,
// each handle one more; the coroutine frame is freed with the record. The loop
// knows every live record, so that when it is destroyed it can tell the
// survivors (loop = nullptr) instead of leaving them a dangling pointer.
struct TaskRecord : Runnable {
  TaskState state = TaskState::ready;
  bool hop = false;              // resume `resume_at` again before returning to the loop
  bool cancel_requested = false; // delivered at the next suspension point
  bool started = false;
  std::uint32_t refs = 1;
  std::uint32_t parent = 0;
  std::uint32_t loop_index = npos; // place in its loop's list of live records
  EventLoop *loop = nullptr;
  coro::coroutine_handle<> resume_at; // innermost suspended coroutine of this task
  coro::coroutine_handle<> root;      // the spawned coroutine (owned)
  PromiseBase *promise = nullptr;
  Wait *wait = nullptr; // what it is suspended on, for cancellation
  WaiterList waiters;   // who waits for it to finish
  std::unique_ptr<TaskExtras> extras;

  TaskRecord() = default;
  TaskRecord(const TaskRecord &) = delete;
  TaskRecord &operator=(const TaskRecord &) = delete;
  TaskRecord(TaskRecord &&) = delete;
  TaskRecord &operator=(TaskRecord &&) = delete;
  ~TaskRecord(); // frees the frame; tells a live loop to forget the record

  [[nodiscard]] bool finished() const noexcept {
    return state == TaskState::done || state == TaskState::failed || state == TaskState::cancelled;
  }
  TaskExtras &extra() {
    if (!extras) {
      extras = std::make_unique<TaskExtras>();
    }
    return *extras;
  }
};

inline void retain(TaskRecord *r) noexcept { ++r->refs; }
inline void release(TaskRecord *r) noexcept {
  if (--r->refs == 0) {
    delete r;
  }
}

// The task whose coroutine is executing on this thread right now (set by the
// loop around each resume). Awaitables use it to find their loop, the way
// asyncio's get_running_loop() does.
inline thread_local constinit TaskRecord *current_task = nullptr;

[[noreturn]] void throw_not_in_task(const char *what);
// The running task, or a std::logic_error naming `what` when there is none.
inline TaskRecord &running_task(const char *what) {
  if (current_task == nullptr) [[unlikely]] {
    throw_not_in_task(what);
  }
  return *current_task;
}

// Throws Cancelled if the running task has a cancellation pending (and clears
// it: a cancellation is delivered once).
void deliver_pending_cancel();
inline void check_cancel() {
  if (current_task != nullptr && current_task->cancel_requested) [[unlikely]] {
    deliver_pending_cancel();
  }
}

} // namespace detail
} // namespace looplab
