// Who frees what: run under AddressSanitizer (LeakSanitizer) in npm test, so a
// leaked frame or record fails the suite even where these counts cannot see it.
#include <catch2/catch.hpp>

#include "looplab/looplab.hpp"

using looplab::EventLoop;
using looplab::Task;
using looplab::TaskState;
using looplab::VirtualClock;

namespace {

struct Counted {
  int *live;
  explicit Counted(int *live) : live(live) { ++*live; }
  Counted(const Counted &) = delete;
  Counted &operator=(const Counted &) = delete;
  Counted(Counted &&) = delete;
  Counted &operator=(Counted &&) = delete;
  ~Counted() { --*live; }
};

Task<void> sleeps_holding(int *live, double seconds) {
  const Counted c(live);
  co_await looplab::sleep(seconds);
}

Task<void> waits_on_event(int *live, looplab::Event *e) {
  const Counted c(live);
  co_await e->wait();
}

Task<void> awaits_child(int *live) {
  const Counted c(live);
  co_await sleeps_holding(live, 100);
}

} // namespace

TEST_CASE("a loop destroyed with pending tasks frees every frame") {
  int live = 0;
  looplab::Event never;
  looplab::TaskHandle<void> survivor;
  {
    VirtualClock clock;
    EventLoop loop(clock);
    for (int i = 0; i < 10; ++i) {
      loop.spawn(sleeps_holding(&live, 1.0 + i));
    }
    loop.spawn(waits_on_event(&live, &never));
    survivor = loop.spawn(awaits_child(&live));
    loop.call_later(3.0, [] {});
    loop.run_once();
    loop.spawn(sleeps_holding(&live, 5)); // never started
    CHECK(live == 10 + 1 + 2);
  }
  CHECK(live == 0);
  // A handle that outlives its loop sees the task as cancelled.
  CHECK(survivor.state() == TaskState::cancelled);
  CHECK_FALSE(survivor.cancel());
  CHECK_THROWS_AS(survivor.result(), looplab::Cancelled);
}

TEST_CASE("a finished task is freed once the loop and every handle let go of it") {
  int live = 0;
  VirtualClock clock;
  EventLoop loop(clock);
  loop.spawn(sleeps_holding(&live, 0.1)); // handle dropped at once
  loop.run_once();
  CHECK(live == 1);
  loop.run_until_idle();
  CHECK(live == 0);
  CHECK(loop.pending_task_count() == 0);
}

TEST_CASE("done callbacks run through the loop after the task finishes") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<std::string> log;
  auto h = loop.spawn([]() -> Task<int> { co_return 5; }(), "five");
  h.add_done_callback([&](const looplab::TaskRef &t) {
    log.push_back(std::string(t.name()) + " " + looplab::to_string(t.state()));
  });
  loop.run_once(); // the task finishes; its callback is queued
  CHECK(log.empty());
  loop.run_once();
  CHECK(log == std::vector<std::string>{"five done"});
}

TEST_CASE("a handle to a finished task stays usable after its loop is destroyed") {
  looplab::TaskHandle<int> finished;
  {
    VirtualClock clock;
    EventLoop loop(clock);
    finished = loop.spawn([]() -> Task<int> { co_return 11; }(), "eleven");
    loop.run_until_idle();
  }
  CHECK(finished.result() == 11);
  CHECK(finished.name() == "eleven");
  CHECK_FALSE(finished.cancel());
  CHECK_THROWS_WITH(finished.add_done_callback([](const looplab::TaskRef &) {}),
                    Catch::Contains("destroyed"));
}
