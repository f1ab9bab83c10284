// Handles to spawned tasks.
//
// TaskRef is type-erased: id, name, state, error message, cancel, done
// callbacks, and co_await (which returns when the task finishes and rethrows
// its failure). It is what host code (the JS bindings) keeps when it does not
// know, or care about, the task's result type. TaskHandle<T> adds the result.
// Copies share one task; the task's frame lives until the last handle and the
// loop are done with it.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <string_view>
#include <utility>

#include "looplab/detail/runtime.hpp"
#include "looplab/task.hpp"

namespace looplab {

namespace detail {

// Waits for a spawned task to finish, optionally no longer than `timeout`
// seconds. If the waiting task is cancelled, the awaited task is cancelled too
// (as asyncio does for `await task` and wait_for).
struct DoneAwaiter : Wait, Timer, Waiter {
  explicit DoneAwaiter(TaskRecord *target, double timeout = -1.0);
  DoneAwaiter(const DoneAwaiter &) = delete;
  DoneAwaiter &operator=(const DoneAwaiter &) = delete;
  DoneAwaiter(DoneAwaiter &&) = delete;
  DoneAwaiter &operator=(DoneAwaiter &&) = delete;
  ~DoneAwaiter();

  bool await_ready() const;
  void await_suspend(coro::coroutine_handle<> h);
  // True when the task finished, false when the timeout came first.
  bool await_resume();

  TaskRecord *target;
  double timeout;
  bool timed_out = false;
};

// Throws unless the record finished successfully (logic_error if it has not
// finished, its own exception if it failed or was cancelled).
void check_result(const TaskRecord *record);

} // namespace detail

class TaskRef {
public:
  TaskRef() noexcept = default;
  explicit TaskRef(detail::TaskRecord *record) noexcept : rec_(record) {
    if (rec_ != nullptr) {
      detail::retain(rec_);
    }
  }
  TaskRef(const TaskRef &other) noexcept : TaskRef(other.rec_) {}
  TaskRef(TaskRef &&other) noexcept : rec_(std::exchange(other.rec_, nullptr)) {}
  TaskRef &operator=(const TaskRef &other) noexcept {
    TaskRef copy(other);
    std::swap(rec_, copy.rec_);
    return *this;
  }
  TaskRef &operator=(TaskRef &&other) noexcept {
    TaskRef moved(std::move(other));
    std::swap(rec_, moved.rec_);
    return *this;
  }
  ~TaskRef() {
    if (rec_ != nullptr) {
      detail::release(rec_);
    }
  }

  [[nodiscard]] explicit operator bool() const noexcept { return rec_ != nullptr; }
  [[nodiscard]] std::uint32_t id() const;
  [[nodiscard]] std::string_view name() const;
  [[nodiscard]] TaskState state() const;
  [[nodiscard]] bool done() const; // finished: done, failed or cancelled
  // The failure's what() when state() is failed, else empty.
  [[nodiscard]] std::string_view error_message() const;
  // What awaiting it throws: its exception when failed, Cancelled when
  // cancelled, nullptr otherwise.
  [[nodiscard]] std::exception_ptr exception() const;
  // Requests cancellation (delivered as Cancelled at its suspension point, or
  // before its first step). False when it had already finished.
  bool cancel();
  // `callback(task)` is scheduled with call_soon once the task finishes (at
  // once if it already has), like asyncio's add_done_callback.
  void add_done_callback(std::function<void(const TaskRef &)> callback);

  struct Awaiter : detail::DoneAwaiter {
    using DoneAwaiter::DoneAwaiter;
    void await_resume() {
      DoneAwaiter::await_resume();
      detail::check_result(target);
    }
  };
  // Waits until the task finishes; rethrows its failure. Awaiting the same
  // task from several places is fine.
  Awaiter operator co_await() const { return Awaiter{checked()}; }

  [[nodiscard]] detail::TaskRecord *record() const noexcept { return rec_; }
  friend bool operator==(const TaskRef &a, const TaskRef &b) noexcept { return a.rec_ == b.rec_; }

protected:
  detail::TaskRecord *checked() const; // throws std::logic_error on an empty handle
  detail::TaskRecord *rec_ = nullptr;
};

template <class T>
class TaskHandle : public TaskRef {
public:
  TaskHandle() noexcept = default;
  explicit TaskHandle(detail::TaskRecord *record) noexcept : TaskRef(record) {}

  // The result of a task that finished; throws its failure (or Cancelled), or
  // std::logic_error when it has not finished yet.
  const T &result() const {
    detail::check_result(checked());
    return promise().value.value();
  }
  // Moves the result out (for move-only results); later calls see a moved-from T.
  T take_result() {
    detail::check_result(checked());
    return std::move(*promise().value);
  }

  struct Awaiter : detail::DoneAwaiter {
    using DoneAwaiter::DoneAwaiter;
    T await_resume() {
      DoneAwaiter::await_resume();
      detail::check_result(target);
      return coro::coroutine_handle<detail::Promise<T>>::from_address(target->root.address())
          .promise()
          .value.value();
    }
  };
  Awaiter operator co_await() const { return Awaiter{checked()}; }

private:
  detail::Promise<T> &promise() const {
    return coro::coroutine_handle<detail::Promise<T>>::from_address(rec_->root.address()).promise();
  }
};

template <>
class TaskHandle<void> : public TaskRef {
public:
  TaskHandle() noexcept = default;
  explicit TaskHandle(detail::TaskRecord *record) noexcept : TaskRef(record) {}
  void result() const { detail::check_result(checked()); }
};

} // namespace looplab
