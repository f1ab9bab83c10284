// Loop Lab's runtime in JavaScript: createRuntime() loads the wasm module (the
// C++ loop plus its bindings), puts the snippet API in `runtime.globals`, and
// steps the C++ loop once per frame. The contract is section 2 of
// docs/architecture.md; the batch handed to onTrace is docs/trace-format.md.
//
// This module graph has no node-only code, fetches nothing and resolves no
// URL: the caller hands in the .wasm bytes, so the same file runs in a page,
// a Worker inside a sandboxed iframe (opaque origin) and node's tests.

import createModule from '../generated/looplab_wasm.mjs';
import { Bridge } from './bridge.js';
import { RunClock } from './clock.js';
import { FrameDriver, defaultFrameSource } from './driver.js';
import { RuntimeFailure, messageOf, stackOf } from './errors.js';
import { formatValues } from './format.js';
import { createLoop, recordOfTask, taskOf } from './loop.js';
import { MODE, SETTLE, STATUS } from './protocol.js';
import { TRACE_FORMAT_VERSION, makeBatch } from './trace.js';
import { describe } from './validate.js';

export { TRACE_FORMAT_VERSION, TRACE_KIND, batchEvents } from './trace.js';
export { CancelledError, TimeoutError } from './errors.js';

/** Test and benchmark hooks, kept off the documented surface. */
export const DEBUG = Symbol.for('looplab.debug');

const STALL_MS = 1000; // no frame for this long: rAF has stopped (hidden tab, off-screen iframe)
const SPEED_MIN = 0.05;
const SPEED_MAX = 1;
// -sMAXIMUM_MEMORY in wasm_bindings/CMakeLists.txt. A C++ exception that
// escapes into JS (a WebAssembly.Exception) says nothing of itself; with the
// heap this close to its limit it is std::bad_alloc.
const MAX_HEAP_BYTES = 512 * 1024 * 1024;
const NEARLY_FULL_BYTES = MAX_HEAP_BYTES - 32 * 1024 * 1024;
/** The bridge's calls into C++ that may fail (each catches its own errors; see guardEngine). */
const ENGINE_CALLS = ['spawnGenerator', 'spawnSleep', 'spawnGather', 'spawnWaitFor', 'spawnExternal', 'settleExternal', 'callSoon', 'callLater', 'cancel'];

/**
 * The wasm module as the bridge calls it. Each C++ call catches its own
 * exceptions and returns a failure code (Bridge#checked), but memory can run
 * out in the glue around the call, where embind copies a task's name into a
 * std::string: that std::bad_alloc reaches JS as a bare WebAssembly.Exception,
 * which the snippet then saw as "Uncaught {}" while the runtime went on in a
 * broken state. `failure(e)` ends the run and gives the error to throw instead.
 */
function guardEngine(M, failure) {
  const engine = Object.create(M);
  for (const name of ENGINE_CALLS) engine[name] = guarded(M[name], failure);
  return engine;
}

/**
 * `call` (an embind function, which wants exactly its own number of
 * arguments) behind a try/catch. One wrapper per arity: with rest arguments
 * and apply, a loop.setTimeout callback cost ~10% more (175 -> 195 ns).
 */
function guarded(call, failure) {
  switch (call.length) {
    case 1:
      return (a) => {
        try {
          return call(a);
        } catch (e) {
          throw failure(e);
        }
      };
    case 2:
      return (a, b) => {
        try {
          return call(a, b);
        } catch (e) {
          throw failure(e);
        }
      };
    default:
      return (...args) => {
        try {
          return call(...args);
        } catch (e) {
          throw failure(e);
        }
      };
  }
}

// One compile per wasm binary: a fresh runtime per run (and after a trap) only
// instantiates, which takes well under a millisecond for this module. A host
// that makes runtimes in several workers compiles once and hands each the
// compiled module (wasmModule): the workers then share its machine code,
// including what V8 optimised while an earlier run used it.
const compiled = new WeakMap();

