// The module's embind surface: what js/index.js and js/bridge.js call. These
// are the cold paths (spawning, cancelling, one tick per frame, draining the
// trace), so embind's conversions are fine here; the hot path is the other
// direction, C++ calling JS through js_imports.hpp.
//
// No C++ exception may leave these functions: each returns a sentinel and
// keeps the message for lastError(), and js/ turns that into a JS Error.
#include <malloc.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <emscripten/bind.h>

#include "js_error.hpp"
#include "runtime.hpp"

namespace looplab::wasm {

namespace {

Runtime *g_runtime = nullptr;
std::string g_last_error;
double g_budget = 0.008;

constexpr char unit_sep = '\x1f';
constexpr char record_sep = '\x1e';

void append_table(std::string &out,
                  const std::vector<std::pair<std::uint32_t, std::string>> &rows) {
  out.clear();
  for (const auto &[id, text] : rows) {
    out += std::to_string(id);
    out += unit_sep;
    for (const char c : text) {
      out += (c == unit_sep || c == record_sep) ? ' ' : c;
    }
    out += record_sep;
  }
}

// Runs `fn`; on a C++ exception keeps its message and returns `fallback`.
template <class F, class R>
R guarded(F &&fn, R fallback) {
  try {
    return fn();
  } catch (const std::exception &e) {
    g_last_error = e.what();
  } catch (...) {
    g_last_error = "unknown C++ exception";
  }
  return fallback;
}

template <class F>
std::uint32_t spawn_as(int handle, const std::string &name, F &&make_task) {
  return guarded(
      [&]() -> std::uint32_t {
        Runtime &rt = runtime();
        TaskRef task = rt.loop.spawn(make_task(JsHandle(handle)), name);
        rt.register_task(handle, task);
        return task.id();
      },
      std::uint32_t{0});
}

} // namespace

Runtime &runtime() {
  if (g_runtime == nullptr) {
    throw std::logic_error("the runtime is not initialised (or was disposed)");
  }
  return *g_runtime;
}

Runtime::Runtime(bool tracing_on, bool wall_trace) : tracing(tracing_on) {
  if (tracing) {
    loop.set_trace_sink(&recorder);
    if (wall_trace) {
      loop.set_trace_clock(&wall_trace_clock);
    }
  }
}

Runtime::~Runtime() = default;

void Runtime::register_task(int handle, const TaskRef &task) {
  if (static_cast<std::size_t>(handle) >= id_of_handle.size()) {
    id_of_handle.resize(static_cast<std::size_t>(handle) + 1, 0);
  }
  id_of_handle[static_cast<std::size_t>(handle)] = task.id();
  tasks[task.id()] = task.record();
}

void Runtime::forget_handle(int handle) {
  if (handle < 0 || static_cast<std::size_t>(handle) >= id_of_handle.size()) {
    return;
  }
  const std::uint32_t id = std::exchange(id_of_handle[static_cast<std::size_t>(handle)], 0);
  if (id != 0) {
    tasks.erase(id);
    externals.erase(id);
  }
}

TaskRef Runtime::find(std::uint32_t id) const {
  const auto it = tasks.find(id);
  return it == tasks.end() ? TaskRef{} : TaskRef(it->second);
}

JsHandle::~JsHandle() {
  if (handle_ >= 0) {
    settle(settle_cancelled); // the frame went before the coroutine could say how it ended
  }
}

void JsHandle::settle(Settle how, int key, const char *message) noexcept {
  const int h = std::exchange(handle_, -1);
  if (h < 0) {
    return;
  }
  if (g_runtime != nullptr) {
    g_runtime->forget_handle(h);
  }
  looplab_js_settled(h, how, key, message);
}

// ---- the exported functions ----------------------------------------------

bool init(bool tracing, double budget_seconds, bool wall_trace) {
  delete g_runtime;
  g_runtime = nullptr;
  g_budget = budget_seconds;
  return guarded(
      [&] {
        g_runtime = new Runtime(tracing, wall_trace);
        return true;
      },
      false);
}

void dispose() {
  Runtime *rt = g_runtime;
  // Destroying the loop destroys pending frames; their JsHandles tell JS.
  delete rt;
  g_runtime = nullptr;
}

std::uint32_t spawn_generator(int handle, const std::string &name) {
  return spawn_as(handle, name, [](JsHandle js) { return generator_task(std::move(js)); });
}

std::uint32_t spawn_sleep(int handle, double seconds, const std::string &name) {
  return spawn_as(handle, name, [&](JsHandle js) { return sleep_task(std::move(js), seconds); });
}

std::uint32_t spawn_gather(int handle, const emscripten::val &ids, const std::string &name) {
  return spawn_as(handle, name, [&](JsHandle js) {
    std::vector<TaskRef> children;
    const auto n = ids["length"].as<unsigned>();
    children.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
      TaskRef child = runtime().find(ids[i].as<std::uint32_t>());
      if (!child) {
        throw std::logic_error("internal: gather of an unknown task");
      }
      children.push_back(std::move(child));
    }
    return gather_task(std::move(js), std::move(children));
  });
}

