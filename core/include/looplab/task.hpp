// Task<T>: a lazy, move-only coroutine that produces a T (or throws).
//
// A Task does nothing until it is awaited by another task or spawned on an
// EventLoop. Awaiting runs the child inline and, if it finishes without
// suspending, continues the parent at once (a bool-returning await_suspend:
// no trip through the ready queue, and no stack growth, because the child has
// returned before the parent goes on). A child that does suspend is resumed
// later from the loop's ready queue; when it finishes, the loop resumes its
// parent in the same turn (a trampoline in the loop, not a nested resume()).
// Symmetric transfer is deliberately not used: see TOOLCHAIN.md (wasm32).
#pragma once

#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "looplab/coro.hpp"
#include "looplab/detail/runtime.hpp"

namespace looplab {

template <class T = void>
class Task;

namespace detail {

// Where a finished coroutine goes next. Inline: its awaiter (still on the
// stack) sees done() and continues the parent. Awaited after suspending: the
// loop resumes the parent next (hop). Root of a spawned task: the loop sees
// root.done() and finishes the task.
inline void on_final_suspend(PromiseBase &p) noexcept {
  if (p.running_inline || !p.continuation) {
    return;
  }
  TaskRecord *t = current_task;
  if (t == nullptr) {
    std::terminate(); // a Task can only be resumed by an EventLoop
  }
  t->resume_at = p.continuation;
  t->hop = true;
}

struct FinalAwaiter {
  [[nodiscard]] bool await_ready() const noexcept { return false; }
  template <class P>
  void await_suspend(coro::coroutine_handle<P> h) noexcept {
    on_final_suspend(h.promise());
  }
  void await_resume() const noexcept {}
};

// Runs `child` inline on behalf of `parent`. Returns true when the child
// suspended (so the parent must suspend too). Defined out of line, in a .cpp:
// an inlined awaiter ending in resume() is what wasm32 cannot compile.
bool start_inline(coro::coroutine_handle<> child, PromiseBase &promise,
                  coro::coroutine_handle<> parent) noexcept;

// Throws std::logic_error for awaiting an empty or already-awaited Task.
void check_awaitable(bool valid, const PromiseBase *promise);

template <class T>
struct Promise : PromiseBase {
  std::optional<T> value;

  Task<T> get_return_object() noexcept;
  coro::suspend_always initial_suspend() noexcept { return {}; }
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { exception = std::current_exception(); }
  template <class U = T>
  requires std::is_convertible_v<U &&, T>
  void return_value(U &&v) noexcept(std::is_nothrow_constructible_v<T, U &&>) {
    value.emplace(std::forward<U>(v));
  }
  T take() {
    if (exception) {
      std::rethrow_exception(exception);
    }
    return std::move(*value);
  }
};

template <>
struct Promise<void> : PromiseBase {
  Task<void> get_return_object() noexcept;
  coro::suspend_always initial_suspend() noexcept { return {}; }
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { exception = std::current_exception(); }
  void return_void() noexcept {}
  void take() const {
    if (exception) {
      std::rethrow_exception(exception);
    }
  }
};

} // namespace detail

template <class T>
class [[nodiscard]] Task {
public:
  using promise_type = detail::Promise<T>;
  using handle_type = coro::coroutine_handle<promise_type>;
  using value_type = T;

  Task() noexcept = default;
  explicit Task(handle_type h) noexcept : h_(h) {}
  Task(Task &&other) noexcept : h_(std::exchange(other.h_, {})) {}
  Task &operator=(Task &&other) noexcept {
    if (this != &other) {
      reset();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  Task(const Task &) = delete;
  Task &operator=(const Task &) = delete;
  // Destroying a task frees its frame, whether it never started, is suspended
  // (its awaiters unhook themselves from timers and waiter lists) or finished.
  ~Task() { reset(); }

  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(h_); }
  [[nodiscard]] bool done() const noexcept { return h_ && h_.done(); }
  [[nodiscard]] handle_type release() noexcept { return std::exchange(h_, {}); }

  struct Awaiter {
    handle_type child;
    [[nodiscard]] bool await_ready() const {
      detail::check_awaitable(static_cast<bool>(child), child ? &child.promise() : nullptr);
      child.promise().awaited = true;
      return false;
    }
    bool await_suspend(coro::coroutine_handle<> parent) noexcept {
      return detail::start_inline(child, child.promise(), parent);
    }
    T await_resume() { return child.promise().take(); }
  };
  Awaiter operator co_await() const &noexcept { return Awaiter{h_}; }
  Awaiter operator co_await() const &&noexcept { return Awaiter{h_}; }

private:
  void reset() noexcept {
    if (h_) {
      h_.destroy();
      h_ = {};
    }
  }
  handle_type h_;
};

namespace detail {
template <class T>
Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>{coro::coroutine_handle<Promise<T>>::from_promise(*this)};
}
inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>{coro::coroutine_handle<Promise<void>>::from_promise(*this)};
}
} // namespace detail

} // namespace looplab
