#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "looplab/looplab.hpp"

using looplab::Cancelled;
using looplab::EventLoop;
using looplab::Task;
using looplab::TaskState;
using looplab::TraceKind;
using looplab::VirtualClock;

namespace {

Task<std::string> sleeps_and_cleans_up(std::vector<std::string> *log) {
  try {
    co_await looplab::sleep(10);
  } catch (const Cancelled &) {
    log->push_back("cleaned up");
    throw;
  }
  co_return "slept";
}

Task<int> slow_value(double seconds, int value) {
  co_await looplab::sleep(seconds);
  co_return value;
}

} // namespace

TEST_CASE("cancelling a sleeping task raises Cancelled at its sleep, which it can clean up after") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<std::string> log;
  auto h = loop.spawn(sleeps_and_cleans_up(&log));
  loop.run_once();
  CHECK(loop.timer_count() == 1);
  CHECK(h.cancel());
  CHECK(loop.timer_count() == 0); // its timer is disarmed at once
  loop.run_until_idle();
  CHECK(log == std::vector<std::string>{"cleaned up"});
  CHECK(h.state() == TaskState::cancelled);
  CHECK_THROWS_AS(h.result(), Cancelled);
  CHECK_FALSE(h.cancel()); // already finished
  CHECK(clock.now() == 0); // it never slept its 10 s
}

TEST_CASE("a task may catch Cancelled and carry on") {
  VirtualClock clock;
  EventLoop loop(clock);
  auto stubborn = []() -> Task<int> {
    try {
      co_await looplab::sleep(10);
    } catch (const Cancelled &) {
    }
    co_await looplab::sleep(1);
    co_return 3;
  };
  auto h = loop.spawn(stubborn());
  loop.run_once();
  h.cancel();
  loop.run_until_idle();
  CHECK(h.state() == TaskState::done);
  CHECK(h.result() == 3);
}

TEST_CASE("a task cancelled before its first step never runs") {
  VirtualClock clock;
  EventLoop loop(clock);
  bool ran = false;
  auto body = [](bool *ran) -> Task<void> {
    *ran = true;
    co_return;
  };
  auto h = loop.spawn(body(&ran));
  h.cancel();
  loop.run_until_idle();
  CHECK_FALSE(ran);
  CHECK(h.state() == TaskState::cancelled);
}

TEST_CASE("cancelling a task that awaits another task cancels that one too") {
  VirtualClock clock;
  EventLoop loop(clock);
  auto inner = loop.spawn(slow_value(5, 1));
  auto outer_body = [](looplab::TaskHandle<int> t) -> Task<int> { co_return co_await t; };
  auto outer = loop.spawn(outer_body(inner));
  loop.run_once();
  outer.cancel();
  loop.run_until_idle();
  CHECK(outer.state() == TaskState::cancelled);
  CHECK(inner.state() == TaskState::cancelled);
}

TEST_CASE("cancellation reaches a child coroutine suspended inside the task") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<std::string> log;
  auto parent = [](std::vector<std::string> *log) -> Task<void> {
    try {
      (void)co_await sleeps_and_cleans_up(log);
    } catch (const Cancelled &) {
      log->push_back("parent saw it");
      throw;
    }
  };
  auto h = loop.spawn(parent(&log));
  loop.run_once();
  h.cancel();
  loop.run_until_idle();
  CHECK(log == std::vector<std::string>{"cleaned up", "parent saw it"});
  CHECK(h.state() == TaskState::cancelled);
}

TEST_CASE("a task that cancels itself gets Cancelled at its next suspension point") {
  VirtualClock clock;
  EventLoop loop(clock);
  looplab::TaskRef self;
  auto body = [](looplab::TaskRef *self) -> Task<void> {
    self->cancel();
    co_await looplab::sleep(1);
  };
  auto h = loop.spawn(body(&self));
  self = h;
  loop.run_until_idle();
  CHECK(h.state() == TaskState::cancelled);
  self = {};
}

TEST_CASE("a cancelled callback stays queued but does not run, and the trace says so") {
  VirtualClock clock;
  EventLoop loop(clock);
  looplab::TraceRecorder rec;
  loop.set_trace_sink(&rec);
  bool ran = false;
  auto cb = loop.call_soon([&] { ran = true; });
  CHECK(cb.cancel());
  CHECK_FALSE(cb.cancel());
  CHECK(loop.ready_count() == 1);
  const auto r = loop.run_once();
  CHECK_FALSE(ran);
  CHECK(r.resumes == 1);
  bool traced = false;
  for (const auto &e : rec.drain().events) {
    traced |= e.kind == static_cast<unsigned>(TraceKind::callback_cancelled) && e.id == cb.id();
  }
  CHECK(traced);
}

TEST_CASE("a cancelled call_later never fires") {
  VirtualClock clock;
  EventLoop loop(clock);
  bool ran = false;
  auto cb = loop.call_later(1.0, [&] { ran = true; });
  CHECK(loop.cancel_callback(cb.id()));
  loop.run_until_idle();
  CHECK_FALSE(ran);
  CHECK_FALSE(loop.cancel_callback(cb.id()));
}

TEST_CASE("wait_for returns the result when the task finishes in time") {
  VirtualClock clock;
  EventLoop loop(clock);
  CHECK(loop.run_until_complete(looplab::wait_for(slow_value(0.5, 9), 1.0)) == 9);
  CHECK(clock.now() == 0.5);
}

TEST_CASE("wait_for cancels a task that runs out of time and raises TimeoutError") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<std::string> log;
  CHECK_THROWS_AS(loop.run_until_complete(looplab::wait_for(sleeps_and_cleans_up(&log), 1.0)),
                  looplab::TimeoutError);
  CHECK(log == std::vector<std::string>{"cleaned up"});
  CHECK(clock.now() == 1.0);
  CHECK_THROWS_AS(looplab::wait_for(slow_value(1, 1), -1), std::invalid_argument);
}
