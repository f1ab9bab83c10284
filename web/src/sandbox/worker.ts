// The sandbox worker: runs one snippet together with one runtime, then is
// thrown away (Stop terminates it; the frame keeps a fresh one ready). It is
// built as one self-contained classic script, because it starts from a Blob in
// an opaque-origin frame where module imports would need CORS.
import { buffersOf, msg, packJsRecords, packNames, parsePageMessage, type PageToSandbox, type ReplayFrame, type SandboxToPage, type Unrepeatable } from '../protocol';
import type { JsStreamRecord } from '../trace/format';
import { MAX_TEXT_CHARS, clipText, formatValues } from '../../../wasm_bindings/js/format.js';
import { instrumentJsLoop, type JsLoopProbe } from './instrument';
import type { CreateRuntime, FrameSource, Runtime } from './runtime-contract';
import { compileSnippet, mapStack } from './snippet';

// Present only when the bindings exist in this checkout: without them the JS
// loop still runs, and `loop` explains what is missing.
import { createRuntime as bindingsCreateRuntime } from 'virtual:looplab-bindings';

const createRuntime = bindingsCreateRuntime as CreateRuntime | undefined;

// The worker's global scope, typed through the DOM lib (the WebWorker lib cannot be combined with it).
const scope = self as unknown as typeof globalThis & { postMessage(data: unknown, transfer: Transferable[]): void };
// Captured before the snippet can replace them (and before instrumentation).
const rawThen = Promise.prototype.then;
const rawRaf = scope.requestAnimationFrame?.bind(scope);
const rawCancelRaf = scope.cancelAnimationFrame?.bind(scope);
const rawSetTimeout = scope.setTimeout.bind(scope);
const rawClearTimeout = scope.clearTimeout.bind(scope);
const rawPost = scope.postMessage.bind(scope);
// The sandbox's own warnings stay in the browser's console; the snippet's console prints (see start).
const sandboxWarn = console.warn.bind(console);
// The sandbox's own clock readings: the snippet's go through watchers (below)
// that tell the page a re-run of this snippet may not repeat it.
const rawPerformanceNow = scope.performance.now.bind(scope.performance);

/** The wasm runtime as the frame handed it over: compiled (shared by every run's worker), or its bytes; null: none. */
let wasm: { wasmModule: WebAssembly.Module } | { wasmBinary: ArrayBuffer } | null = null;
let runtime: Runtime | null = null;
let prepared: Promise<Runtime> | null = null;
let probe: JsLoopProbe | null = null;
let runId = 0;
let clockKind: 'real' | 'virtual' = 'real';
let startMs = 0;
let started = false;
let finished = false;
let hadError = false;
let checkQueued = false;
let jsEvents: JsStreamRecord[] = [];
/** What the page asked for, kept so a control sent while the run starts is applied once it has. */
let paused = false;
let speed = 1;
let pendingSteps = 0;
/** Trace batches posted, and those the page has said it took in (flow control). */
let batchesSent = 0;
let batchesTaken = 0;
/** The snippet's top level has run and the runtime is driven by the controls from now on. */
let live = false;
/** A re-run's recorded turns of the C++ loop, run again before the controls take over (see onReplayEnd). */
let replayTurns: ReplayFrame[] | null = null;
let replaying = false;
/** Core events posted so far in this run. */
let eventsSent = 0;
/** What the snippet used that a re-run cannot repeat, each said once. */
const unrepeatable = new Set<Unrepeatable>();

type Body<T> = T extends SandboxToPage ? Omit<T, 'source'> : never;
/**
 * `body` with any printed line or error text cut to MAX_TEXT_CHARS (the same
 * object when none is longer). A snippet printing "x".repeat(1e8), or throwing
 * an Error of that message, crashed the page's renderer: the text was copied
 * through the frame to the page and made one 100 MB text node. Longer texts
 * are cut here, before any copy, and say how much was left out.
 */
function clipTexts<T extends Body<SandboxToPage>>(body: T): T {
  if (body.type === 'print' && body.text.length > MAX_TEXT_CHARS) return { ...body, text: clipText(body.text) };
  if (body.type === 'error' && (body.message.length > MAX_TEXT_CHARS || (body.stack?.length ?? 0) > MAX_TEXT_CHARS)) {
    return { ...body, message: clipText(body.message), ...(body.stack === undefined ? {} : { stack: clipText(body.stack) }) };
  }
  return body;
}
const post = (body: Body<SandboxToPage>, transfer: Transferable[] = []) => rawPost(msg(clipTexts(body)), transfer);
/** Real ms since the run began. */
const realSinceStart = () => rawPerformanceNow() - startMs;
/**
 * The run's wall clock, in ms since it began: the runtime's, which during a
 * replay is the recorded frame's (so the JS loop's events and lines land on
 * the same axis as the replayed C++ trace) and afterwards goes on from it.
 */
