// The errors a task can see at a suspension point: Cancelled (someone called
// cancel() on it, or on a gather/wait_for it is inside) and TimeoutError
// (wait_for ran out of time). Both are ordinary exceptions, so a task can catch
// them, clean up, and carry on or rethrow, as with asyncio.CancelledError.
#pragma once

#include <stdexcept>
#include <string>

namespace looplab {

class Cancelled : public std::runtime_error {
public:
  Cancelled() : std::runtime_error("the task was cancelled") {}
  explicit Cancelled(const std::string &why) : std::runtime_error(why) {}
};

class TimeoutError : public std::runtime_error {
public:
  explicit TimeoutError(const std::string &why) : std::runtime_error(why) {}
};

} // namespace looplab