function compile(bytes) {
  const key = bytes instanceof ArrayBuffer ? bytes : bytes.buffer;
  let p = compiled.get(key);
  if (!p) {
    p = WebAssembly.compile(bytes);
    compiled.set(key, p);
  }
  return p;
}

function checkOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`createRuntime: options must be an object with at least { wasmBinary } or { wasmModule }; got ${describe(options)}`);
  }
  const { wasmBinary, wasmModule, clock = 'real', frameBudgetMs = 8 } = options;
  if (wasmModule !== undefined) {
    if (!(wasmModule instanceof WebAssembly.Module)) {
      throw new TypeError(`createRuntime: wasmModule must be looplab_wasm.wasm compiled (a WebAssembly.Module); got ${describe(wasmModule)}`);
    }
    if (wasmBinary !== undefined) throw new TypeError('createRuntime: give wasmBinary or wasmModule, not both');
  } else if (!(wasmBinary instanceof ArrayBuffer || wasmBinary instanceof Uint8Array)) {
    throw new TypeError(`createRuntime: wasmBinary must be the bytes of looplab_wasm.wasm (an ArrayBuffer or Uint8Array); got ${describe(wasmBinary)}`);
  }
  if (clock !== 'real' && clock !== 'virtual') {
    throw new TypeError(`createRuntime: clock must be 'real' or 'virtual'; got ${describe(clock)}`);
  }
  if (typeof frameBudgetMs !== 'number' || !(frameBudgetMs > 0) || !Number.isFinite(frameBudgetMs)) {
    throw new RangeError(`createRuntime: frameBudgetMs must be a positive number of milliseconds; got ${describe(frameBudgetMs)}`);
  }
  const cap = options.maxResumesPerFrame;
  if (cap !== undefined && !(Number.isInteger(cap) && cap > 0)) {
    throw new RangeError(`createRuntime: maxResumesPerFrame must be a positive whole number of resumes; got ${describe(cap)}`);
  }
  for (const name of ['onPrint', 'onTrace', 'onIdle', 'onError', 'onFrameStall', 'wallClock', 'holdFrame', 'onReplayEnd']) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new TypeError(`createRuntime: ${name} must be a function; got ${describe(options[name])}`);
    }
  }
  const fs = options.frameSource;
  if (fs !== undefined && (fs === null || typeof fs.request !== 'function' || typeof fs.cancel !== 'function')) {
    throw new TypeError('createRuntime: frameSource must have request(cb) and cancel(id), like requestAnimationFrame');
  }
  if (options.replay !== undefined) checkReplay(options.replay, clock);
}

function checkReplay(replay, clock) {
  if (clock !== 'virtual') {
    throw new TypeError("createRuntime: replay needs clock: 'virtual' (a real-clock run follows the wall clock, so it cannot be repeated)");
  }
  if (!Array.isArray(replay)) {
    throw new TypeError(`createRuntime: replay must be an array of frames ({ loopTime, wallMs, resumes, step }, as onTrace hands them out); got ${describe(replay)}`);
  }
  let lastLoopTime = 0;
  replay.forEach((f, i) => {
    const where = `createRuntime: replay[${i}]`;
    if (f === null || typeof f !== 'object') throw new TypeError(`${where} must be a frame { loopTime, wallMs, resumes, step }; got ${describe(f)}`);
    if (typeof f.loopTime !== 'number' || !Number.isFinite(f.loopTime) || f.loopTime < lastLoopTime) {
      throw new RangeError(`${where}.loopTime must be a finite number of seconds, not before the frame before it (${lastLoopTime}); got ${describe(f.loopTime)}`);
    }
    if (typeof f.wallMs !== 'number' || !Number.isFinite(f.wallMs)) throw new RangeError(`${where}.wallMs must be a finite number of ms; got ${describe(f.wallMs)}`);
    if (!Number.isInteger(f.resumes) || f.resumes < 0) throw new RangeError(`${where}.resumes must be a whole number of resumes (0 or more); got ${describe(f.resumes)}`);
    if (typeof f.step !== 'boolean') throw new TypeError(`${where}.step must be true (a step) or false (a tick); got ${describe(f.step)}`);
    lastLoopTime = f.loopTime;
  });
}

