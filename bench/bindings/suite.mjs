// The bindings benchmarks, written once for node and for Chromium (no node
// imports here): the runner hands in createRuntime, the wasm bytes, and how to
// read/collect the JS heap where the engine allows it. Figures, not pass/fail.
//
// Frames come from a manual frame source with a budget larger than the work,
// so one delivered frame runs a whole workload in one tick: what is timed is
// the loop and the bridge, not frame pacing.

const GENERATORS = 10; // the talk's round-robin over a handful of generators
const YIELDS = 100_000; // per generator
const CALLBACKS = 100_000;
const SLEEPERS = 20_000;
const REPEATS = 7;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function* yielder(n) {
  for (let i = 0; i < n; i++) yield;
}

async function manualRuntime(createRuntime, wasmBinary, extra = {}) {
  let pending = [];
  const frameSource = {
    request(cb) {
      pending.push(cb);
      return pending.length;
    },
    cancel() {},
  };
  const rt = await createRuntime({
    wasmBinary,
    frameBudgetMs: 1e9,
    frameSource,
    timers: { setTimeout: () => 0, clearTimeout() {} },
    ...extra,
  });
  rt.start();
  const frame = () => {
    const due = pending;
    pending = [];
    for (const cb of due) cb(performance.now());
  };
  frame(); // the first frame, with nothing to do yet
  return { rt, frame };
}

/** ns per step of JS generator tasks on the C++ loop (bare `yield` each step). */
async function cppLoopGeneratorStep(createRuntime, wasmBinary, tracing, clock = 'real') {
  const { rt, frame } = await manualRuntime(createRuntime, wasmBinary, { clock, ...(tracing ? { onTrace() {} } : {}) });
  const { loop } = rt.globals;
  for (let i = 0; i < GENERATORS; i++) loop.spawn(yielder(YIELDS));
  const t0 = performance.now();
  frame();
  const ms = performance.now() - t0;
  rt.dispose();
  return (ms * 1e6) / (GENERATORS * (YIELDS + 1));
}

/** ns per step of the talk's run(tasks) in plain JS, over the same generators. */
function plainJsRoundRobin() {
  const tasks = [];
  for (let i = 0; i < GENERATORS; i++) tasks.push(yielder(YIELDS));
  const t0 = performance.now();
  while (tasks.length) {
    const task = tasks.shift();
    if (!task.next().done) tasks.push(task);
  }
  const ms = performance.now() - t0;
  return (ms * 1e6) / (GENERATORS * (YIELDS + 1));
}

/** ns per step of C++ coroutine tasks doing co_await yield_now() (no JS). */
async function cppOnlyStep(createRuntime, wasmBinary, DEBUG, traced) {
  const { rt } = await manualRuntime(createRuntime, wasmBinary);
  const t0 = performance.now();
  const resumes = rt[DEBUG].benchCppYields(GENERATORS, YIELDS, traced);
  const ms = performance.now() - t0;
  rt.dispose();
  return (ms * 1e6) / resumes;
}

/**
 * ns per loop.setTimeout callback: scheduling it, the timer firing, the call.
 * The second round is timed: the first grows the wasm heap and the loop's
 * tables, which a run pays once.
 */
async function setTimeoutCallback(createRuntime, wasmBinary) {
  const { rt, frame } = await manualRuntime(createRuntime, wasmBinary);
  const { loop } = rt.globals;
  let calls = 0;
  const cb = () => {
    calls++;
  };
  const round = () => {
    const t0 = performance.now();
    for (let i = 0; i < CALLBACKS; i++) loop.setTimeout(0, cb);
    frame();
    return performance.now() - t0;
  };
  const coldMs = round();
  const warmMs = round();
  rt.dispose();
  if (calls !== 2 * CALLBACKS) throw new Error(`only ${calls} of ${2 * CALLBACKS} callbacks ran`);
  return { cold: (coldMs * 1e6) / CALLBACKS, warm: (warmMs * 1e6) / CALLBACKS };
}

/** Bytes per sleeping JS task: wasm heap, and JS heap where it can be read. */
async function sleepingTaskBytes(createRuntime, wasmBinary, DEBUG, memory) {
  const { rt, frame } = await manualRuntime(createRuntime, wasmBinary);
  const { loop } = rt.globals;
  function* sleeper() {
    yield loop.sleep(1e6);
  }
  const tasks = [];
  await memory.gc?.();
  const wasm0 = rt[DEBUG].heapBytes();
  const js0 = memory.jsHeapUsed?.();
  for (let i = 0; i < SLEEPERS; i++) tasks.push(loop.spawn(sleeper()));
  frame(); // each task runs to its sleep
  await memory.gc?.();
  const wasm = (rt[DEBUG].heapBytes() - wasm0) / SLEEPERS;
  const js = js0 === undefined ? undefined : (memory.jsHeapUsed() - js0) / SLEEPERS;
  if (tasks.some((t) => t.state !== 'pending')) throw new Error('a sleeper is not sleeping');
  rt.dispose();
  return { wasm, js };
}

