// Loop Lab's C++20 coroutine runtime: everything, in one include.
// (The talk's naive models live apart, in looplab/talk/.)
#pragma once

#include "looplab/cancellation.hpp"
#include "looplab/clock.hpp"
#include "looplab/event.hpp"
#include "looplab/event_loop.hpp"
#include "looplab/future.hpp"
#include "looplab/gather.hpp"
#include "looplab/generator.hpp"
#include "looplab/queue.hpp"
#include "looplab/set_timeout.hpp"
#include "looplab/sleep.hpp"
#include "looplab/task.hpp"
#include "looplab/task_handle.hpp"
#include "looplab/trace.hpp"
#include "looplab/wait_for.hpp"
