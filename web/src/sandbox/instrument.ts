// Instruments the JS loop of the sandbox worker: setTimeout, setInterval,
// queueMicrotask, Promise.then and requestAnimationFrame emit the JS trace
// records of docs/trace-format.md, every turn is timed so a busy-wait shows as
// a `blocked` record, and the count of pending timers and frames tells the
// worker when the JS loop has nothing left to do.
import type { JsApi, JsTraceEvent } from '../trace/format';

/** Turns longer than this are reported as blocked (docs/trace-format.md). */
export const BLOCKED_MS = 50;

/**
 * Callbacks recorded per macrotask (a turn and the microtasks after it). A
 * snippet that chains 200,000 promises in one go would otherwise send the
 * page 600,000 trace events at once and freeze it for seconds; the rest run
 * as usual, unrecorded, and are counted (ProbeOptions.onUnrecorded).
 */
export const MAX_RECORDED_PER_TURN = 5000;

export interface ProbeOptions {
  now(): number; // ms since the run began
  onEvent(e: JsTraceEvent): void;
  onBlocked(startMs: number, endMs: number): void;
  onError(error: unknown, task: string): void;
  onTurnEnd(): void;
  /** How many callbacks of the last macrotask ran unrecorded (see MAX_RECORDED_PER_TURN). */
  onUnrecorded?(count: number): void;
}

type Fn = (...args: unknown[]) => unknown;

export interface JsLoopProbe {
  /** Timers, intervals and frames that are scheduled and not yet run or cancelled. */
  pending(): number;
  /** Runs one turn of the loop: timed, with errors reported and not rethrown. */
  turn(fn: () => void, task: string): void;
  /**
   * Holds the JS loop (Pause) or lets it go (Resume). While held, timers,
   * intervals and animation frames that come due wait, in the order they came
   * due, and run when it is let go (late, and their lateness shows it), so a
   * learner stepping the C++ loop sees the JS loop stand still too.
   */
  hold(held: boolean): void;
  /** The uninstrumented functions, for the sandbox's own scheduling. */
  raw: {
    setTimeout: typeof setTimeout;
    clearTimeout: typeof clearTimeout;
    requestAnimationFrame: typeof requestAnimationFrame;
    cancelAnimationFrame: typeof cancelAnimationFrame;
  };
}

