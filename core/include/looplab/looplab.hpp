// Loop Lab's C++20 coroutine runtime: everything, in one include.
#pragma once

#include "looplab/cancellation.hpp"
#include "looplab/clock.hpp"
#include "looplab/event_loop.hpp"
#include "looplab/future.hpp"
#include "looplab/sleep.hpp"
#include "looplab/task.hpp"
#include "looplab/task_handle.hpp"
#include "looplab/trace.hpp"
