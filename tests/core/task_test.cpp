#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>

#include "looplab/looplab.hpp"

using looplab::EventLoop;
using looplab::Task;
using looplab::VirtualClock;

namespace {

Task<int> forty_two() { co_return 42; }

Task<int> add_one(int x) { co_return x + 1; }

Task<int> sum_of_children() {
  const int a = co_await forty_two();
  const int b = co_await add_one(a);
  co_return a + b;
}

Task<void> throws_logic_error() {
  throw std::logic_error("boom");
  co_return;
}

Task<std::string> catches_child_error() {
  try {
    co_await throws_logic_error();
  } catch (const std::logic_error &e) {
    co_return std::string("caught: ") + e.what();
  }
  co_return "not caught";
}

Task<int> synchronous_child(int i) { co_return i; }

// The chain: a million awaits of children that finish without suspending.
Task<long long> million_synchronous_awaits() {
  long long total = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    total += co_await synchronous_child(i & 1);
  }
  co_return total;
}

struct Flag {
  bool *destroyed;
  ~Flag() { *destroyed = true; }
};

Task<void> holds_flag(bool *destroyed) {
  const Flag flag{destroyed};
  co_await looplab::sleep(10);
}

} // namespace

TEST_CASE("a task does nothing until it is awaited or spawned") {
  bool ran = false;
  auto body = [](bool *ran) -> Task<void> {
    *ran = true;
    co_return;
  };
  { const Task<void> t = body(&ran); }
  CHECK_FALSE(ran);
}

TEST_CASE("awaiting child tasks gives their results in order") {
  VirtualClock clock;
  EventLoop loop(clock);
  CHECK(loop.run_until_complete(sum_of_children()) == 42 + 43);
}

TEST_CASE("an exception thrown in a child reaches the awaiting parent") {
  VirtualClock clock;
  EventLoop loop(clock);
  CHECK(loop.run_until_complete(catches_child_error()) == "caught: boom");
}

TEST_CASE("a chain of a million synchronous awaits does not grow the stack") {
  VirtualClock clock;
  EventLoop loop(clock);
  CHECK(loop.run_until_complete(million_synchronous_awaits()) == 500'000);
}

TEST_CASE("destroying a task that never started frees its frame") {
  bool destroyed = false;
  { const Task<void> t = holds_flag(&destroyed); }
  // The flag is a local of the body, which never ran: nothing to destroy.
  CHECK_FALSE(destroyed);
}

TEST_CASE("destroying a suspended task frees its frame and disarms its timer") {
  bool destroyed = false;
  VirtualClock clock;
  EventLoop loop(clock);
  {
    auto handle = loop.spawn(holds_flag(&destroyed));
    loop.run_once();
    CHECK(handle.state() == looplab::TaskState::waiting);
    CHECK(loop.timer_count() == 1);
  }
  CHECK_FALSE(destroyed); // the loop still runs it
}

TEST_CASE("awaiting the same task object twice is a clear error") {
  VirtualClock clock;
  EventLoop loop(clock);
  auto twice = []() -> Task<int> {
    Task<int> child = forty_two();
    (void)co_await child;
    co_return co_await child;
  };
  CHECK_THROWS_WITH(loop.run_until_complete(twice()), Catch::Contains("already awaited"));
}

TEST_CASE("awaiting an empty task is a clear error") {
  VirtualClock clock;
  EventLoop loop(clock);
  auto empty = []() -> Task<int> {
    const Task<int> none;
    co_return co_await none;
  };
  CHECK_THROWS_WITH(loop.run_until_complete(empty()), Catch::Contains("empty Task"));
}
