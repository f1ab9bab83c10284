// A runtime on the virtual clock, driven frame by frame by the test: the
// wall clock is a number the test advances, frames arrive only when the test
// delivers them, and the watchdog's timers fire only when the test says so.
// Nothing here waits on real time.
import { readFileSync } from 'node:fs';
import { createRuntime } from '../../wasm_bindings/js/index.js';

export const wasmBinary = readFileSync(new URL('../../wasm_bindings/generated/looplab_wasm.wasm', import.meta.url));

/** Lets every pending promise reaction run (JS's own loop), without waiting on time. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

export class ManualTimers {
  constructor(clock) {
    this.clock = clock;
    this.pending = new Map();
    this.next = 1;
  }
  setTimeout(fn, ms) {
    const id = this.next++;
    this.pending.set(id, { fn, at: this.clock.t + ms });
    return id;
  }
  clearTimeout(id) {
    this.pending.delete(id);
  }
  /** Runs the timers due at the current fake time. */
  runDue() {
    for (const [id, { fn, at }] of [...this.pending]) {
      if (at <= this.clock.t && this.pending.has(id)) {
        this.pending.delete(id);
        fn();
      }
    }
  }
}

export class ManualFrames {
  constructor() {
    this.queue = new Map();
    this.next = 1;
    this.requests = 0;
  }
  request(cb) {
    const id = this.next++;
    this.requests++;
    this.queue.set(id, cb);
    return id;
  }
  cancel(id) {
    this.queue.delete(id);
  }
  /** Delivers the frames requested so far; returns how many. */
  deliver(nowMs) {
    const due = [...this.queue.values()];
    this.queue.clear();
    for (const cb of due) cb(nowMs);
    return due.length;
  }
}

/**
 * @param {object} [options] extra createRuntime options, plus
 *   `msPerRead`: the fake wall clock moves this much each time it is read, so
 *   work that is always ready (a polling loop) still spends a frame's budget.
 */
export async function virtualRuntime({ msPerRead = 0, ...options } = {}) {
  const clock = { t: 0 };
  const read = () => {
    clock.t += msPerRead;
    return clock.t;
  };
  const frames = new ManualFrames();
  const timers = new ManualTimers(clock);
  const lines = [];
  const batches = [];
  const errors = [];
  let idles = 0;
  const stalls = [];
  const rt = await createRuntime({
    wasmBinary,
    clock: 'virtual',
    wallClock: msPerRead ? read : () => clock.t,
    startMs: 0,
    frameSource: frames,
    timers,
    onPrint: (line) => lines.push(line),
    onTrace: (batch) => batches.push(batch),
    onError: (e) => errors.push(e),
    onIdle: () => idles++,
    onFrameStall: (info) => stalls.push(info),
    ...options,
  });
  const h = {
    rt,
    ...rt.globals,
    clock,
    frames,
    timers,
    lines,
    batches,
    errors,
    stalls,
    get idles() {
      return idles;
    },
    /** Text of the printed lines. */
    get printed() {
      return lines.map((l) => l.text);
    },
    /** Starts stepping; the first frame comes at the current time. */
    async start() {
      rt.start();
      frames.deliver(clock.t);
      await settle();
    },
    /** Advances the wall clock by `ms` and delivers one frame. */
    async frame(ms = 10) {
      clock.t += ms;
      frames.deliver(clock.t);
      await settle();
    },
    /** Frames of `ms` until `done()` holds (or `max` frames: then throws). */
    async until(done, { ms = 10, max = 10_000 } = {}) {
      for (let i = 0; i < max; i++) {
        if (done()) return;
        await h.frame(ms);
      }
      throw new Error(`not done after ${max} frames`);
    },
    /** Starts the loop and runs frames until `promise` settles; returns its outcome. */
    async runUntilSettled(promise, opts) {
      let outcome = null;
      promise.then(
        (value) => (outcome = { value }),
        (error) => (outcome = { error }),
      );
      if (!h.started) {
        h.started = true;
        await h.start();
      }
      await h.until(() => outcome !== null, opts);
      return outcome;
    },
  };
  return h;
}
