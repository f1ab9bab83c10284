#include <catch2/catch.hpp>

#include <vector>

#include "looplab/looplab.hpp"

using looplab::EventLoop;
using looplab::Task;
using looplab::TraceKind;
using looplab::TraceRecorder;
using looplab::VirtualClock;

namespace {
std::vector<TraceKind> kinds(const TraceRecorder::Batch &b) {
  std::vector<TraceKind> out;
  for (const auto &e : b.events) {
    out.push_back(static_cast<TraceKind>(e.kind));
  }
  return out;
}
} // namespace

TEST_CASE("a sleeping task's life is traced from spawn to done") {
  VirtualClock clock;
  EventLoop loop(clock);
  TraceRecorder rec;
  loop.set_trace_sink(&rec);
  auto sleeper = []() -> Task<void> { co_await looplab::sleep(0.5); };
  auto h = loop.spawn(sleeper(), "sleeper");
  loop.run_until_idle();
  const auto &b = rec.drain();
  using K = TraceKind;
  CHECK(kinds(b) == std::vector<K>{K::task_spawned, K::scheduled,                //
                                   K::tick_begin, K::resume_begin, K::timer_set, //
                                   K::suspended, K::resume_end, K::tick_end,     //
                                   K::tick_begin, K::timer_fired, K::scheduled,  //
                                   K::resume_begin, K::task_done, K::resume_end, //
                                   K::tick_end});
  REQUIRE(b.names.size() == 1);
  CHECK(b.names[0].first == h.id());
  CHECK(b.names[0].second == "sleeper");
  CHECK(b.events[4].ref == h.id());  // timer_set: owner
  CHECK(b.events[4].value == 0.5);   // deadline
  CHECK(b.events[9].time == 0.5);    // fired at 0.5 on the loop clock
  CHECK(rec.drain().events.empty()); // drained
}

TEST_CASE("a recorder at capacity counts what it drops") {
  VirtualClock clock;
  EventLoop loop(clock);
  TraceRecorder rec(4);
  loop.set_trace_sink(&rec);
  for (int i = 0; i < 10; ++i) {
    loop.call_soon([] {});
  }
  const auto &b = rec.drain();
  CHECK(b.events.size() == 4);
  CHECK(b.dropped == 6);
}