std::uint32_t spawn_wait_for(int handle, std::uint32_t inner_id, double seconds,
                             const std::string &name) {
  return spawn_as(handle, name, [&](JsHandle js) {
    TaskRef inner = runtime().find(inner_id);
    if (!inner) {
      throw std::logic_error("internal: waitFor of an unknown task");
    }
    return wait_for_task(std::move(js), std::move(inner), seconds);
  });
}

std::uint32_t spawn_external(int handle, const std::string &name) {
  const std::uint32_t id =
      spawn_as(handle, name, [](JsHandle js) { return external_task(std::move(js)); });
  if (id != 0) {
    runtime().externals[id];
  }
  return id;
}

// JS settled the promise that task `id` waits on: key 0 = fulfilled, else its error.
void settle_external(std::uint32_t id, int key) {
  if (g_runtime == nullptr) {
    return;
  }
  const auto it = g_runtime->externals.find(id);
  if (it != g_runtime->externals.end()) {
    guarded(
        [&] {
          it->second.settle(key);
          return 0;
        },
        0);
  } else if (key != 0) {
    looplab_js_release_error(key); // the task went meanwhile (cancelled): nobody will read it
  }
}

std::uint32_t call_soon(int handle) {
  return guarded(
      [&] {
        return runtime()
            .loop
            .call_soon([handle] {
              if (const int key = looplab_js_call(handle); key != 0) {
                throw JsError(key); // traced as callback_failed, with the JS message
              }
            })
            .id();
      },
      std::uint32_t{0});
}

std::uint32_t call_later(int handle, double seconds) {
  return guarded(
      [&] {
        return runtime()
            .loop
            .call_later(seconds,
                        [handle] {
                          if (const int key = looplab_js_call(handle); key != 0) {
                            throw JsError(key);
                          }
                        })
            .id();
      },
      std::uint32_t{0});
}

// Cancels a task or a callback by id; false when it had already finished.
bool cancel(std::uint32_t id) {
  return guarded(
      [&] {
        Runtime &rt = runtime();
        if (TaskRef task = rt.find(id)) {
          return task.cancel();
        }
        return rt.loop.cancel_callback(id);
      },
      false);
}

// One frame: returns the number of resumes, or -1 if the loop threw.
int tick(double now) {
  return guarded([&] { return static_cast<int>(runtime().loop.tick(now, g_budget).resumes); }, -1);
}

// The most resumes one tick runs (0: no limit); see EventLoop::set_max_resumes_per_tick.
bool set_max_resumes_per_tick(double resumes) {
  return guarded(
      [&] {
        runtime().loop.set_max_resumes_per_tick(static_cast<std::size_t>(resumes));
        return true;
      },
      false);
}

// One ready item at `now`; 1 if one ran, 0 if nothing was ready, -1 on error.
int step(double now) {
  return guarded(
      [&] {
        Runtime &rt = runtime();
        if (now > rt.clock.now()) {
          rt.clock.advance_to(now);
        }
        return rt.loop.step() ? 1 : 0;
      },
      -1);
}

double now() { return g_runtime == nullptr ? 0.0 : g_runtime->loop.time(); }
bool has_ready() { return g_runtime != nullptr && g_runtime->loop.ready_count() > 0; }
double next_deadline() {
  return g_runtime == nullptr ? no_deadline : g_runtime->loop.next_deadline();
}

// Copies the recorder's events into the batch layout (docs/trace-format.md):
// f64 = [time, value] and u32 = [kind, id, ref] per event.
unsigned trace_drain() {
  Runtime &rt = runtime();
  const TraceRecorder::Batch &b = rt.recorder.drain();
  const std::size_t n = b.events.size();
  rt.f64.resize(n * 2);
  rt.u32.resize(n * 3);
  for (std::size_t i = 0; i < n; ++i) {
    const TraceEvent &e = b.events[i];
    rt.f64[2 * i] = e.time;
    rt.f64[2 * i + 1] = e.value;
    rt.u32[3 * i] = e.kind;
    rt.u32[3 * i + 1] = e.id;
    rt.u32[3 * i + 2] = e.ref;
  }
  append_table(rt.names, b.names);
  append_table(rt.errors, b.errors);
  rt.dropped_reported = b.dropped;
  return static_cast<unsigned>(n);
}
std::uintptr_t trace_f64() { return reinterpret_cast<std::uintptr_t>(runtime().f64.data()); }
std::uintptr_t trace_u32() { return reinterpret_cast<std::uintptr_t>(runtime().u32.data()); }
std::string trace_names() { return runtime().names; }
std::string trace_errors() { return runtime().errors; }
double trace_dropped() { return static_cast<double>(runtime().dropped_reported); }

