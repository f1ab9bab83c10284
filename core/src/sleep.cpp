#include "looplab/sleep.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace looplab::detail {

SleepAwaiter::SleepAwaiter(double seconds) : seconds(seconds) {
  if (!(seconds >= 0) || std::isinf(seconds)) {
    throw std::invalid_argument("looplab::sleep(" + std::to_string(seconds) +
                                "): seconds must be a finite number >= 0");
  }
}

void SleepAwaiter::await_suspend(coro::coroutine_handle<> h) {
  EventLoop &loop = *task->loop;
  if (seconds == 0) { // asyncio: sleep(0) is a bare yield
    loop.suspend(*task, h, WaitKind::yield, 0, nullptr);
    loop.schedule(*task, ScheduleReason::yield);
    return;
  }
  fire = [](Timer &t, EventLoop &l) {
    l.schedule(*static_cast<SleepAwaiter &>(t).task, ScheduleReason::timer_fired);
  };
  undo = [](Wait &w) noexcept {
    auto &self = static_cast<SleepAwaiter &>(w);
    self.task->loop->remove_timer(self);
  };
  loop.add_timer(*this, loop.time() + seconds, task->id);
  loop.suspend(*task, h, WaitKind::sleep, deadline, this);
}

} // namespace looplab::detail
