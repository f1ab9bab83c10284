// Future<T>: a one-shot result that host code completes (the bindings use it
// for JS promises). Tasks co_await it; set_result / set_error wake them, from
// inside or outside the loop. Copies share one state.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "looplab/detail/wait_node.hpp"
#include "looplab/event_loop.hpp"

namespace looplab {

namespace detail {
struct FutureCore {
  std::exception_ptr error;
  bool done = false;
  std::uint32_t id = 0;
  WaiterList waiters;
  void complete(); // throws std::logic_error if already complete; wakes every waiter
};

// What Future<T> and Future<void> share when a task awaits them: only
// await_resume differs (whether there is a value to hand back).
template <class State>
struct FutureAwaiterBase : WaitNode {
  explicit FutureAwaiterBase(std::shared_ptr<State> s)
      : WaitNode(ScheduleReason::external), s(std::move(s)) {}
  [[nodiscard]] bool await_ready() const {
    if (s->done) {
      return true;
    }
    (void)running_task("co_await on a looplab::Future");
    return false;
  }
  void await_suspend(coro::coroutine_handle<> h) {
    join(s->waiters, h, WaitKind::external, id_for(s->id));
  }
  // Woken without a result means cancelled; a failed future rethrows its error.
  void rethrow_if_failed() const {
    if (!s->done) {
      check_cancel();
    }
    if (s->error) {
      std::rethrow_exception(s->error);
    }
  }
  std::shared_ptr<State> s;
};
} // namespace detail

template <class T = void>
class Future {
  struct State : detail::FutureCore {
    std::optional<T> value;
  };

public:
  Future() : s_(std::make_shared<State>()) {}

  [[nodiscard]] bool done() const noexcept { return s_->done; }
  // 0 until a task first awaits it; then an id from that task's loop.
  [[nodiscard]] std::uint32_t id() const noexcept { return s_->id; }

  void set_result(T value) {
    check_pending();
    s_->value.emplace(std::move(value));
    s_->complete();
  }
  void set_exception(const std::exception_ptr &error) {
    check_pending();
    s_->error = error;
    s_->complete();
  }
  void set_error(const std::string &message) {
    set_exception(std::make_exception_ptr(std::runtime_error(message)));
  }

  struct Awaiter : detail::FutureAwaiterBase<State> {
    using detail::FutureAwaiterBase<State>::FutureAwaiterBase;
    T await_resume() {
      this->rethrow_if_failed();
      return *this->s->value;
    }
  };
  Awaiter operator co_await() const { return Awaiter{s_}; }

private:
  void check_pending() const {
    if (s_->done) {
      throw std::logic_error("looplab::Future: already completed (a Future completes once)");
    }
  }
  std::shared_ptr<State> s_;
};

template <>
class Future<void> {
public:
  Future() : s_(std::make_shared<detail::FutureCore>()) {}
  [[nodiscard]] bool done() const noexcept { return s_->done; }
  [[nodiscard]] std::uint32_t id() const noexcept { return s_->id; }
  void set_result() { s_->complete(); }
  void set_exception(const std::exception_ptr &error) {
    if (s_->done) {
      s_->complete(); // throws the "already completed" error
    }
    s_->error = error;
    s_->complete();
  }
  void set_error(const std::string &message) {
    set_exception(std::make_exception_ptr(std::runtime_error(message)));
  }

  struct Awaiter : detail::FutureAwaiterBase<detail::FutureCore> {
    using detail::FutureAwaiterBase<detail::FutureCore>::FutureAwaiterBase;
    void await_resume() const { rethrow_if_failed(); }
  };
  Awaiter operator co_await() const { return Awaiter{s_}; }

private:
  std::shared_ptr<detail::FutureCore> s_;
};

} // namespace looplab
