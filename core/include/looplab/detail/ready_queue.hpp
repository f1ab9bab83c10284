// The loop's FIFO ready queue: a growable ring buffer of pointers. Push and
// pop are a few instructions and allocate only when the queue outgrows its
// largest size so far.
#pragma once

#include <cstddef>
#include <memory>

#include "looplab/detail/runtime.hpp"

namespace looplab::detail {

class ReadyQueue {
public:
  [[nodiscard]] bool empty() const noexcept { return head_ == tail_; }
  [[nodiscard]] std::size_t size() const noexcept { return tail_ - head_; }
  void push(Runnable *item) {
    if (size() == capacity_) [[unlikely]] {
      grow();
    }
    slots_[tail_++ & (capacity_ - 1)] = item;
  }
  Runnable *pop() noexcept { return slots_[head_++ & (capacity_ - 1)]; }
  [[nodiscard]] Runnable *at(std::size_t i) const noexcept {
    return slots_[(head_ + i) & (capacity_ - 1)];
  }
  void clear() noexcept { head_ = tail_ = 0; }

private:
  [[gnu::noinline]] void grow() {
    const std::size_t bigger = capacity_ == 0 ? 64 : capacity_ * 2;
    auto fresh = std::make_unique<Runnable *[]>(bigger);
    for (std::size_t i = 0; i < size(); ++i) {
      fresh[i] = at(i);
    }
    tail_ = size();
    head_ = 0;
    slots_ = std::move(fresh);
    capacity_ = bigger;
  }

  std::unique_ptr<Runnable *[]> slots_;
  std::size_t capacity_ = 0; // a power of two
  std::size_t head_ = 0;     // both only grow; masked on access
  std::size_t tail_ = 0;
};

} // namespace looplab::detail