async function instantiate(wasm, wallNow, onAbort, hotImports) {
  const mod = wasm instanceof WebAssembly.Module ? wasm : await compile(wasm);
  return createModule({
    locateFile: (path) => path, // never used to fetch: the instance comes from instantiateWasm
    instantiateWasm(imports, receiveInstance) {
      useWallClock(imports, wallNow);
      useHotImports(imports, hotImports);
      WebAssembly.instantiate(mod, imports).then((instance) => {
        imports.env.looplabMemory = instance.exports.memory;
        receiveInstance(instance, mod);
      });
      return {};
    },
    print: () => {},
    printErr: () => {},
    onAbort,
  });
}

// The hot imports (stepping a generator, its argument, calling a callback)
// take and return plain numbers: wasm calls the bridge's functions directly
// instead of the EM_JS bodies, which look the bridge up on Module at every
// call. The EM_JS bodies stay as the definition of the interface.
function useHotImports(imports, hot) {
  for (const [name, fn] of Object.entries(hot)) {
    if (typeof imports.env[name] !== 'function') throw new Error(`looplab: the wasm module has no import ${name}: rebuild it`);
    imports.env[name] = fn;
  }
}

// The C++ loop measures a tick's budget with the monotonic clock
// (clock_gettime): route it to this run's wall clock, so a test's fake clock
// (and only it) decides when a frame's budget is spent. (A replayed tick
// holds this clock still: see replayFrame.)
function useWallClock(imports, wallNow) {
  const env = imports.env;
  if (typeof env.clock_gettime !== 'function') return;
  const original = env.clock_gettime;
  env.clock_gettime = (clockId, tp) => {
    if (clockId !== 1 && clockId !== 4) return original(clockId, tp); // only CLOCK_MONOTONIC(_RAW)
    const ms = wallNow();
    const heap = new Int32Array(env.looplabMemory.buffer);
    heap[tp >> 2] = (ms / 1e3) | 0;
    heap[(tp + 4) >> 2] = ((ms % 1e3) * 1e6) | 0;
    return 0;
  };
}

/**
 * @typedef {{ request(cb: (nowMs: number) => void): number, cancel(id: number): void }} FrameSource
 * @typedef {{
 *   wasmBinary?: ArrayBuffer | Uint8Array,
 *   wasmModule?: WebAssembly.Module,
 *   clock?: 'real' | 'virtual',
 *   frameSource?: FrameSource,
 *   frameBudgetMs?: number,
 *   startMs?: number,
 *   wallClock?: () => number,
 *   timers?: { setTimeout(cb: () => void, ms: number): unknown, clearTimeout(id: unknown): void },
 *   onPrint?: (line: { loop: 'cpp' | 'js', ms: number, text: string }) => void,
 *   onTrace?: (batch: object) => void,
 *   onIdle?: () => void,
 *   onError?: (error: { message: string, stack?: string, fatal: boolean, task?: string, where?: string }) => void,
 *   onFrameStall?: (info: { sinceMs: number, reason: 'missing' | 'stopped' }) => void,
 *   holdFrame?: () => boolean,
 *   maxResumesPerFrame?: number,
 *   replay?: ReplayFrame[],
 *   onReplayEnd?: () => void,
 * }} RuntimeOptions
 *
 * One turn of the C++ loop (a frame's tick, or a step) as a replay needs it:
 * onTrace hands one out with each batch, and createRuntime({ replay }) runs
 * the same turns again, in order.
 * @typedef {{ loopTime: number, wallMs: number, resumes: number, step: boolean }} ReplayFrame
 */

