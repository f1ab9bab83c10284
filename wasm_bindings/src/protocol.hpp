// The numbers that cross the JS <-> wasm boundary on the bridge's imports.
// wasm_bindings/js/protocol.js holds the same values; the module exports these
// as constants and the JS half refuses to start if they differ.
#pragma once

namespace looplab::wasm {

// What one step of a JS generator task reports (js/bridge.js step()).
enum Status : int {
  status_yield = 0,     // bare `yield`
  status_return = 1,    // the generator returned
  status_throw = 2,     // the generator threw (arg = error key)
  status_sleep = 3,     // yield loop.sleep(s) (arg = s)
  status_await = 4,     // yield awaitable (arg = the awaited task's id)
  status_cancelled = 5, // a CancelledError left the generator
};

// How C++ resumes a JS generator task.
enum Mode : int {
  mode_send = 0,
  mode_send_awaited = 1,
  mode_throw_awaited = 2,
  mode_throw_cancel = 3,
};

// How a task ended, told to JS (js/bridge.js settled()).
enum Settle : int {
  settle_done = 0,
  settle_failed = 1,
  settle_cancelled = 2,
  settle_timeout = 3,
};

} // namespace looplab::wasm
