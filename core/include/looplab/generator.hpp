// Generator<T, In>: a Python-style generator. `co_yield v` hands v out and
// pauses; the generator resumes on the next send() or iteration step.
//
//   Python                        C++
//   it = f()                      auto it = f();          (nothing runs yet)
//   it.send(None)                 it.send()               -> std::optional<T>
//   it.send(x)                    it.send(x)              (In = the type of x)
//   StopIteration                 an empty optional, and it.done()
//   for item in it: ...           for (auto &item : it) { ... }
//
// With In = void, `co_yield v` is a statement; otherwise it is an expression
// whose value is what the next send(x) passed in (a default In for send()).
// Exceptions thrown in the body come out of send() / the iterator step.
#pragma once

#include <cstddef>
#include <exception>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "looplab/coro.hpp"

namespace looplab {

template <class T, class In = void>
class [[nodiscard]] Generator {
  struct Received {
    std::optional<In> value;
  };
  struct Nothing {};
  using Inbox = std::conditional_t<std::is_void_v<In>, Nothing, Received>;

public:
  struct promise_type {
    std::optional<T> current;
    std::exception_ptr exception;
    [[no_unique_address]] Inbox inbox;

    Generator get_return_object() noexcept {
      return Generator{coro::coroutine_handle<promise_type>::from_promise(*this)};
    }
    coro::suspend_always initial_suspend() noexcept {
      return {};
    } // like Python: runs on first send
    coro::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { exception = std::current_exception(); }
    void return_void() noexcept {}

    struct YieldAwaiter {
      promise_type *p;
      [[nodiscard]] bool await_ready() const noexcept { return false; }
      void await_suspend(coro::coroutine_handle<>) const noexcept {}
      auto await_resume() const {
        if constexpr (!std::is_void_v<In>) {
          In v = p->inbox.value ? std::move(*p->inbox.value) : In{};
          p->inbox.value.reset();
          return v;
        }
      }
    };
    template <class U = T>
    requires std::is_constructible_v<T, U &&> YieldAwaiter yield_value(U &&value)
    noexcept(std::is_nothrow_constructible_v<T, U &&>) {
      current.emplace(std::forward<U>(value));
      return YieldAwaiter{this};
    }
  };

  Generator() noexcept = default;
  explicit Generator(coro::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  Generator(Generator &&other) noexcept : h_(std::exchange(other.h_, {})) {}
  Generator &operator=(Generator &&other) noexcept {
    if (this != &other) {
      reset();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  Generator(const Generator &) = delete;
  Generator &operator=(const Generator &) = delete;
  ~Generator() { reset(); }

  // True once the body has returned (Python: the next send raises StopIteration).
  [[nodiscard]] bool done() const noexcept { return !h_ || h_.done(); }
  [[nodiscard]] bool started() const noexcept { return started_; }

  // Runs the body to its next co_yield; returns the yielded value, or an empty
  // optional once the body has returned.
  std::optional<T> send() {
    if (!advance()) {
      return std::nullopt;
    }
    return std::move(h_.promise().current);
  }
  // Python's gen.send(x): x becomes the value of the paused co_yield.
  template <class U = In>
  requires(!std::is_void_v<U>) std::optional<T> send(U value) {
    if (!started_) {
      throw std::logic_error("Generator::send(value): cannot send a value to a just-started "
                             "generator; call send() first (Python raises TypeError here too)");
    }
    if (!done()) {
      h_.promise().inbox.value.emplace(std::move(value));
    }
    return send();
  }

  class iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = T *;
    using reference = T &;

    iterator() noexcept = default;
    explicit iterator(Generator *g) noexcept : g_(g) {}
    reference operator*() const { return *g_->h_.promise().current; }
    pointer operator->() const { return &*g_->h_.promise().current; }
    iterator &operator++() {
      if (!g_->advance()) {
        g_ = nullptr;
      }
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator &a, const iterator &b) noexcept { return a.g_ == b.g_; }

  private:
    Generator *g_ = nullptr;
  };

  // `for (auto &item : gen)`: runs the generator to its end.
  iterator begin() {
    if (!advance()) {
      return end();
    }
    return iterator{this};
  }
  iterator end() noexcept { return iterator{}; }

private:
  // Resumes to the next co_yield. False when the body has returned.
  bool advance() {
    if (done()) {
      return false;
    }
    started_ = true;
    h_.promise().current.reset();
    h_.resume();
    if (h_.done()) {
      if (auto e = std::exchange(h_.promise().exception, nullptr)) {
        std::rethrow_exception(e);
      }
      return false;
    }
    return true;
  }
  void reset() noexcept {
    if (h_) {
      h_.destroy();
      h_ = {};
    }
  }

  coro::coroutine_handle<promise_type> h_;
  bool started_ = false;
};

} // namespace looplab