const sinceStart = () => (runtime ? runtime.wallMs() : realSinceStart());

scope.addEventListener('message', (e: MessageEvent) => {
  const m = parsePageMessage(e.data);
  if (!m) {
    sandboxWarn('Loop Lab sandbox: ignored a message of the wrong shape', e.data);
    return;
  }
  handle(m);
});

scope.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
  e.preventDefault();
  reportError(e.reason, 'a promise nobody awaited');
  scheduleCheck();
});

function handle(m: PageToSandbox) {
  switch (m.type) {
    case 'init':
      wasm = m.wasmModule ? { wasmModule: m.wasmModule } : m.wasmBinary ? { wasmBinary: m.wasmBinary } : null;
      prepared = makeRuntime('real');
      // A failure here is reported when a run needs the runtime.
      prepared?.catch(() => undefined);
      break;
    case 'run':
      if (started) sandboxWarn('Loop Lab sandbox: one worker runs one snippet; ignored a second run');
      else {
        paused = m.paused === true;
        speed = m.speed;
        if (m.replay && m.clock === 'virtual') {
          replayTurns = m.replay;
          paused = false; // a replay runs, then pauses by itself
        }
        void start(m.runId, m.code, m.clock);
      }
      break;
    // Controls can arrive while the run is still starting (its runtime not made
    // yet): they are remembered and applied once it is, never dropped.
    // Pause and Step hold the JS loop too (its timers wait, and run late on
    // Resume), so a learner stepping the C++ loop sees both loops stand still.
    case 'pause':
      paused = true;
      probe?.hold(true);
      control(() => runtime?.pause());
      if (live) sendState(true);
      break;
    case 'resume':
      paused = false;
      probe?.hold(false);
      pendingSteps = 0;
      control(() => runtime?.start());
      if (live) sendState(false);
      scheduleCheck();
      break;
    case 'step':
      if (replaying) {
        sandboxWarn('Loop Lab sandbox: a re-run steps once it has reached its point; ignored a Step');
        break;
      }
      paused = true;
      probe?.hold(true);
      if (!live) pendingSteps++;
      else stepOnce();
      break;
    case 'trace-taken':
      batchesTaken++;
      requestFastFrame();
      break;
    // Answered at once, from this event loop: a thread the snippet keeps busy
    // cannot, which is how the page knows it is blocked (runner/sandboxWatch.ts).
    case 'ping':
      if (started) post({ type: 'pong', runId });
      break;
    case 'speed':
      speed = m.factor;
      if (clockKind === 'virtual') control(() => runtime?.setSpeed(clampSpeed(speed)));
      else sandboxWarn('Loop Lab sandbox: speed needs the virtual clock; this run is on the real clock');
      break;
    case 'stop':
      // Stop is the frame's terminate(); a worker asked to stop just goes quiet.
      finished = true;
      runtime?.pause();
      break;
  }
}

