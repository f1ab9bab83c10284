// A clock that moves forward a little every time it is read: a stand-in for
// real time passing while the talk's busy-wait and polling models spin, so
// their tests are deterministic and instant.
#pragma once

#include "looplab/clock.hpp"

namespace looplab::testing {

class SteppingClock final : public Clock {
public:
  // 1/1024 s: exact in binary, so deadlines like 0.5 and 1.0 are hit exactly.
  explicit SteppingClock(double step = 1.0 / 1024) : step_(step) {}
  [[nodiscard]] double now() const override {
    const double t = now_;
    now_ += step_;
    return t;
  }
  [[nodiscard]] double peek() const { return now_; }
  void wait_until(double deadline) override {
    if (deadline > now_) {
      now_ = deadline;
    }
  }
  void advance_to(double now) override { wait_until(now); }

private:
  double step_;
  mutable double now_ = 0;
};

} // namespace looplab::testing
