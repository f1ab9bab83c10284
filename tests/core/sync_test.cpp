// Event, Queue and Future: the ways tasks wait for each other and for host code.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "looplab/looplab.hpp"

using looplab::EventLoop;
using looplab::Task;
using looplab::TaskState;
using looplab::VirtualClock;

TEST_CASE("setting an Event wakes every task waiting on it") {
  VirtualClock clock;
  EventLoop loop(clock);
  looplab::Event ready;
  std::vector<std::string> log;
  auto waiter = [](looplab::Event *e, std::vector<std::string> *log,
                   std::string name) -> Task<void> {
    co_await e->wait();
    log->push_back(name);
  };
  loop.spawn(waiter(&ready, &log, "a"));
  loop.spawn(waiter(&ready, &log, "b"));
  loop.run_once();
  CHECK(log.empty());
  loop.call_later(1.0, [&] { ready.set(); });
  loop.run_until_idle();
  CHECK(log == std::vector<std::string>{"a", "b"});
  CHECK(ready.is_set());
  loop.spawn(waiter(&ready, &log, "c")); // already set: no wait
  loop.run_until_idle();
  CHECK(log.back() == "c");
}

TEST_CASE("a full Queue makes the producer wait until the consumer takes an item") {
  VirtualClock clock;
  EventLoop loop(clock);
  looplab::Queue<int> q(2);
  std::vector<std::string> log;
  auto producer = [](looplab::Queue<int> *q, std::vector<std::string> *log) -> Task<void> {
    for (int i = 0; i < 4; ++i) {
      co_await q->put(i);
      log->push_back("put " + std::to_string(i));
    }
  };
  auto consumer = [](looplab::Queue<int> *q, std::vector<std::string> *log) -> Task<void> {
    co_await looplab::sleep(1.0);
    for (int i = 0; i < 4; ++i) {
      const int item = co_await q->get();
      log->push_back("got " + std::to_string(item));
    }
  };
  auto p = loop.spawn(producer(&q, &log));
  loop.spawn(consumer(&q, &log));
  loop.run_once();
  CHECK(log == std::vector<std::string>{"put 0", "put 1"});
  CHECK(q.full());
  CHECK(p.state() == TaskState::waiting); // back-pressure
  loop.run_until_idle();
  CHECK(log.size() == 8);
  CHECK(log[2] == "got 0");
  CHECK(log.back() == "got 3");
  CHECK(q.empty());
}

TEST_CASE("a task waiting on an empty Queue gets the next item put") {
  VirtualClock clock;
  EventLoop loop(clock);
  looplab::Queue<std::string> q(0);
  auto consumer = [](looplab::Queue<std::string> *q) -> Task<std::string> {
    co_return co_await q->get();
  };
  auto h = loop.spawn(consumer(&q));
  loop.run_once();
  CHECK(h.state() == TaskState::waiting);
  CHECK(q.try_put("hi"));
  loop.run_until_idle();
  CHECK(h.result() == "hi");
  CHECK_FALSE(q.try_get().has_value());
}

TEST_CASE("a Future failed by host code raises in the awaiting task") {
  VirtualClock clock;
  EventLoop loop(clock);
  looplab::Future<void> f;
  auto waits = [](looplab::Future<void> f) -> Task<void> { co_await f; };
  auto h = loop.spawn(waits(f));
  loop.run_once();
  f.set_error("promise rejected");
  loop.run_until_idle();
  CHECK(h.state() == TaskState::failed);
  CHECK(h.error_message() == "promise rejected");
}

TEST_CASE("a task waiting on a Future nobody completes is reported, not hung") {
  VirtualClock clock;
  EventLoop loop(clock);
  looplab::Future<int> never;
  auto waits = [](looplab::Future<int> f) -> Task<int> { co_return co_await f; };
  CHECK_THROWS_WITH(loop.run_until_complete(waits(never)), Catch::Contains("can never finish"));
}