/**
 * @param {{ createRuntime: Function, DEBUG: symbol, wasmBinary: Uint8Array|ArrayBuffer,
 *   memory: { gc?: () => unknown, jsHeapUsed?: () => number } }} env
 */
export async function runSuite({ createRuntime, DEBUG, wasmBinary, memory = {} }) {
  const runs = { cppJs: [], cppJsTraced: [], cppJsTracedVirtual: [], plainJs: [], cppOnly: [], cppOnlyTraced: [], setTimeout: [], setTimeoutCold: [] };
  // One untimed pass first, so every path is compiled by the JIT before it is
  // timed; then interleaved repeats, so a slow patch of the machine hits every
  // figure alike.
  for (let r = -1; r < REPEATS; r++) {
    if (r === 0) for (const k of Object.keys(runs)) runs[k].length = 0;
    runs.plainJs.push(plainJsRoundRobin());
    runs.cppJs.push(await cppLoopGeneratorStep(createRuntime, wasmBinary, false));
    runs.cppJsTraced.push(await cppLoopGeneratorStep(createRuntime, wasmBinary, true));
    // The real clock's trace reads the wall clock after every resume (true
    // run-bar lengths); the virtual clock's does not: the difference is the
    // cost of that read, the rest is recording.
    runs.cppJsTracedVirtual.push(await cppLoopGeneratorStep(createRuntime, wasmBinary, true, 'virtual'));
    runs.cppOnly.push(await cppOnlyStep(createRuntime, wasmBinary, DEBUG, false));
    runs.cppOnlyTraced.push(await cppOnlyStep(createRuntime, wasmBinary, DEBUG, true));
    const st = await setTimeoutCallback(createRuntime, wasmBinary);
    runs.setTimeout.push(st.warm);
    runs.setTimeoutCold.push(st.cold);
  }
  const sleeping = await sleepingTaskBytes(createRuntime, wasmBinary, DEBUG, memory);
  // Ratios pair the runs of one repeat (taken back to back), then take the median.
  const paired = (a, b) => median(a.map((x, i) => x / b[i]));
  return {
    ratio: paired(runs.cppJs, runs.plainJs),
    ratioTraced: paired(runs.cppJsTraced, runs.plainJs),
    ratioTracedVirtual: paired(runs.cppJsTracedVirtual, runs.plainJs),
    cppJsTracedVirtual: median(runs.cppJsTracedVirtual),
    cppJs: median(runs.cppJs),
    cppJsTraced: median(runs.cppJsTraced),
    plainJs: median(runs.plainJs),
    cppOnly: median(runs.cppOnly),
    cppOnlyTraced: median(runs.cppOnlyTraced),
    setTimeout: median(runs.setTimeout),
    setTimeoutCold: median(runs.setTimeoutCold),
    sleepingWasmBytes: sleeping.wasm,
    sleepingJsBytes: sleeping.js,
    steps: GENERATORS * (YIELDS + 1),
    repeats: REPEATS,
  };
}

const TARGET = 2;

/** The report, as lines of text. */
export function formatResults(where, r) {
  const f = (x) => (x === undefined ? 'n/a' : x.toFixed(1));
  const { ratio } = r;
  const verdict = ratio <= TARGET
    ? `met (${f((1 - ratio / TARGET) * 100)}% under)`
    : `MISSED by ${f((ratio / TARGET - 1) * 100)}% (${f(ratio)}x, target ${TARGET}x)`;
  return [
    `${where}: medians of ${r.repeats} runs, ${r.steps.toLocaleString('en')} steps each`,
    `  JS generator step on the C++ loop      ${f(r.cppJs)} ns/step (trace off), ${f(r.cppJsTraced)} ns/step (trace on, real clock), ${f(r.cppJsTracedVirtual)} ns/step (trace on, virtual clock)`,
    `  plain-JS round-robin (the talk's run)  ${f(r.plainJs)} ns/step`,
    `  C++-only task, co_await yield_now()    ${f(r.cppOnly)} ns/step (trace off), ${f(r.cppOnlyTraced)} ns/step (trace on)`,
    `  ratio C++ loop / plain JS (paired)     ${ratio.toFixed(2)}x (trace on: ${r.ratioTraced.toFixed(2)}x real clock, ${r.ratioTracedVirtual.toFixed(2)}x virtual clock); target <= ${TARGET}x: ${verdict}`,
    `  loop.setTimeout callback               ${f(r.setTimeout)} ns each (schedule + fire + call; ${f(r.setTimeoutCold)} ns in a fresh runtime)`,
    `  sleeping JS task                       ${f(r.sleepingWasmBytes)} B wasm heap + ${f(r.sleepingJsBytes)} B JS heap`,
  ];
}
