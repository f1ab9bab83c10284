// Trace times: a resume is as long in the trace as it took on the trace
// clock, even though the loop's own clock holds one time per frame.
#include <catch2/catch.hpp>

#include <vector>

#include "looplab/looplab.hpp"
#include "stepping_clock.hpp"

using looplab::EventLoop;
using looplab::Task;
using looplab::TraceEvent;
using looplab::TraceKind;
using looplab::TraceRecorder;
using looplab::VirtualClock;

namespace {
const TraceEvent &only(const std::vector<TraceEvent> &events, TraceKind kind, std::uint32_t id) {
  const TraceEvent *found = nullptr;
  for (const auto &e : events) {
    if (e.kind == static_cast<std::uint32_t>(kind) && e.id == id) {
      REQUIRE(found == nullptr);
      found = &e;
    }
  }
  REQUIRE(found != nullptr);
  return *found;
}
} // namespace

TEST_CASE("a callback that busy-waits one second of the trace clock is one second long in the "
          "trace") {
  VirtualClock loop_clock; // one time per frame, as the bindings drive it
  VirtualClock wall;       // the trace clock: time passing while the callback runs
  EventLoop loop(loop_clock);
  TraceRecorder rec;
  loop.set_trace_sink(&rec);
  loop.set_trace_clock(&wall);
  auto busy = loop.call_soon([&] { wall.advance(1.0); });
  auto next = loop.call_soon([] {});
  loop.tick(0.0, 0);
  const auto &events = rec.drain().events;
  const TraceEvent &begin = only(events, TraceKind::resume_begin, busy.id());
  const TraceEvent &end = only(events, TraceKind::resume_end, busy.id());
  CHECK(begin.time == 0.0);
  CHECK(end.time - begin.time == 1.0);
  // What runs after it starts when it ended.
  CHECK(only(events, TraceKind::resume_begin, next.id()).time == 1.0);
  CHECK(events.back().time == 1.0); // tick_end
  CHECK(loop.time() == 0.0);        // the loop's own clock did not move
}

TEST_CASE("a task whose step takes a second on the loop's own clock is one second long in the "
          "trace") {
  VirtualClock clock;
  EventLoop loop(clock);
  TraceRecorder rec;
  loop.set_trace_sink(&rec); // no trace clock given: the loop's own
  auto busy = [&]() -> Task<void> {
    clock.advance(1.0); // a busy-wait, as seen by the clock
    co_await looplab::yield_now();
  };
  auto task = loop.spawn(busy());
  loop.run_once();
  const auto &events = rec.drain().events;
  const TraceEvent &begin = only(events, TraceKind::resume_begin, task.id());
  const TraceEvent &end = only(events, TraceKind::resume_end, task.id());
  CHECK(end.time - begin.time == 1.0);
  // Events inside the resume carry the time it began.
  CHECK(only(events, TraceKind::suspended, task.id()).time == begin.time);
}

TEST_CASE("a tick reads the trace clock once when it begins and once per resume") {
  VirtualClock clock;
  looplab::testing::SteppingClock trace_clock(1.0); // every read moves it 1 s on
  EventLoop loop(clock);
  TraceRecorder rec;
  loop.set_trace_sink(&rec);
  loop.set_trace_clock(&trace_clock);
  auto yields = []() -> Task<void> {
    for (int i = 0; i < 3; ++i) {
      co_await looplab::yield_now();
    }
  };
  for (int i = 0; i < 5; ++i) {
    loop.spawn(yields()); // each spawn outside a tick reads the clock for its events
  }
  const double before = trace_clock.peek();
  const auto result = loop.tick(0.0, 0.0);
  REQUIRE(result.resumes == 5);
  CHECK(trace_clock.peek() - before == 1 + 5);
  // Times in the trace never go back.
  const auto &events = rec.drain().events;
  for (std::size_t i = 1; i < events.size(); ++i) {
    CHECK(events[i].time >= events[i - 1].time);
  }
}

TEST_CASE("trace times never go back, even when the trace clock does") {
  VirtualClock clock;
  VirtualClock trace_a(10.0);
  VirtualClock trace_b(2.0);
  EventLoop loop(clock);
  TraceRecorder rec;
  loop.set_trace_sink(&rec);
  loop.set_trace_clock(&trace_a);
  loop.call_soon([] {});
  loop.run_once();
  loop.set_trace_clock(&trace_b); // an earlier clock
  loop.call_soon([] {});
  loop.run_once();
  for (const auto &e : rec.drain().events) {
    CHECK(e.time == 10.0);
  }
}
