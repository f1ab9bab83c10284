// Queue<T>: a FIFO with back-pressure (asyncio.Queue). put() suspends while
// the queue is full, get() while it is empty. Items are handed straight to a
// waiting getter (and a waiting putter's item straight into the freed slot),
// so a woken task never finds its item taken by someone else, and a
// cancellation that arrives after the hand-off loses nothing: it is delivered
// at the task's next suspension point instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

#include "looplab/detail/wait_node.hpp"
#include "looplab/event_loop.hpp"

namespace looplab {

template <class T>
class Queue {
public:
  // capacity 0 means unbounded (asyncio's maxsize=0).
  explicit Queue(std::size_t capacity) : capacity_(capacity) {}
  Queue(const Queue &) = delete;
  Queue &operator=(const Queue &) = delete;
  Queue(Queue &&) = delete;
  Queue &operator=(Queue &&) = delete;
  ~Queue() = default;

  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
  [[nodiscard]] bool full() const noexcept { return capacity_ != 0 && items_.size() >= capacity_; }
  [[nodiscard]] std::uint32_t id() const noexcept { return id_; }

  // Without waiting: false (and the item is not taken) when full.
  bool try_put(T item) {
    if (full()) {
      return false;
    }
    deliver(std::move(item));
    return true;
  }
  // Without waiting: empty when there is no item.
  std::optional<T> try_get() {
    if (items_.empty()) {
      return std::nullopt;
    }
    return take_front();
  }

  struct PutAwaiter : detail::WaitNode {
    PutAwaiter(Queue &q, T item) : queue(&q), item(std::move(item)) {}
    [[nodiscard]] bool await_ready() {
      if (!queue->full()) {
        queue->deliver(std::move(item));
        delivered = true;
        return true;
      }
      (void)detail::running_task("Queue::put()");
      return false;
    }
    void await_suspend(coro::coroutine_handle<> h) {
      join(queue->putters_, h, WaitKind::queue_put, id_for(queue->id_));
    }
    void await_resume() const {
      if (!delivered) {
        detail::check_cancel();
      }
    }
    Queue *queue;
    T item;
    bool delivered = false;
  };

  struct GetAwaiter : detail::WaitNode {
    explicit GetAwaiter(Queue &q) noexcept : queue(&q) {}
    [[nodiscard]] bool await_ready() {
      if (!queue->items_.empty()) {
        slot.emplace(queue->take_front());
        return true;
      }
      (void)detail::running_task("Queue::get()");
      return false;
    }
    void await_suspend(coro::coroutine_handle<> h) {
      join(queue->getters_, h, WaitKind::queue_get, id_for(queue->id_));
    }
    T await_resume() {
      if (!slot) {
        detail::check_cancel();
      }
      return std::move(*slot);
    }
    Queue *queue;
    std::optional<T> slot;
  };

  // co_await q.put(item): waits while the queue is full.
  [[nodiscard]] PutAwaiter put(T item) { return PutAwaiter{*this, std::move(item)}; }
  // co_await q.get(): waits while the queue is empty.
  [[nodiscard]] GetAwaiter get() noexcept { return GetAwaiter{*this}; }

private:
  template <class A>
  static A &awaiter(detail::Waiter *w) {
    return static_cast<A &>(static_cast<detail::WaitNode &>(*w));
  }
  void deliver(T item) {
    if (!getters_.empty()) { // the queue is empty: hand over directly
      awaiter<GetAwaiter>(getters_.front()).slot.emplace(std::move(item));
      getters_.wake_one();
    } else {
      items_.push_back(std::move(item));
    }
  }
  T take_front() {
    T item = std::move(items_.front());
    items_.pop_front();
    if (!putters_.empty()) { // a slot is free: the first waiting putter's item fills it
      auto &p = awaiter<PutAwaiter>(putters_.front());
      items_.push_back(std::move(p.item));
      p.delivered = true;
      putters_.wake_one();
    }
    return item;
  }

  std::size_t capacity_;
  std::deque<T> items_;
  std::uint32_t id_ = 0;
  detail::WaiterList getters_;
  detail::WaiterList putters_;
};

} // namespace looplab
