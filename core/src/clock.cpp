#include "looplab/clock.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>

namespace looplab {

MonotonicClock::MonotonicClock() noexcept : epoch_(std::chrono::steady_clock::now()) {}

double MonotonicClock::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_).count();
}

void MonotonicClock::wait_until(double deadline) {
  const double gap = deadline - now();
  if (gap > 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(gap));
  }
}

VirtualClock::VirtualClock(double start) : now_(start) {
  if (!std::isfinite(start)) {
    throw std::invalid_argument("VirtualClock: the start time must be a finite number of seconds");
  }
}

void VirtualClock::wait_until(double deadline) {
  if (deadline > now_ && std::isfinite(deadline)) {
    now_ = deadline;
  }
}

void VirtualClock::advance_to(double now) {
  if (std::isnan(now) || now < now_) {
    throw std::invalid_argument("VirtualClock::advance_to(" + std::to_string(now) +
                                "): a clock cannot go back (it is at " + std::to_string(now_) +
                                " s)");
  }
  now_ = now;
}

void VirtualClock::advance(double seconds) {
  if (!(seconds >= 0)) {
    throw std::invalid_argument("VirtualClock::advance(" + std::to_string(seconds) +
                                "): seconds must be >= 0");
  }
  now_ += seconds;
}

double wall_seconds() noexcept {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace looplab
