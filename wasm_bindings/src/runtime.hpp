// One run's C++ state: the loop, its clock, its trace recorder, and the table
// of the bindings' live tasks by id. A module instance holds at most one, and
// a fresh run gets a fresh module instance (so a trap cannot leak into it).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <looplab/cancellation.hpp>
#include <looplab/event_loop.hpp>
#include <looplab/sleep.hpp>
#include <looplab/task_handle.hpp>
#include <looplab/trace.hpp>

#include "external.hpp"
#include "js_imports.hpp"
#include "protocol.hpp"

namespace looplab::wasm {

// The trace clock of a real-clock run: the run's clock read at the moment of
// asking (one thin import into JS), where the loop's clock holds the frame's
// start. The loop reads it once per resume when tracing, so a step that
// busy-waits for a second ends a second after it began in the trace.
class WallTraceClock final : public Clock {
public:
  [[nodiscard]] double now() const override { return looplab_js_trace_now(); }
  void wait_until(double /*deadline*/) override {}
  void advance_to(double /*now*/) override {}
};

struct Runtime {
  // `wall_trace`: stamp the trace from WallTraceClock (real-clock runs); else
  // from the loop's virtual clock, so virtual runs stay deterministic.
  Runtime(bool tracing, bool wall_trace);
  Runtime(const Runtime &) = delete;
  Runtime &operator=(const Runtime &) = delete;
  Runtime(Runtime &&) = delete;
  Runtime &operator=(Runtime &&) = delete;
  ~Runtime();

  // The loop's clock is always virtual here: JS sets it at every tick to the
  // run's clock (real or slowed-down), so the loop and `now()` agree.
  VirtualClock clock;
  WallTraceClock wall_trace_clock;
  TraceRecorder recorder;
  // Live tasks spawned through the bindings, by loop id. Not owning: a task's
  // entry goes when its JsHandle settles or is destroyed with the frame.
  std::unordered_map<std::uint32_t, detail::TaskRecord *> tasks;
  // JS handle -> loop id, so a frame destroyed before it first ran can still
  // find (and drop) its entry.
  std::vector<std::uint32_t> id_of_handle;
  // Promises that tasks wait on, by the waiting task's id (made at spawn, so
  // a promise that settles before the task first runs is not lost).
  std::unordered_map<std::uint32_t, External> externals;
  bool tracing;

  // Trace staging: the last drained batch, in the batch's SoA layout.
  std::vector<double> f64;
  std::vector<std::uint32_t> u32;
  std::string names;
  std::string errors;
  std::uint64_t dropped_reported = 0;

  // Declared last, so it is destroyed first: destroying it destroys the
  // frames of pending tasks, whose JsHandles still use the tables above.
  EventLoop loop{clock};

  void register_task(int handle, const TaskRef &task);
  void forget_handle(int handle);
  [[nodiscard]] TaskRef find(std::uint32_t id) const;
};

// The runtime of this module instance (created by init(), freed by dispose()).
Runtime &runtime();

// What a JS task's coroutine frame carries: its JS handle. Telling JS that
// the task ended happens exactly once: explicitly when the coroutine ends,
// or from the destructor when the frame is destroyed first (cancelled before
// it ran, or the loop was torn down).
class JsHandle {
public:
  explicit JsHandle(int handle) noexcept : handle_(handle) {}
  JsHandle(JsHandle &&other) noexcept : handle_(std::exchange(other.handle_, -1)) {}
  JsHandle &operator=(JsHandle &&) = delete;
  JsHandle(const JsHandle &) = delete;
  JsHandle &operator=(const JsHandle &) = delete;
  ~JsHandle();

  [[nodiscard]] int handle() const noexcept { return handle_; }
  void settle(Settle how, int key = 0, const char *message = nullptr) noexcept;

private:
  int handle_;
};

// The coroutines behind each kind of JS-visible task (js_tasks.cpp).
Task<void> generator_task(JsHandle js);
Task<void> sleep_task(JsHandle js, double seconds);
Task<void> gather_task(JsHandle js, std::vector<TaskRef> children);
Task<void> wait_for_task(JsHandle js, TaskRef inner, double seconds);
Task<void> external_task(JsHandle js);

} // namespace looplab::wasm