// The runtime is made while the worker waits for its run (the frame keeps a
// spare worker ready), so a run starts at once. Its wall clock is this
// worker's, with the origin moved to the moment the snippet starts: the
// first line of a run is at ~0 ms, not after the wasm instantiation.
function makeRuntime(clock: 'real' | 'virtual', replay?: ReplayFrame[]): Promise<Runtime> | null {
  if (!createRuntime || !wasm) return null;
  return createRuntime({
    ...(replay ? { replay, onReplayEnd } : {}),
    ...wasm,
    clock,
    startMs: 0,
    // Each resume adds four trace events that the page's main thread takes in
    // and draws; time alone does not bound them (a task that only yields makes
    // thousands a millisecond). The cap keeps a busy C++ loop's trace at what
    // the page can follow; holdFrame (below) is the backstop when it cannot.
    // Measured by bench/page/busy-loop.mjs.
    maxResumesPerFrame: MAX_RESUMES_PER_FRAME,
    wallClock: realSinceStart,
    frameSource,
    // The runtime's own timers (its frame watchdog) are not the snippet's:
    // given the uninstrumented ones, they neither show in the JS trace nor keep the run alive.
    timers: { setTimeout: rawSetTimeout, clearTimeout: rawClearTimeout },
    // Each loop's lines carry its own clock: the C++ loop's time (virtual under
    // slow motion), and for the JS loop, whose timers always run in real time,
    // the real ms since the run began (as its js-trace events do).
    onPrint: (line) =>
      post({
        type: 'print',
        runId,
        loop: line.loop,
        ms: round(line.loop === 'js' && clockKind === 'virtual' ? sinceStart() : line.ms),
        text: line.text,
      }),
    onTrace: (batch, turn) => {
      batchesSent++;
      eventsSent += batch.count;
      const message = { type: 'trace' as const, runId, batch: { ...batch, names: [] }, turn, packedNames: packNames(batch.names) };
      post(message, buffersOf(message));
    },
    // The page takes in every event the C++ loop traces, on its main thread.
    // While it is more than MAX_BATCHES_AHEAD batches behind, the loop waits a
    // frame: a busy loop then runs at the pace the page can follow, and the
    // page stays responsive instead of drowning in queued batches.
    holdFrame: () => batchesSent - batchesTaken > MAX_BATCHES_AHEAD,
    onIdle: scheduleCheck,
    onError: (err) => {
      hadError = true;
      const mapped = mapStack(err.stack);
      // A fatal error (a trap, memory run out) is the C++ runtime's own: said so, not left bare.
      const task = err.task ?? (err.fatal ? 'the C++ loop' : undefined);
      post({ type: 'error', runId, message: err.message, ...mapped, ...(task ? { task } : {}) });
      if (err.fatal) {
        runtime = null;
        finish('error');
      }
    },
    onFrameStall: (info) => post({ type: 'stalled', runId, sinceMs: round(info.sinceMs) }),
  });
}

async function start(id: number, code: string, clock: 'real' | 'virtual') {
  started = true;
  runId = id;
  clockKind = clock;
  startMs = rawPerformanceNow();
  const compiled = compileSnippet(code);
  if (!compiled.ok) {
    post({ type: 'syntax-error', runId, message: compiled.message, line: compiled.line, column: compiled.column });
    finish('error');
    return;
  }
  try {
    if (clock === 'virtual') {
      void prepared?.then((r) => r.dispose(), () => undefined);
      prepared = makeRuntime('virtual', replayTurns ?? undefined);
      replaying = replayTurns !== null && prepared !== null;
    }
    runtime = prepared ? await prepared : null;
    if (runtime && clock === 'virtual') runtime.setSpeed(clampSpeed(speed));
  } catch (e) {
    replaying = false;
    reportError(e, 'the C++ runtime (it failed to start)');
  }
  startMs = rawPerformanceNow();
  probe = instrumentJsLoop(scope, {
    now: sinceStart,
    onEvent: (ev) => {
      if (ev.phase === 'scheduled' && (ev.api === 'setTimeout' || ev.api === 'setInterval' || ev.api === 'requestAnimationFrame')) {
        noteUnrepeatable(ev.api);
      }
      queueJsRecord(ev);
    },
    onBlocked: (s, e) => post({ type: 'blocked', runId, startMs: s, endMs: e }),
    onError: reportError,
    onTurnEnd: scheduleCheck,
    onUnrecorded: (count) => queueJsRecord({ kind: 'unrecorded', ms: round(sinceStart()), count }),
  });
  // Paused (Pause before Run, or a run that starts paused): the JS loop stands still too.
  if (paused) probe.hold(true);
  const print = runtime
    ? runtime.globals.print
    : (...values: unknown[]) => post({ type: 'print', runId, loop: 'js', ms: round(sinceStart()), text: formatValues(values) });
  // console.log and its kin print like print: a learner writes them without a
  // second thought, and this worker's console is out of their sight.
  for (const method of ['log', 'info', 'debug', 'warn', 'error'] as const) scope.console[method] = (...values: unknown[]) => print(...values);
  const runNow = runtime ? runtime.globals.now : () => sinceStart() / 1000;
  const now = () => {
    noteUnrepeatable('now()');
    return runNow();
  };
  const loop = runtime ? runtime.globals.loop : missingLoop(wasm !== null && createRuntime !== undefined);
  watchClockAndChance();
  forbidClose();
  explainNoNetwork();
  probe.turn(() => {
    const done = compiled.fn(loop, print, now);
    rawThen.call(done, undefined, (e: unknown) => {
      reportError(e, 'the snippet');
      scheduleCheck();
    });
  }, 'the snippet');
  live = true;
  if (!paused) {
    runtime?.start();
    return;
  }
  // Started paused (or paused while starting): the page hears so, and any
  // Step pressed meanwhile is taken now, one resume each.
  sendState(true);
  for (; pendingSteps > 0; pendingSteps--) stepOnce();
  scheduleCheck();
}

