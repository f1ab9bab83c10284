#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "looplab/generator.hpp"

using looplab::Generator;

namespace {

// def f(): yield 42; yield False; yield 'hello'
Generator<std::string> f() {
  co_yield "42";
  co_yield "False";
  co_yield "hello";
}

// A running total that adds whatever is sent in.
Generator<int, int> accumulator() {
  int total = 0;
  for (;;) {
    total += co_yield total;
  }
}

Generator<int> fails_after_one() {
  co_yield 1;
  throw std::runtime_error("generator broke");
}

} // namespace

TEST_CASE("a generator does not run until its first send") {
  bool ran = false;
  // A captureless lambda taking a pointer: a capturing lambda coroutine that is
  // called as a temporary leaves its frame pointing at a dead closure.
  auto g = [](bool *ran) -> Generator<int> {
    *ran = true;
    co_yield 1;
  }(&ran);
  CHECK_FALSE(ran);
  CHECK_FALSE(g.started());
  CHECK(g.send() == 1);
  CHECK(ran);
}

TEST_CASE("send hands out each yielded value, then reports done") {
  auto it = f();
  CHECK(it.send() == "42");
  CHECK(it.send() == "False");
  CHECK(it.send() == "hello");
  CHECK_FALSE(it.send().has_value()); // Python: StopIteration
  CHECK(it.done());
  CHECK_FALSE(it.send().has_value()); // and stays done
}

TEST_CASE("a range-for visits every yielded value in order") {
  std::vector<std::string> items;
  for (const auto &item : f()) {
    items.push_back(item);
  }
  CHECK(items == std::vector<std::string>{"42", "False", "hello"});
}

TEST_CASE("send(value) becomes the value of the paused co_yield") {
  auto acc = accumulator();
  CHECK(acc.send() == 0);
  CHECK(acc.send(5) == 5);
  CHECK(acc.send(10) == 15);
}

TEST_CASE("sending a value to a just-started generator is a clear error") {
  auto acc = accumulator();
  CHECK_THROWS_WITH(acc.send(1), Catch::Contains("just-started"));
}

TEST_CASE("an exception in a generator comes out of send") {
  auto g = fails_after_one();
  CHECK(g.send() == 1);
  CHECK_THROWS_WITH(g.send(), "generator broke");
  CHECK(g.done());
}
