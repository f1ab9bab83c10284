#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "looplab/looplab.hpp"

using looplab::EventLoop;
using looplab::Task;
using looplab::TaskState;
using looplab::VirtualClock;

namespace {

struct Log {
  std::vector<std::string> lines;
  void operator()(const std::string &s) { lines.push_back(s); }
};

Task<void> yields_n_times(Log *log, std::string name, int n) {
  for (int i = 0; i < n; ++i) {
    log->lines.push_back(name + std::to_string(i));
    co_await looplab::yield_now();
  }
}

Task<double> sleeps_then_reports_time(double seconds) {
  co_await looplab::sleep(seconds);
  co_return looplab::EventLoop::running_loop("test").time();
}

} // namespace

TEST_CASE("ready tasks take turns in FIFO order, one step each per iteration") {
  VirtualClock clock;
  EventLoop loop(clock);
  Log log;
  loop.spawn(yields_n_times(&log, "a", 2));
  loop.spawn(yields_n_times(&log, "b", 2));
  loop.run_until_idle();
  CHECK(log.lines == std::vector<std::string>{"a0", "b0", "a1", "b1"});
}

TEST_CASE("sleep resumes the task at its deadline on the virtual clock") {
  VirtualClock clock;
  EventLoop loop(clock);
  CHECK(loop.run_until_complete(sleeps_then_reports_time(0.5)) == 0.5);
  CHECK(clock.now() == 0.5);
}

TEST_CASE("timers with equal deadlines fire in the order they were set") {
  VirtualClock clock;
  EventLoop loop(clock);
  Log log;
  for (const char *name : {"first", "second", "third"}) {
    loop.call_later(1.0, [&log, name] { log(name); });
  }
  loop.call_later(0.5, [&log] { log("earlier"); });
  loop.run_until_idle();
  CHECK(log.lines == std::vector<std::string>{"earlier", "first", "second", "third"});
}

TEST_CASE("run_once runs only the work that was ready when it began") {
  VirtualClock clock;
  EventLoop loop(clock);
  Log log;
  loop.call_soon([&] {
    log("outer");
    loop.call_soon([&] { log("inner"); });
  });
  const auto first = loop.run_once();
  CHECK(first.resumes == 1);
  CHECK(log.lines == std::vector<std::string>{"outer"});
  CHECK(loop.ready_count() == 1);
  loop.run_once();
  CHECK(log.lines == std::vector<std::string>{"outer", "inner"});
}

TEST_CASE("step resumes exactly one ready item") {
  VirtualClock clock;
  EventLoop loop(clock);
  Log log;
  loop.spawn(yields_n_times(&log, "a", 3));
  CHECK(loop.step());
  CHECK(log.lines == std::vector<std::string>{"a0"});
  CHECK(loop.step());
  CHECK(log.lines == std::vector<std::string>{"a0", "a1"});
  CHECK(loop.step());
  CHECK(loop.step()); // the last resume finishes the task
  CHECK_FALSE(loop.step());
}

TEST_CASE("a tick with a spent budget leaves the remaining work queued") {
  VirtualClock clock;
  EventLoop loop(clock);
  Log log;
  auto forever = [](int *count) -> Task<void> {
    for (;;) {
      ++*count;
      co_await looplab::yield_now();
    }
  };
  int count = 0;
  loop.spawn(forever(&count));
  loop.set_budget_check_interval(1);
  const auto r = loop.tick(0.0, 1e-9); // spent after the first resume
  CHECK(r.resumes == 1);
  CHECK(r.ready == 1);
  CHECK(loop.ready_count() == 1);
  CHECK(count == 1);
}

TEST_CASE("a tick stops at the resume cap and the rest runs next tick, in order") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<int> order;
  auto yields_twice = [](std::vector<int> *out, int id) -> Task<void> {
    out->push_back(id);
    co_await looplab::yield_now();
    out->push_back(id);
  };
  for (int id = 1; id <= 3; ++id) {
    loop.spawn(yields_twice(&order, id));
  }
  loop.set_max_resumes_per_tick(4);
  auto r = loop.tick(0.0, 1.0); // a budget that is nowhere near spent
  CHECK(r.resumes == 4);
  CHECK(r.ready == 2);
  CHECK(order == std::vector<int>{1, 2, 3, 1});
  r = loop.tick(0.0, 1.0);
  CHECK(r.resumes == 2);
  CHECK(order == std::vector<int>{1, 2, 3, 1, 2, 3});
  CHECK(loop.idle());
}

TEST_CASE("a tick without a resume cap runs until nothing is ready") {
  VirtualClock clock;
  EventLoop loop(clock);
  int count = 0;
  auto yields_ten_times = [](int *c) -> Task<void> {
    for (int i = 0; i < 10; ++i) {
      ++*c;
      co_await looplab::yield_now();
    }
  };
  loop.spawn(yields_ten_times(&count));
  CHECK(loop.max_resumes_per_tick() == 0);
  const auto r = loop.tick(0.0, 1.0);
  CHECK(count == 10);
  CHECK(r.resumes == 11);
}

TEST_CASE("a tick moves the virtual clock to the frame's time and fires what is due") {
  VirtualClock clock;
  EventLoop loop(clock);
  auto handle = loop.spawn(sleeps_then_reports_time(0.25));
  auto r = loop.tick(0.0, 0.004);
  CHECK(handle.state() == TaskState::waiting);
  CHECK(r.next_deadline == 0.25);
  r = loop.tick(0.3, 0.004);
  CHECK(r.timers_fired == 1);
  CHECK(handle.state() == TaskState::done);
  CHECK(handle.result() == 0.3);
}

TEST_CASE("an exception escaping a spawned task fails only that task") {
  VirtualClock clock;
  EventLoop loop(clock);
  auto bad = []() -> Task<int> {
    co_await looplab::sleep(0.1);
    throw std::runtime_error("bad input");
  };
  auto good = []() -> Task<int> {
    co_await looplab::sleep(0.2);
    co_return 7;
  };
  auto b = loop.spawn(bad(), "bad");
  auto g = loop.spawn(good(), "good");
  loop.run_until_idle();
  CHECK(b.state() == TaskState::failed);
  CHECK(b.error_message() == "bad input");
  CHECK_THROWS_WITH(b.result(), "bad input");
  CHECK(g.state() == TaskState::done);
  CHECK(g.result() == 7);
}

TEST_CASE("misuse of the loop gives clear errors") {
  VirtualClock clock;
  EventLoop loop(clock);
  CHECK_THROWS_WITH(loop.call_later(-1, [] {}), Catch::Contains("delay must be"));
  CHECK_THROWS_WITH(loop.cancel_callback(999), Catch::Contains("never issued"));
  CHECK_THROWS_WITH(looplab::sleep(-0.5), Catch::Contains("seconds must be"));
  auto reenter = [](EventLoop *l) -> Task<void> {
    l->run_until_idle();
    co_return;
  };
  auto h = loop.spawn(reenter(&loop));
  loop.run_until_idle();
  CHECK_THROWS_WITH(h.result(), Catch::Contains("re-entrant"));
}

TEST_CASE("a Future completed by host code wakes the task awaiting it") {
  VirtualClock clock;
  EventLoop loop(clock);
  looplab::Future<int> answer;
  auto waits = [](looplab::Future<int> f) -> Task<int> { co_return co_await f + 1; };
  auto h = loop.spawn(waits(answer));
  loop.run_once();
  CHECK(h.state() == TaskState::waiting);
  answer.set_result(41);
  loop.run_once();
  CHECK(h.result() == 42);
  CHECK_THROWS_WITH(answer.set_result(1), Catch::Contains("already completed"));
}
