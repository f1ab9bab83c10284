// gather(...): run several tasks concurrently and collect their results in
// argument order, the way asyncio.gather does (return_exceptions=False):
//  - each Task argument is spawned as a child task of the caller's loop;
//  - the results come back in argument order, whatever order they finish in
//    (void results as std::monostate);
//  - the first child to fail (in time) fails the gather at once with its
//    exception; the other children are NOT cancelled and keep running;
//  - a child that is cancelled counts as failing with Cancelled;
//  - cancelling the task that awaits the gather cancels every unfinished child.
#pragma once

#include <cstddef>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "looplab/event_loop.hpp"
#include "looplab/task.hpp"
#include "looplab/task_handle.hpp"

namespace looplab {

template <class T>
using gather_value_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

namespace detail {

// Waits until every child has finished, or one has failed.
struct GatherAwaiter : Wait {
  explicit GatherAwaiter(std::vector<TaskRef> children);
  GatherAwaiter(const GatherAwaiter &) = delete;
  GatherAwaiter &operator=(const GatherAwaiter &) = delete;
  GatherAwaiter(GatherAwaiter &&) = delete;
  GatherAwaiter &operator=(GatherAwaiter &&) = delete;
  ~GatherAwaiter();

  bool await_ready();
  void await_suspend(coro::coroutine_handle<> h);
  void await_resume(); // rethrows the first failure

  void unlink_all() noexcept;

  std::vector<TaskRef> children;
  std::unique_ptr<Waiter[]> nodes;
  std::size_t remaining = 0;
  std::ptrdiff_t first_failure = -1;
  TaskRecord *task = nullptr;
};

template <class T>
gather_value_t<T> take_value(TaskHandle<T> &h) {
  if constexpr (std::is_void_v<T>) {
    h.result();
    return {};
  } else {
    return h.take_result();
  }
}

template <class T>
gather_value_t<T> copy_value(const TaskHandle<T> &h) {
  if constexpr (std::is_void_v<T>) {
    h.result();
    return {};
  } else {
    return h.result();
  }
}

} // namespace detail

// Waits for every task (already spawned) to finish; rethrows the first failure.
Task<void> gather(std::vector<TaskRef> tasks);

template <class... T>
Task<std::tuple<gather_value_t<T>...>> gather(Task<T>... tasks) {
  EventLoop &loop = EventLoop::running_loop("looplab::gather");
  std::tuple<TaskHandle<T>...> handles{loop.spawn(std::move(tasks))...};
  co_await detail::GatherAwaiter{
      std::apply([](auto &...h) { return std::vector<TaskRef>{h...}; }, handles)};
  co_return std::apply(
      [](auto &...h) { return std::tuple<gather_value_t<T>...>{detail::take_value(h)...}; },
      handles);
}

template <class T>
Task<std::vector<gather_value_t<T>>> gather(std::vector<Task<T>> tasks) {
  EventLoop &loop = EventLoop::running_loop("looplab::gather");
  std::vector<TaskHandle<T>> handles;
  handles.reserve(tasks.size());
  for (auto &t : tasks) {
    handles.push_back(loop.spawn(std::move(t)));
  }
  co_await detail::GatherAwaiter{std::vector<TaskRef>(handles.begin(), handles.end())};
  std::vector<gather_value_t<T>> results;
  results.reserve(handles.size());
  for (auto &h : handles) {
    results.push_back(detail::take_value(h));
  }
  co_return results;
}

// Over tasks spawned already (the results are copied: others may hold them too).
template <class T>
Task<std::vector<gather_value_t<T>>> gather(std::vector<TaskHandle<T>> handles) {
  co_await detail::GatherAwaiter{std::vector<TaskRef>(handles.begin(), handles.end())};
  std::vector<gather_value_t<T>> results;
  results.reserve(handles.size());
  for (const auto &h : handles) {
    results.push_back(detail::copy_value(h));
  }
  co_return results;
}

} // namespace looplab