// The last recorded turn has run: the C++ loop is paused there. The page hears
// it one macrotask later, once the promise reactions of that turn have run
// (they ran then in the recorded run too), so its output is complete.
function onReplayEnd() {
  replaying = false;
  paused = true;
  probe?.hold(true);
  rawSetTimeout(() => {
    if (finished) return;
    post({ type: 'replayed', runId, events: eventsSent });
    sendState(true);
    scheduleCheck();
  }, 0);
}

function noteUnrepeatable(what: Unrepeatable) {
  if (unrepeatable.has(what)) return;
  unrepeatable.add(what);
  post({ type: 'unrepeatable', runId, what });
}

// Clock readings and chance differ from run to run, so a snippet that uses
// them may not repeat: reading them is noted (the values are untouched).
function watchClockAndChance() {
  const RealDate = scope.Date;
  const realDateNow = RealDate.now.bind(RealDate);
  RealDate.now = function now() {
    noteUnrepeatable('Date');
    return realDateNow();
  };
  // `new Date()` and `Date()` read the clock too; `new Date(ms)` does not.
  scope.Date = new Proxy(RealDate, {
    apply(target, self, args: unknown[]) {
      noteUnrepeatable('Date');
      return Reflect.apply(target, self, args) as unknown;
    },
    construct(target, args: unknown[], newTarget: () => unknown) {
      if (args.length === 0) noteUnrepeatable('Date');
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
  scope.performance.now = function now() {
    noteUnrepeatable('performance.now');
    return rawPerformanceNow();
  };
  const realRandom = Math.random.bind(Math);
  Math.random = function random() {
    noteUnrepeatable('Math.random');
    return realRandom();
  };
}

function stepOnce() {
  control(() => {
    runtime?.pause();
    runtime?.step();
  });
  sendState(true);
  scheduleCheck();
}

/** The most resumes of the C++ loop per frame (see makeRuntime). */
const MAX_RESUMES_PER_FRAME = 512;
/** Trace batches the page may be behind before the C++ loop waits for it (see holdFrame). */
const MAX_BATCHES_AHEAD = 2;

const clampSpeed = (f: number) => Math.min(1, Math.max(0.05, f));

// The C++ loop is stepped once per frame of this worker; each frame is a turn
// of the JS loop too, so a busy C++ task shows as a blocked turn.
const asTurn = (cb: (nowMs: number) => void, t: number) => (probe ? probe.turn(() => cb(t), 'the C++ loop') : cb(t));
const frameSource: FrameSource = {
  request: (cb) => {
    if (replaying) return requestReplayFrame(cb);
    return rawRaf ? rawRaf((t: number) => asTurn(cb, t)) : (rawSetTimeout(() => cb(rawPerformanceNow()), 16) as unknown as number);
  },
  cancel: (id) => {
    if (id === REPLAY_FRAME_ID) replayFrame = null;
    else rawCancelRaf?.(id);
  },
};

// A replay's turns do not wait for animation frames: each runs as its own
// macrotask (so the JS loop's promise reactions still run between turns, as
// they did between frames), as fast as the page takes in their trace. A turn
// waits while the page is behind, instead of asking for a frame only to be held.
const REPLAY_FRAME_ID = -1;
let replayFrame: ((nowMs: number) => void) | null = null;
let replayFramePosted = false;
const replayChannel = new MessageChannel();
replayChannel.port1.onmessage = () => {
  replayFramePosted = false;
  const cb = replayFrame;
  replayFrame = null;
  if (cb) asTurn(cb, rawPerformanceNow());
};

function requestReplayFrame(cb: (nowMs: number) => void): number {
  replayFrame = cb;
  requestFastFrame();
  return REPLAY_FRAME_ID;
}

function requestFastFrame() {
  if (replayFrame === null || replayFramePosted || batchesSent - batchesTaken > MAX_BATCHES_AHEAD) return;
  replayFramePosted = true;
  replayChannel.port2.postMessage(null);
}

/** A control from the views must never break the run: a refusal is reported, not thrown. */
function control(fn: () => void) {
  if (finished) return;
  try {
    fn();
  } catch (e) {
    sandboxWarn('Loop Lab sandbox: the runtime refused a control', e);
  }
}

/** `loop` when there is no C++ runtime: `failed`, it did not start (its error was reported); else this build has none. */
function missingLoop(failed: boolean) {
  const why = failed
    ? '`loop` (the C++ loop) is not available: the C++ runtime failed to start (the error before this one says why). ' +
      'Examples on the JS loop still run.'
    : '`loop` (the C++ loop) is not available: this build of the page has no wasm runtime. ' +
      'Build it with `npm run build`; examples on the JS loop run without it.';
  return new Proxy(
    {},
    {
      get() {
        throw new Error(why);
      },
    },
  );
}

/**
 * `close()` (or `self.close()`) in a snippet would end the worker without a
 * word: no more messages, and the page showed "Running…" until Stop. It
 * throws instead, saying why; the sandbox ends runs itself (and Stop ends it).
 */
function forbidClose() {
  Object.defineProperty(scope, 'close', {
    configurable: true,
    value: () => {
      throw new Error('close() would end the sandbox without a word: a run ends by itself once neither loop has anything left to do, or with Stop.');
    },
  });
}

// The sandbox has no network: the frame's Content-Security-Policy refuses every
// request, so code from a link cannot send anything anywhere. A learner who
// tries fetch got the browser's bare "Failed to fetch"; it now says why, and
// what to use instead. (This is the message only: the policy is the barrier.)
function explainNoNetwork() {
  Object.defineProperty(scope, 'fetch', {
    configurable: true,
    writable: true,
    value: () =>
      Promise.reject(
        new TypeError(
          'fetch: snippets run without network access, so that code from a link cannot reach anything. To stand in for a slow request, await loop.sleep(seconds), or a Promise that setTimeout resolves.',
        ),
      ),
  });
}

function reportError(e: unknown, task: string) {
  hadError = true;
  if (e instanceof Error) {
    post({ type: 'error', runId, message: `${e.name}: ${e.message}`, task, ...mapStack(e.stack) });
  } else {
    post({ type: 'error', runId, message: `Uncaught ${formatValues([e])}`, task });
  }
}

/** JS trace records go to the page together, once the current macrotask is over. */
function queueJsRecord(record: JsStreamRecord) {
  if (jsEvents.push(record) === 1) rawSetTimeout(flushJsEvents, 0);
}

function flushJsEvents() {
  if (!jsEvents.length) return;
  const message = { type: 'js-trace' as const, runId, events: [], packedEvents: packJsRecords(jsEvents) };
  post(message, buffersOf(message));
  jsEvents = [];
}

function sendState(paused: boolean) {
  post({ type: 'state', runId, paused, idle: runtime ? runtime.isIdle() : true });
}

// The run is over when neither loop has anything left to do. Checked two
// macrotasks later: after the microtasks of the turn that just ended, and
// after the browser's unhandledrejection events for that turn, which it
// dispatches in a task of its own queued once those microtasks are done.
// Checked one macrotask later, a promise rejected with nobody awaiting it
// (an async function that throws, say) was reported after 'done', and lost.
function scheduleCheck() {
  if (checkQueued || finished || !probe) return;
  checkQueued = true;
  rawSetTimeout(() => {
    rawSetTimeout(() => {
      checkQueued = false;
      if (finished || !probe) return;
      if (probe.pending() === 0 && (!runtime || runtime.isIdle())) finish(hadError ? 'error' : 'done');
    }, 0);
  }, 0);
}

/** How many unfinished tasks the page is told by name (the count says how many in all). */
const UNFINISHED_NAMED = 5;

function finish(status: 'done' | 'error') {
  if (finished) return;
  finished = true;
  runtime?.pause();
  flushJsEvents();
  // Ended by itself: a task still waiting now waits on something nothing will ever settle.
  const left = status === 'done' ? (runtime?.unfinishedTasks() ?? []) : [];
  if (left.length) post({ type: 'unfinished', runId, count: left.length, tasks: left.slice(0, UNFINISHED_NAMED) });
  post({ type: 'done', runId, status, ms: round(sinceStart()) });
}

const round = (ms: number) => Math.round(ms * 10) / 10;
