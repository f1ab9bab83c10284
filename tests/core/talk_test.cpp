// The talk's scenario, model by model: set_timeout(1.0, goodbye) and
// set_timeout(0.5, hello).
#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "looplab/looplab.hpp"
#include "looplab/talk/blocking.hpp"
#include "looplab/talk/polling.hpp"
#include "looplab/talk/round_robin.hpp"
#include "stepping_clock.hpp"

using looplab::EventLoop;
using looplab::VirtualClock;
using looplab::testing::SteppingClock;

namespace {
struct Alert {
  std::string message;
  double at;
};
} // namespace

TEST_CASE("the blocking set_timeout says goodbye at 1.0 s, then hello at 1.5 s") {
  SteppingClock clock;
  std::vector<Alert> alerts;
  auto alert = [&](const char *msg) { alerts.push_back({msg, clock.peek()}); };
  namespace talk = looplab::talk::blocking;
  talk::set_timeout(clock, 1.0, [&] { alert("goodbye"); });
  talk::set_timeout(clock, 0.5, [&] { alert("hello"); });
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0].message == "goodbye");
  CHECK(alerts[0].at == Approx(1.0).margin(0.01));
  CHECK(alerts[1].message == "hello");
  CHECK(alerts[1].at == Approx(1.5).margin(0.01));
}

TEST_CASE("a polling sleep generator yields until its deadline, then stops") {
  SteppingClock clock(0.25);
  auto it = looplab::talk::polling::sleep(clock, 1.0); // expire_at = 1.0
  int yields = 0;
  while (it.send()) {
    ++yields;
  }
  CHECK(yields == 3); // reads at 0.25, 0.5, 0.75 are early; 1.0 is not
  CHECK(it.done());
}

TEST_CASE("the round-robin run of polling set_timeouts says hello at 0.5 s, goodbye at 1.0 s") {
  SteppingClock clock;
  std::vector<Alert> alerts;
  auto alert = [&](const char *msg) { alerts.push_back({msg, clock.peek()}); };
  namespace talk = looplab::talk::polling;
  std::deque<looplab::Generator<looplab::talk::NoneType>> tasks;
  tasks.push_back(talk::set_timeout(clock, 1.0, [&] { alert("goodbye"); }));
  tasks.push_back(talk::set_timeout(clock, 0.5, [&] { alert("hello"); }));
  looplab::talk::run(std::move(tasks));
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0].message == "hello");
  CHECK(alerts[0].at == Approx(0.5).margin(0.01));
  CHECK(alerts[1].message == "goodbye");
  CHECK(alerts[1].at == Approx(1.0).margin(0.01));
}

TEST_CASE("the round-robin run takes the first task, steps it, and puts it back at the end") {
  std::vector<std::string> steps;
  auto counter = [&](std::string name, int n) -> looplab::Generator<looplab::talk::NoneType> {
    for (int i = 0; i < n; ++i) {
      steps.push_back(name + std::to_string(i));
      co_yield looplab::talk::None;
    }
  };
  std::deque<looplab::Generator<looplab::talk::NoneType>> tasks;
  tasks.push_back(counter("a", 3));
  tasks.push_back(counter("b", 1));
  looplab::talk::run(std::move(tasks));
  CHECK(steps == std::vector<std::string>{"a0", "b0", "a1", "a2"});
}

TEST_CASE("async set_timeout on the event loop says hello at 0.5 s and goodbye at 1.0 s") {
  VirtualClock clock;
  EventLoop loop(clock);
  std::vector<Alert> alerts;
  auto alert = [&](const char *msg) { alerts.push_back({msg, clock.now()}); };
  // loop.run_until_complete(asyncio.gather(set_timeout(1, goodbye), set_timeout(0.5, hello)))
  loop.run_until_complete(looplab::gather(looplab::set_timeout(1.0, [&] { alert("goodbye"); }),
                                          looplab::set_timeout(0.5, [&] { alert("hello"); })));
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0].message == "hello");
  CHECK(alerts[0].at == 0.5);
  CHECK(alerts[1].message == "goodbye");
  CHECK(alerts[1].at == 1.0);
  CHECK(clock.now() == 1.0); // the virtual clock jumped; nothing slept
}
