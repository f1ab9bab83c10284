#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "looplab/looplab.hpp"

using looplab::EventLoop;
using looplab::Task;
using looplab::TaskState;
using looplab::VirtualClock;

namespace {

Task<int> after(double seconds, int value, std::vector<int> *finished = nullptr) {
  co_await looplab::sleep(seconds);
  if (finished != nullptr) {
    finished->push_back(value);
  }
  co_return value;
}

Task<int> fails_after(double seconds) {
  co_await looplab::sleep(seconds);
  throw std::runtime_error("child failed");
}

} // namespace

TEST_CASE("gather returns results in argument order, not finishing order") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<int> finished;
  auto [a, b, c] = loop.run_until_complete(looplab::gather(
      after(0.3, 1, &finished), after(0.1, 2, &finished), after(0.2, 3, &finished)));
  CHECK(std::tie(a, b, c) == std::make_tuple(1, 2, 3));
  CHECK(finished == std::vector<int>{2, 3, 1});
  CHECK(clock.now() == Approx(0.3));
}

TEST_CASE("gather over a vector runs the tasks concurrently") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<Task<int>> tasks;
  for (int i = 0; i < 5; ++i) {
    tasks.push_back(after(1.0, i));
  }
  CHECK(loop.run_until_complete(looplab::gather(std::move(tasks))) ==
        std::vector<int>{0, 1, 2, 3, 4});
  CHECK(clock.now() == 1.0); // all at once, not one after the other
}

TEST_CASE("gather fails at once with the first failure and leaves the other children running") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<int> finished;
  auto waiter = [](std::vector<int> *finished) -> Task<double> {
    try {
      (void)co_await looplab::gather(after(2.0, 1, finished), fails_after(0.5));
    } catch (const std::runtime_error &) {
      co_return looplab::EventLoop::running_loop("test").time();
    }
    co_return -1;
  };
  CHECK(loop.run_until_complete(waiter(&finished)) == 0.5); // did not wait for the slow child
  CHECK(finished.empty());
  loop.run_until_idle();
  CHECK(finished == std::vector<int>{1}); // not cancelled: it finished later
}

TEST_CASE("cancelling the task awaiting a gather cancels every unfinished child") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<int> finished;
  auto waiter = [](std::vector<int> *finished) -> Task<void> {
    (void)co_await looplab::gather(after(1.0, 1, finished), after(2.0, 2, finished));
  };
  auto h = loop.spawn(waiter(&finished));
  loop.run_once(); // starts the gather, which spawns the children
  loop.run_once(); // the children start sleeping
  CHECK(loop.pending_task_count() == 3);
  h.cancel();
  loop.run_until_idle();
  CHECK(h.state() == TaskState::cancelled);
  CHECK(finished.empty());
  CHECK(loop.pending_task_count() == 0);
}

TEST_CASE("gather over spawned handles waits for all of them") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<looplab::TaskHandle<int>> handles{loop.spawn(after(0.2, 7)),
                                                loop.spawn(after(0.1, 8))};
  CHECK(loop.run_until_complete(looplab::gather(handles)) == std::vector<int>{7, 8});
  std::vector<looplab::TaskRef> refs(handles.begin(), handles.end());
  loop.run_until_complete(looplab::gather(refs)); // type-erased: waits, no results
}

TEST_CASE("gather of void tasks yields placeholders") {
  VirtualClock clock;
  EventLoop loop(clock);
  auto nothing = []() -> Task<void> { co_await looplab::sleep(0.1); };
  auto [x, y] = loop.run_until_complete(looplab::gather(nothing(), nothing()));
  CHECK(x == std::monostate{});
  CHECK(y == std::monostate{});
}
