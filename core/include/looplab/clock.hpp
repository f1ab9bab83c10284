// Where an EventLoop gets its time from.
//
// MonotonicClock is real time. VirtualClock moves only when told to (by hand,
// by tick(now, ...), or by run_until_* jumping to the next deadline when
// nothing is ready, like Trio's MockClock), so tests and replays are
// deterministic and never sleep.
#pragma once

#include <chrono>

namespace looplab {

class Clock {
public:
  Clock() = default;
  Clock(const Clock &) = delete;
  Clock &operator=(const Clock &) = delete;
  Clock(Clock &&) = delete;
  Clock &operator=(Clock &&) = delete;
  virtual ~Clock() = default;

  // Seconds since the clock's epoch.
  [[nodiscard]] virtual double now() const = 0;
  // Called by run_until_* when nothing is ready until `deadline`: a real clock
  // sleeps, a virtual clock jumps.
  virtual void wait_until(double deadline) = 0;
  // Called by tick(now, ...): a virtual clock moves to `now` (never back); a
  // real clock cannot be set and ignores it.
  virtual void advance_to(double now) = 0;
};

class MonotonicClock final : public Clock {
public:
  MonotonicClock() noexcept;
  [[nodiscard]] double now() const override;
  void wait_until(double deadline) override;
  void advance_to(double /*now*/) override {}

private:
  std::chrono::steady_clock::time_point epoch_;
};

class VirtualClock final : public Clock {
public:
  explicit VirtualClock(double start = 0.0);
  [[nodiscard]] double now() const override { return now_; }
  void wait_until(double deadline) override;
  void advance_to(double now) override; // throws std::invalid_argument if it would go back
  void advance(double seconds);         // throws std::invalid_argument if negative

private:
  double now_;
};

// Wall-clock seconds from an arbitrary origin, for tick budgets (which are
// real time whatever the loop's clock is).
double wall_seconds() noexcept;

} // namespace looplab
