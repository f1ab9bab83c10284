#include "looplab/wait_for.hpp"

#include <sstream>

namespace looplab::detail {

void check_timeout(double timeout) {
  if (!(timeout >= 0) || std::isinf(timeout)) {
    throw std::invalid_argument("looplab::wait_for: timeout must be a finite number of seconds "
                                ">= 0, got " +
                                std::to_string(timeout));
  }
}

void throw_timeout(double timeout, const TaskRef &task) {
  std::ostringstream s;
  s << "wait_for: task " << task.id() << " did not finish within " << timeout << " s";
  throw TimeoutError(s.str());
}

} // namespace looplab::detail