export function instrumentJsLoop(scope: typeof globalThis, o: ProbeOptions): JsLoopProbe {
  const raw = {
    setTimeout: scope.setTimeout.bind(scope),
    clearTimeout: scope.clearTimeout.bind(scope),
    setInterval: scope.setInterval.bind(scope),
    clearInterval: scope.clearInterval.bind(scope),
    queueMicrotask: scope.queueMicrotask.bind(scope),
    requestAnimationFrame: scope.requestAnimationFrame.bind(scope),
    cancelAnimationFrame: scope.cancelAnimationFrame.bind(scope),
    then: Promise.prototype.then,
  };
  let lastId = 0;
  let depth = 0;
  // The recording budget of the current macrotask; reset by a raw timer once its microtasks are done.
  let recorded = 0;
  let unrecorded = 0;
  let budgetOpen = false;
  const closeBudget = () => {
    budgetOpen = false;
    recorded = 0;
    if (unrecorded > 0) o.onUnrecorded?.(unrecorded);
    unrecorded = 0;
  };
  /** An id for a new callback; 0 when it is over this macrotask's budget (then none of its events is recorded). */
  const newId = (): number => {
    if (!budgetOpen) {
      budgetOpen = true;
      raw.setTimeout(closeBudget, 0);
    }
    if (recorded >= MAX_RECORDED_PER_TURN) {
      unrecorded++;
      return 0;
    }
    recorded++;
    return ++lastId;
  };
  // raw handle -> our id, for the things that keep the loop alive
  const live = new Map<number, number>();
  const frames = new Map<number, number>();
  // Callbacks that came due while the loop was held, oldest first.
  let held = false;
  const waiting: (() => void)[] = [];
  const whenLetGo = (run: () => void) => {
    if (held) waiting.push(run);
    else run();
  };

  const emit = (api: JsApi, phase: JsTraceEvent['phase'], id: number, extra: Partial<JsTraceEvent> = {}) => {
    if (id !== 0) o.onEvent({ kind: 'js', api, phase, id, ms: round(o.now()), ...extra });
  };

  function turn(fn: () => void, task: string) {
    const outer = depth === 0;
    const start = o.now();
    depth++;
    try {
      fn();
    } catch (e) {
      o.onError(e, task);
    } finally {
      depth--;
      if (outer) endTurn(start);
    }
  }

  /** An outermost turn that began at `start` is over: a long one is a busy-wait. */
  function endTurn(start: number) {
    const end = o.now();
    if (end - start > BLOCKED_MS) o.onBlocked(round(start), round(end));
    o.onTurnEnd();
  }

  const label = (cb: unknown) => (typeof cb === 'function' && cb.name ? { label: cb.name } : {});

  /** One run of a timer's, frame's or microtask's callback: its own turn, recorded from run_begin to run_end. */
  function runCallback(api: JsApi, id: number, cb: unknown, call: () => void, extra: Partial<JsTraceEvent> = {}) {
    turn(() => {
      emit(api, 'run_begin', id, { ...extra, ...label(cb) });
      try {
        call();
      } finally {
        emit(api, 'run_end', id);
      }
    }, taskName(api, cb));
  }
  const needFunction = (api: string, cb: unknown) => {
    if (typeof cb !== 'function') throw new TypeError(`${api} needs a function to call, got ${typeof cb}`);
  };

  function setTimeoutProbe(cb: unknown, delay?: unknown, ...args: unknown[]) {
    needFunction('setTimeout', cb);
    const id = newId();
    const delayMs = Math.max(0, Number(delay) || 0);
    const deadlineMs = round(o.now() + delayMs);
    emit('setTimeout', 'scheduled', id, { delayMs, deadlineMs, ...label(cb) });
    const handle = raw.setTimeout(() => {
      // It stays live until it runs: a clearTimeout while it waits (held) still cancels it.
      whenLetGo(() => {
        if (live.delete(handle)) runCallback('setTimeout', id, cb, () => (cb as Fn)(...args), { deadlineMs });
      });
    }, delayMs) as unknown as number;
    live.set(handle, id);
    return handle;
  }

  function setIntervalProbe(cb: unknown, delay?: unknown, ...args: unknown[]) {
    needFunction('setInterval', cb);
    const id = newId();
    const delayMs = Math.max(0, Number(delay) || 0);
    let deadlineMs = round(o.now() + delayMs);
    emit('setInterval', 'scheduled', id, { delayMs, deadlineMs, ...label(cb) });
    // While held, an interval that comes due again is not queued twice: like a
    // browser's throttled interval, it runs once when let go.
    let queued = false;
    const handle = raw.setInterval(() => {
      if (queued) return;
      queued = held;
      whenLetGo(() => {
        queued = false;
        if (!live.has(handle)) return; // cleared while held
        const due = deadlineMs;
        deadlineMs = round(deadlineMs + delayMs);
        runCallback('setInterval', id, cb, () => (cb as Fn)(...args), { deadlineMs: due });
      });
    }, delayMs) as unknown as number;
    live.set(handle, id);
    return handle;
  }

  function clearProbe(api: JsApi, clear: (h: number) => void) {
    return (handle?: unknown) => {
      const h = Number(handle);
      const id = live.get(h);
      if (id !== undefined) {
        live.delete(h);
        emit(api, 'cancelled', id);
      }
      clear(h);
    };
  }

  function queueMicrotaskProbe(cb: unknown) {
    needFunction('queueMicrotask', cb);
    const id = newId();
    emit('queueMicrotask', 'scheduled', id, label(cb));
    raw.queueMicrotask(() => runCallback('queueMicrotask', id, cb, () => (cb as Fn)()));
  }

  function requestAnimationFrameProbe(cb: unknown) {
    needFunction('requestAnimationFrame', cb);
    const id = newId();
    emit('requestAnimationFrame', 'scheduled', id, label(cb));
    const handle = raw.requestAnimationFrame((t) => {
      whenLetGo(() => {
        // Not run if cancelled while it waited.
        if (frames.delete(handle)) runCallback('requestAnimationFrame', id, cb, () => (cb as Fn)(t));
      });
    });
    frames.set(handle, id);
    return handle;
  }

  function cancelAnimationFrameProbe(handle?: unknown) {
    const h = Number(handle);
    const id = frames.get(h);
    if (id !== undefined) {
      frames.delete(h);
      emit('requestAnimationFrame', 'cancelled', id);
    }
    raw.cancelAnimationFrame(h);
  }

  // Promise reactions: errors inside them are part of promise semantics
  // (they reject the derived promise), so the wrapper times them but never catches.
  function wrapReaction(cb: unknown): unknown {
    if (typeof cb !== 'function') return cb;
    const id = newId();
    emit('promise', 'scheduled', id, label(cb));
    return function reaction(this: unknown, value: unknown) {
      const outer = depth === 0;
      const start = o.now();
      depth++;
      emit('promise', 'run_begin', id, label(cb));
      try {
        return (cb as Fn).call(this, value);
      } finally {
        emit('promise', 'run_end', id);
        depth--;
        if (outer) endTurn(start);
      }
    };
  }

  Object.assign(scope, {
    setTimeout: setTimeoutProbe,
    setInterval: setIntervalProbe,
    clearTimeout: clearProbe('setTimeout', raw.clearTimeout as (h: number) => void),
    clearInterval: clearProbe('setInterval', raw.clearInterval as (h: number) => void),
    queueMicrotask: queueMicrotaskProbe,
    requestAnimationFrame: requestAnimationFrameProbe,
    cancelAnimationFrame: cancelAnimationFrameProbe,
  });
  Promise.prototype.then = function then(this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
    return raw.then.call(this, wrapReaction(onFulfilled) as Fn, wrapReaction(onRejected) as Fn);
  } as typeof Promise.prototype.then;

  function hold(on: boolean) {
    held = on;
    if (on) return;
    // Each waiting callback gets its own turn, in order, with the microtasks
    // of one running before the next, as when they came due.
    for (const run of waiting.splice(0)) {
      raw.setTimeout(() => {
        if (held) waiting.push(run); // held again before its turn came
        else run();
      }, 0);
    }
  }

  return {
    // A held timer or frame stays in live/frames until it runs or is cancelled.
    pending: () => live.size + frames.size,
    turn,
    hold,
    raw: {
      setTimeout: raw.setTimeout,
      clearTimeout: raw.clearTimeout,
      requestAnimationFrame: raw.requestAnimationFrame,
      cancelAnimationFrame: raw.cancelAnimationFrame,
    },
  };
}

function taskName(api: string, cb: unknown) {
  const name = typeof cb === 'function' && cb.name ? cb.name : '(anonymous)';
  return `${api} callback ${name}`;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
