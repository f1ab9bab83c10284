// The loop's timer min-heap, ordered by (deadline, id). Ids grow with
// creation, so equal deadlines fire in the order they were set. Entries carry
// their keys (cache-friendly comparisons) and a pointer to the Timer, whose
// heap_pos the heap keeps current so any timer can be removed in O(log n).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "looplab/detail/runtime.hpp"

namespace looplab::detail {

class TimerHeap {
public:
  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  [[nodiscard]] double top_deadline() const noexcept { return heap_.front().deadline; }
  [[nodiscard]] Timer *top() const noexcept { return heap_.front().timer; }

  void push(Timer &t) {
    heap_.push_back(Entry{t.deadline, t.id, &t});
    sift_up(heap_.size() - 1);
  }
  void remove(Timer &t) noexcept {
    const std::size_t i = t.heap_pos;
    t.heap_pos = npos;
    const std::size_t last = heap_.size() - 1;
    if (i != last) {
      heap_[i] = heap_[last];
      heap_[i].timer->heap_pos = static_cast<std::uint32_t>(i);
      heap_.pop_back();
      if (i > 0 && less(heap_[i], heap_[(i - 1) / 2])) {
        sift_up(i);
      } else {
        sift_down(i);
      }
    } else {
      heap_.pop_back();
    }
  }
  Timer *pop() noexcept {
    Timer *t = heap_.front().timer;
    remove(*t);
    return t;
  }
  // Timer ids in firing order.
  [[nodiscard]] std::vector<std::uint32_t> ids_in_order() const {
    std::vector<Entry> sorted = heap_;
    std::sort(sorted.begin(), sorted.end(), less);
    std::vector<std::uint32_t> ids;
    ids.reserve(sorted.size());
    for (const Entry &e : sorted) {
      ids.push_back(e.id);
    }
    return ids;
  }
  // Disarms every timer without firing it.
  void clear() noexcept {
    for (Entry &e : heap_) {
      e.timer->heap_pos = npos;
    }
    heap_.clear();
  }

private:
  struct Entry {
    double deadline;
    std::uint32_t id;
    Timer *timer;
  };
  static bool less(const Entry &a, const Entry &b) noexcept {
    return a.deadline < b.deadline || (a.deadline == b.deadline && a.id < b.id);
  }
  void place(std::size_t i, const Entry &e) noexcept {
    heap_[i] = e;
    e.timer->heap_pos = static_cast<std::uint32_t>(i);
  }
  void sift_up(std::size_t i) noexcept {
    const Entry e = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!less(e, heap_[parent])) {
        break;
      }
      place(i, heap_[parent]);
      i = parent;
    }
    place(i, e);
  }
  void sift_down(std::size_t i) noexcept {
    const Entry e = heap_[i];
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && less(heap_[child + 1], heap_[child])) {
        ++child;
      }
      if (!less(heap_[child], e)) {
        break;
      }
      place(i, heap_[child]);
      i = child;
    }
    place(i, e);
  }

  std::vector<Entry> heap_;
};

} // namespace looplab::detail