// Bytes of the wasm heap in use (malloc's view): for the leak test and the
// memory benchmark.
double heap_bytes() { return static_cast<double>(mallinfo().uordblks); }
double live_tasks() {
  return g_runtime == nullptr ? 0 : static_cast<double>(g_runtime->loop.pending_task_count());
}
std::string last_error() { return g_last_error; }

// Test hooks: a wasm trap, and memory running out, end the run cleanly.
void debug_trap() { __builtin_trap(); }
// Allocates until operator new throws std::bad_alloc, as the loop would when
// a snippet spawns without end; returns -1 with lastError() set, as tick() does.
int debug_exhaust_memory() {
  return guarded(
      [] {
        std::vector<std::unique_ptr<char[]>> hog;
        for (;;) {
          hog.push_back(std::make_unique<char[]>(16u << 20));
        }
        return 0;
      },
      -1);
}

// Benchmark hook: `tasks` C++ coroutines, each doing `yields` co_await
// yield_now() on a loop of their own (the C++-only baseline of
// bench/bindings), optionally traced into a TraceRecorder drained every
// iteration. Returns the resumes run; JS times the call.
namespace {
Task<void> cpp_yielder(int yields) {
  for (int i = 0; i < yields; ++i) {
    co_await yield_now();
  }
}
} // namespace

double bench_cpp_yields(int tasks, int yields, bool traced) {
  return guarded(
      [&] {
        VirtualClock clock;
        EventLoop loop(clock);
        TraceRecorder recorder;
        if (traced) {
          loop.set_trace_sink(&recorder);
        }
        for (int t = 0; t < tasks; ++t) {
          loop.spawn(cpp_yielder(yields));
        }
        double resumes = 0;
        while (!loop.idle()) {
          resumes += loop.run_once().resumes;
          if (traced) {
            (void)recorder.drain(); // as the bindings drain once per frame
          }
        }
        return resumes;
      },
      -1.0);
}

} // namespace looplab::wasm

EMSCRIPTEN_BINDINGS(looplab) {
  using namespace emscripten;
  using namespace looplab::wasm;
  function("init", &init);
  function("dispose", &dispose);
  function("spawnGenerator", &spawn_generator);
  function("spawnSleep", &spawn_sleep);
  function("spawnGather", &spawn_gather);
  function("spawnWaitFor", &spawn_wait_for);
  function("spawnExternal", &spawn_external);
  function("settleExternal", &settle_external);
  function("callSoon", &call_soon);
  function("callLater", &call_later);
  function("cancel", &cancel);
  function("tick", &tick);
  function("setMaxResumesPerTick", &set_max_resumes_per_tick);
  function("step", &step);
  function("now", &now);
  function("hasReady", &has_ready);
  function("nextDeadline", &next_deadline);
  function("traceDrain", &trace_drain);
  function("traceF64", &trace_f64);
  function("traceU32", &trace_u32);
  function("traceNames", &trace_names);
  function("traceErrors", &trace_errors);
  function("traceDropped", &trace_dropped);
  function("heapBytes", &heap_bytes);
  function("liveTasks", &live_tasks);
  function("lastError", &last_error);
  function("debugTrap", &debug_trap);
  function("debugExhaustMemory", &debug_exhaust_memory);
  function("benchCppYields", &bench_cpp_yields);

  constant("STATUS_YIELD", static_cast<int>(status_yield));
  constant("STATUS_RETURN", static_cast<int>(status_return));
  constant("STATUS_THROW", static_cast<int>(status_throw));
  constant("STATUS_SLEEP", static_cast<int>(status_sleep));
  constant("STATUS_AWAIT", static_cast<int>(status_await));
  constant("STATUS_CANCELLED", static_cast<int>(status_cancelled));
  constant("MODE_SEND", static_cast<int>(mode_send));
  constant("MODE_SEND_AWAITED", static_cast<int>(mode_send_awaited));
  constant("MODE_THROW_AWAITED", static_cast<int>(mode_throw_awaited));
  constant("MODE_THROW_CANCEL", static_cast<int>(mode_throw_cancel));
  constant("SETTLE_DONE", static_cast<int>(settle_done));
  constant("SETTLE_FAILED", static_cast<int>(settle_failed));
  constant("SETTLE_CANCELLED", static_cast<int>(settle_cancelled));
  constant("SETTLE_TIMEOUT", static_cast<int>(settle_timeout));
  constant("TRACE_FORMAT_VERSION", static_cast<int>(looplab::trace_format_version));
}