/**
 * Creates one run's runtime: a fresh wasm instance with its own C++ loop.
 * See docs/architecture.md section 2 and wasm_bindings/README.md.
 * @param {RuntimeOptions} options
 */
export async function createRuntime(options) {
  checkOptions(options);
  const {
    wasmBinary,
    wasmModule,
    clock: clockKind = 'real',
    frameBudgetMs = 8,
    onPrint,
    onTrace,
    onIdle,
    onError,
    onFrameStall,
    holdFrame,
    onReplayEnd,
  } = options;
  const wallNow = options.wallClock ?? (() => performance.now());
  const startMs = options.startMs ?? wallNow();
  // The turns still to replay (null: not replaying), and where the next one is.
  let replay = options.replay ? options.replay.map((f) => ({ ...f })) : null;
  let replayNext = 0;
  // During a replayed tick: the wall ms at which the C++ loop's budget clock stands still.
  let budgetClockStill = null;
  const budgetNow = () => budgetClockStill ?? wallNow();

  let abortReason = null;
  const bridge = new Bridge(null, {
    recordOfTask,
    onCallbackError: (e) => reportError(e, { where: 'callback' }),
    onUnobservedFailure: (rec) => reportError(rec.error, { task: rec.name }),
    // C++ caught its own failure and said so (Bridge#checked): out of memory
    // ends the run, and the snippet that called gets that, not the C++ text.
    onEngineError: (message) => {
      if (!/bad_alloc|out of memory/i.test(message)) return undefined;
      const e = new Error(message);
      fail(e, e);
      return new RuntimeFailure(dead, e);
    },
  });
  const clock = new RunClock(clockKind, wallNow, startMs);
  if (replay) clock.beginReplay();
  const hot = bridge.imports;
  // The trace clock of a real-clock run: the run's clock read when C++ asks
  // (after each resume), so a step that busy-waits is as long in the trace as
  // it took. A virtual run's trace keeps the loop's (per-frame) clock.
  hot.traceNow = () => clock.now();
  const M = await instantiate(wasmModule ?? wasmBinary, budgetNow, (what) => {
    abortReason = String(what);
  }, { looplab_js_step: hot.step, looplab_js_arg: hot.arg, looplab_js_call: hot.call, looplab_js_trace_now: hot.traceNow });
  checkProtocol(M);
  bridge.engine = guardEngine(M, (e) => {
    // Called from the snippet (loop.spawn, say): its stack says at which line.
    fail(e, new Error());
    return new RuntimeFailure(dead, e);
  });
  let cppDepth = 0; // > 0 while the C++ loop runs (print says which loop printed)
  let dead = null; // why this runtime cannot be used any more
  let frame = 0;
  let idleReported = false;

  // Host callbacks are the embedder's code: a throw there must not break the run.
  const host = (fn, arg) => {
    if (!fn) return;
    try {
      fn(arg);
    } catch (e) {
      console.error('looplab: a runtime callback threw', e);
    }
  };
  const reportError = (e, extra) => host(onError, { message: messageOf(e), stack: stackOf(e), fatal: false, ...extra });

  M.looplabBridge = bridge.imports;
  if (!M.init(onTrace !== undefined, frameBudgetMs / 1000, clockKind === 'real')) throw new Error(`looplab: the runtime could not start: ${M.lastError()}`);
  const maxResumesPerFrame = options.maxResumesPerFrame ?? 0; // 0: no limit
  if (!M.setMaxResumesPerTick(maxResumesPerFrame)) {
    throw new Error(`looplab: the runtime could not start: ${M.lastError()}`);
  }

  const checkUsable = (what) => {
    if (dead) throw new Error(`${what}: ${dead}`);
  };

  /** Runs `fn` (a call into the C++ loop); a trap or abort there ends the run. */
  const inCpp = (fn) => {
    cppDepth++;
    try {
      return fn();
    } catch (e) {
      fail(e);
      throw new RuntimeFailure(dead, e);
    } finally {
      cppDepth--;
    }
  };

  /** What the runtime held when it failed, in words: "1,980,564 tasks alive", "3 tasks and 4,194,304 timer callbacks alive". */
  const alive = () => {
    const n = (x) => x.toLocaleString('en-US');
    const callbacks = bridge.liveCallbacks;
    return callbacks ? `${n(bridge.liveTasks)} tasks and ${n(callbacks)} timer callbacks alive` : `${n(bridge.liveTasks)} tasks alive`;
  };

  /** Ends the run for good: `e` came out of C++; `at`, an Error made where JS saw it (its stack is the one reported). */
  function fail(e, at) {
    if (dead) return;
    const oom =
      /enlarge memory|out of memory|OOM|bad_alloc/i.test(`${abortReason ?? ''} ${e?.message ?? ''}`) ||
      (e instanceof WebAssembly.Exception && M.HEAPU8.length >= NEARLY_FULL_BYTES);
    dead = oom
      ? `the C++ runtime ran out of memory (${MAX_HEAP_BYTES / (1024 * 1024)} MB, with ${alive()}), so this run has ended; run again for a fresh runtime`
      : `the C++ runtime crashed (${abortReason ?? messageOf(e)}), so this run has ended; run again for a fresh runtime`;
    bridge.disposed = true;
    driver.stop();
    // Where JS saw it, if known (the snippet's line), headed by what happened.
    const stack = at ? stackOf(at)?.replace(/^.*/, `RuntimeFailure: ${dead}`) : stackOf(e);
    host(onError, { message: dead, stack, fatal: true });
  }

  function emitTrace(turn) {
    if (!onTrace) return;
    const count = M.traceDrain();
    const f64 = new Float64Array(M.HEAPF64.buffer, M.traceF64(), count * 2);
    const u32 = new Uint32Array(M.HEAPU32.buffer, M.traceU32(), count * 3);
    const batch = makeBatch({
      frame,
      wallMs: turn.wallMs,
      loopTime: turn.loopTime,
      count,
      f64,
      u32,
      names: takeNames(),
      errors: parseTable(M.traceErrors()),
      dropped: M.traceDropped(),
    });
    try {
      onTrace(batch, turn);
    } catch (e) {
      console.error('looplab: a runtime callback threw', e);
    }
  }

  function takeNames() {
    const names = parseTable(M.traceNames());
    if (bridge.pendingNames.length) {
      names.push(...bridge.pendingNames);
      bridge.pendingNames = [];
    }
    return names;
  }

  /** @param {ReplayFrame} turn */
  function afterTurn(turn) {
    emitTrace(turn);
    if (turn.resumes > 0) idleReported = false; // work came and went: a new idle spell
    const idle = isIdle();
    if (idle && !idleReported) host(onIdle);
    idleReported = idle;
  }

  function isIdle() {
    return !M.hasReady() && M.nextDeadline() === Infinity;
  }

  function onFrame() {
    if (dead) return;
    // A host still taking in earlier trace batches holds the loop for this
    // frame: the C++ loop then runs at the pace its viewer can follow, instead
    // of burying the page under batches it cannot draw. The frame still
    // arrived, so the stall watchdog is not fooled.
    // A held frame is not a turn of the loop, so it takes no turn of a replay either.
    if (holdFrame !== undefined && holdFrame() === true) return;
    if (replay) {
      replayFrame();
      return;
    }
    frame++;
    const wallMs = clock.wallMs();
    const loopTime = clock.now();
    let resumes;
    try {
      resumes = inCpp(() => M.tick(loopTime));
      if (resumes < 0) throw new Error(M.lastError());
    } catch (e) {
      fail(e);
      return; // fail() has reported it
    }
    afterTurn({ loopTime, wallMs, resumes, step: false });
  }

  // A replay gives each turn exactly what the recorded turn had, because the
  // C++ loop is deterministic given three inputs per turn, and a recording
  // fixes all three: the loop time the tick runs at (which timers fall due),
  // how many resumes it runs (where the next turn begins), and whether it was
  // a tick or a single step. The number of resumes is the one input that
  // normally depends on this machine's speed (a tick runs until 8 ms of wall
  // time are spent), so a replayed tick runs with its recorded count as the
  // cap and the budget clock standing still: it runs exactly that many
  // resumes however fast or slow the replay is. (The other way to get this,
  // a fixed virtual step per frame, would still leave the budget to wall
  // time, and would change every virtual-clock run; this touches none.)
  // What happens between turns (JS promise reactions, a JS timer) is the JS
  // loop's: it repeats only if the snippet's JS side does.
  function replayFrame() {
    if (replayNext >= replay.length) {
      endReplay();
      return;
    }
    const turn = replay[replayNext++];
    frame++;
    clock.followRecording(turn.wallMs, turn.loopTime);
    const wallMs = clock.wallMs();
    const loopTime = clock.now();
    let resumes;
    budgetClockStill = wallNow();
    try {
      if (turn.step) {
        resumes = inCpp(() => M.step(loopTime));
      } else {
        // A cap of 0 would mean "no limit": a recorded tick that ran nothing gets 1, which runs nothing again when nothing is ready.
        if (!M.setMaxResumesPerTick(Math.max(1, turn.resumes))) throw new Error(M.lastError());
        resumes = inCpp(() => M.tick(loopTime));
      }
      if (resumes < 0) throw new Error(M.lastError());
    } catch (e) {
      fail(e);
      return;
    } finally {
      budgetClockStill = null;
    }
    afterTurn({ loopTime, wallMs, resumes, step: turn.step });
    if (replayNext >= replay.length) endReplay();
  }

  // The recorded turns are used up: the runtime pauses itself there (the
  // host says when to go on), and from now on runs on its own virtual clock
  // from the last recorded time.
  function endReplay() {
    if (!replay || dead) return;
    replay = null;
    driver.stop();
    clock.endReplay();
    if (!M.setMaxResumesPerTick(maxResumesPerFrame)) {
      fail(new Error(M.lastError()));
      return;
    }
    host(onReplayEnd);
  }

  const driver = new FrameDriver({
    frameSource: options.frameSource ?? defaultFrameSource(),
    timers: options.timers ?? globalThis,
    wallNow,
    stallMs: STALL_MS,
    onFrame,
    onStall: (info) => host(onFrameStall, info),
  });

  const loop = createLoop(bridge, { loopNow: () => M.now(), checkUsable });

  const globals = Object.freeze({
    loop,
    print(...values) {
      checkUsable('print');
      const text = formatValues(values);
      host(onPrint, { loop: cppDepth > 0 ? 'cpp' : 'js', ms: clock.now() * 1000, text });
    },
    now() {
      checkUsable('now');
      return clock.now();
    },
  });

  const runtime = {
    globals,
    start() {
      checkUsable('runtime.start');
      if (!replay) clock.thaw(); // a replay sets the clock frame by frame
      driver.start();
    },
    pause() {
      checkUsable('runtime.pause');
      driver.stop();
      clock.freeze();
    },
    step() {
      checkUsable('runtime.step');
      if (cppDepth > 0) throw new Error('runtime.step: cannot step the loop from inside one of its own tasks or callbacks');
      if (replay) throw new Error('runtime.step: a replay is running; it pauses by itself after its last recorded turn, and step() works from there');
      frame++;
      const wallMs = clock.wallMs();
      // With nothing ready, a paused virtual clock jumps to the next timer, so
      // single-stepping walks through sleeps instead of waiting them out.
      if (clockKind === 'virtual' && !M.hasReady()) {
        const next = M.nextDeadline();
        if (next !== Infinity) clock.jumpTo(next);
      }
      const loopTime = clock.now();
      const did = inCpp(() => M.step(loopTime));
      if (did < 0) {
        fail(new Error(M.lastError()));
        throw new RuntimeFailure(dead);
      }
      afterTurn({ loopTime, wallMs, resumes: did, step: true });
      return did === 1;
    },
    setSpeed(factor) {
      checkUsable('runtime.setSpeed');
      if (clockKind !== 'virtual') throw new Error("runtime.setSpeed: slow motion needs createRuntime({ clock: 'virtual' })");
      if (typeof factor !== 'number' || !(factor >= SPEED_MIN && factor <= SPEED_MAX)) {
        throw new RangeError(`runtime.setSpeed: factor must be a number from ${SPEED_MIN} to ${SPEED_MAX} (1 = real time); got ${describe(factor)}`);
      }
      clock.setSpeed(factor);
    },
    isIdle() {
      checkUsable('runtime.isIdle');
      return isIdle();
    },
    /** The snippet's tasks that have not finished, and what each waits on (Bridge#unfinishedTasks); none once the runtime failed. */
    unfinishedTasks() {
      return dead ? [] : bridge.unfinishedTasks();
    },
    /** True while a replay has recorded turns left (it pauses by itself after the last). */
    isReplaying() {
      return replay !== null;
    },
    /** Ms since the run began on the run's wall clock: during a replay, the recorded frame's. */
    wallMs() {
      return clock.wallMs();
    },
    dispose() {
      if (dead === 'this runtime was disposed') return;
      if (cppDepth > 0) throw new Error('runtime.dispose: cannot dispose the loop from inside one of its own tasks or callbacks');
      driver.stop();
      if (!dead) {
        bridge.disposed = true;
        try {
          M.dispose(); // destroys every task; their JS records are released
        } catch {
          // a runtime that failed may not tear down cleanly; it is dropped whole
        }
      }
      dead = 'this runtime was disposed';
      M.looplabBridge = null;
    },
    [DEBUG]: {
      heapBytes: () => M.heapBytes(),
      liveTasks: () => ({ js: bridge.liveTasks, callbacks: bridge.liveCallbacks, errors: bridge.errors.size, cpp: M.liveTasks() }),
      trap: () => inCpp(() => M.debugTrap()),
      exhaustMemory: () => {
        if (inCpp(() => M.debugExhaustMemory()) < 0) {
          fail(new Error(M.lastError()));
          throw new RuntimeFailure(dead);
        }
      },
      taskOf: (rec) => taskOf(bridge, rec),
      benchCppYields: (tasks, yields, traced = false) => M.benchCppYields(tasks, yields, traced),
    },
  };
  return runtime;
}

/** Rows "id US text RS" (ASCII unit and record separators; C++ strips them from the text). */
function parseTable(text) {
  if (!text) return [];
  const out = [];
  for (const row of text.split('\x1e')) {
    if (!row) continue;
    const us = row.indexOf('\x1f');
    out.push([Number(row.slice(0, us)), row.slice(us + 1)]);
  }
  return out;
}

function checkProtocol(M) {
  const mine = { ...prefixed('STATUS_', STATUS), ...prefixed('MODE_', MODE), ...prefixed('SETTLE_', SETTLE) };
  for (const [k, v] of Object.entries(mine)) {
    if (M[k] !== v) throw new Error(`looplab: the wasm module and wasm_bindings/js disagree on ${k} (${M[k]} vs ${v}): rebuild the module`);
  }
  if (M.TRACE_FORMAT_VERSION !== TRACE_FORMAT_VERSION) {
    throw new Error(`looplab: the wasm module writes trace format ${M.TRACE_FORMAT_VERSION}, this JavaScript reads ${TRACE_FORMAT_VERSION}`);
  }
}

function prefixed(p, o) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [p + k, v]));
}
