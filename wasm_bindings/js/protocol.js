// The numbers that cross the JS <-> wasm boundary on the bridge's imports.
// wasm_bindings/src/protocol.hpp holds the same values; the module exports
// them as constants and bridge.js checks they agree when a runtime starts,
// so the two halves cannot drift apart silently.

/** What one step of a JS generator task tells the C++ loop (returned by step). */
export const STATUS = Object.freeze({
  YIELD: 0, //     bare `yield`: give the loop back (yield_now)
  RETURN: 1, //    the generator returned: the task is done (its value stays in JS)
  THROW: 2, //     the generator threw: the task failed (error key in arg)
  SLEEP: 3, //     `yield loop.sleep(s)`: sleep s seconds (arg = s)
  AWAIT: 4, //     `yield awaitable`: wait for that task of the C++ loop (arg = its id)
  CANCELLED: 5, // a CancelledError left the generator: the task is cancelled
});

/** How the C++ loop resumes a JS generator task (passed to step). */
export const MODE = Object.freeze({
  SEND: 0, //          gen.next(undefined): first run, after a bare yield or a sleep
  SEND_AWAITED: 1, //  gen.next(result of what it awaited)
  THROW_AWAITED: 2, // gen.throw(error of what it awaited)
  THROW_CANCEL: 3, //  gen.throw(new CancelledError()): the task is being cancelled
});

/** How a task of the C++ loop ended (passed to settled). */
export const SETTLE = Object.freeze({
  DONE: 0,
  FAILED: 1, //    failed with a JS error (key in ref) or a C++ one (message passed along)
  CANCELLED: 2,
  TIMEOUT: 3, //   a waitFor ran out of time
});
