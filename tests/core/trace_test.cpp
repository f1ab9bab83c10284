#include <catch2/catch.hpp>

#include <deque>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
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

namespace {

// Rebuilds the loop's state from its trace alone, by the rules of
// docs/trace-format.md ("What can be rebuilt at any event index").
struct Replay {
  std::deque<std::uint32_t> ready;
  std::map<std::pair<double, std::uint32_t>, std::uint32_t> timers; // (deadline, id) -> id
  std::map<std::uint32_t, std::string> task_state;
  std::map<std::uint32_t, double> timer_deadline;
  double last_time = 0;

  void apply(const looplab::TraceEvent &e) {
    switch (static_cast<TraceKind>(e.kind)) {
    case TraceKind::task_spawned: task_state[e.id] = "ready"; break;
    case TraceKind::scheduled:
      ready.push_back(e.id);
      if (task_state.count(e.id) != 0) {
        task_state[e.id] = "ready";
      }
      break;
    case TraceKind::resume_begin:
      REQUIRE(!ready.empty());
      CHECK(ready.front() == e.id); // FIFO: the replay is exact
      ready.pop_front();
      if (task_state.count(e.id) != 0) {
        task_state[e.id] = "running";
      }
      break;
    case TraceKind::suspended: task_state[e.id] = "waiting"; break;
    case TraceKind::timer_set:
      timers[{e.value, e.id}] = e.id;
      timer_deadline[e.id] = e.value;
      break;
    case TraceKind::timer_fired:
    case TraceKind::timer_cancelled: timers.erase({timer_deadline[e.id], e.id}); break;
    case TraceKind::task_done: task_state[e.id] = "done"; break;
    case TraceKind::task_failed: task_state[e.id] = "failed"; break;
    case TraceKind::task_cancelled: task_state[e.id] = "cancelled"; break;
    default: break;
    }
  }
  std::vector<std::uint32_t> timer_ids() const {
    std::vector<std::uint32_t> ids;
    for (const auto &entry : timers) {
      ids.push_back(entry.second);
    }
    return ids;
  }
};

Task<void> worker(double nap, int rounds, looplab::Event *go) {
  co_await go->wait();
  for (int i = 0; i < rounds; ++i) {
    co_await looplab::sleep(nap);
    co_await looplab::yield_now();
  }
}

Task<void> fails_soon() {
  co_await looplab::sleep(0.3);
  throw std::runtime_error("oops");
}

} // namespace

TEST_CASE("the trace alone rebuilds the ready queue, the timer heap and every task's state at "
          "every tick") {
  VirtualClock clock;
  EventLoop loop(clock);
  TraceRecorder rec;
  loop.set_trace_sink(&rec);
  looplab::Event go;
  std::vector<looplab::TaskRef> tasks;
  for (int i = 0; i < 4; ++i) {
    tasks.push_back(loop.spawn(worker(0.1 * (i + 1), 3, &go), "worker"));
  }
  tasks.push_back(loop.spawn(fails_soon(), "fails"));
  auto doomed = loop.spawn(worker(0.05, 100, &go), "doomed");
  tasks.push_back(doomed);
  loop.call_later(0.2, [&] { go.set(); });
  loop.call_later(0.35, [&] { doomed.cancel(); });
  auto never = loop.call_later(5.0, [] {});
  loop.call_soon([&] { never.cancel(); });

  Replay replay;
  int ticks = 0;
  while (!loop.idle() && ticks < 1000) {
    if (loop.ready_count() == 0) {
      clock.advance_to(loop.next_deadline());
    }
    loop.run_once();
    ++ticks;
    for (const auto &e : rec.drain().events) {
      CHECK(e.time >= replay.last_time); // the trace is ordered in time
      replay.last_time = e.time;
      replay.apply(e);
    }
    CHECK(std::vector<std::uint32_t>(replay.ready.begin(), replay.ready.end()) == loop.ready_ids());
    CHECK(replay.timer_ids() == loop.timer_ids());
    for (const auto &t : tasks) {
      CHECK(replay.task_state[t.id()] == looplab::to_string(t.state()));
    }
  }
  CHECK(loop.idle());
  CHECK(doomed.state() == looplab::TaskState::cancelled);
  CHECK(replay.task_state[tasks[4].id()] == "failed");
}

TEST_CASE("ids come from one counter per loop and failures carry their message") {
  VirtualClock clock;
  EventLoop loop(clock);
  TraceRecorder rec;
  loop.set_trace_sink(&rec);
  auto t = loop.spawn(fails_soon(), "fails");
  auto cb = loop.call_soon([] {});
  auto bad_cb = loop.call_soon([] { throw std::runtime_error("callback broke"); });
  loop.run_until_idle();
  CHECK(t.id() == 1);
  CHECK(cb.id() == 2);
  CHECK(bad_cb.id() == 3);
  const auto &b = rec.drain();
  std::uint32_t sleep_timer = 0;
  for (const auto &e : b.events) {
    if (e.kind == static_cast<std::uint32_t>(TraceKind::timer_set)) {
      sleep_timer = e.id;
      CHECK(e.ref == t.id()); // owner
    }
  }
  CHECK(sleep_timer == 4);
  REQUIRE(b.errors.size() == 2);
  CHECK(b.errors[0] == std::pair<std::uint32_t, std::string>{3, "callback broke"});
  CHECK(b.errors[1] == std::pair<std::uint32_t, std::string>{1, "oops"});
  CHECK(loop.last_callback_error() == "callback broke");
}

TEST_CASE("a loop with no sink attached records nothing and still runs") {
  VirtualClock clock;
  EventLoop loop(clock);
  TraceRecorder rec;
  loop.set_trace_sink(&rec);
  loop.set_trace_sink(nullptr);
  loop.run_until_complete([]() -> Task<void> { co_await looplab::sleep(1); }());
  CHECK(rec.pending().events.empty());
}
