// The talk's event loop: take the first task, run it one step, and put it
// back at the end unless it has finished.
//
//   def run(tasks):
//       while tasks:
//           task = tasks.pop(0)
//           try:
//               task.send(None)
//           except StopIteration:
//               pass
//           else:
//               tasks.append(task)
//
// send() returns an empty optional where Python raises StopIteration.
#pragma once

#include <deque>
#include <utility>

#include "looplab/generator.hpp"
#include "looplab/talk/none.hpp"

namespace looplab::talk {

inline void run(std::deque<Generator<NoneType>> tasks) {
  while (!tasks.empty()) {
    Generator<NoneType> task = std::move(tasks.front());
    tasks.pop_front();

    if (task.send()) {                  // it yielded: not finished yet
      tasks.push_back(std::move(task)); // so it goes to the back of the line
    }                                   // else StopIteration: drop it
  }
}

} // namespace looplab::talk
