// The snippet API: the `loop` object a snippet sees (wasm_bindings/looplab.d.ts
// documents it for learners). Each function checks its arguments first, so a
// mistake is a TypeError/RangeError at the learner's own line, then hands the
// work to the bridge, which puts it on the C++ loop.

import { RecordAwaitable, SleepAwaitable, WaitForAwaitable, AwaitableBase } from './bridge.js';
import { checkArray, checkCallback, checkGenerator, checkName, checkSeconds, describe, isGenerator, isPromiseLike } from './validate.js';

/** A generator running as a task of the C++ loop. */
export class Task {
  #rec;
  #bridge;

  constructor(bridge, rec) {
    this.#rec = rec;
    this.#bridge = bridge;
  }

  /** The record of a Task, or undefined for anything else (a brand check, no table). */
  static recordOf(value) {
    return value !== null && typeof value === 'object' && #rec in value ? value.#rec : undefined;
  }

  get id() {
    return this.#rec.id;
  }

  get name() {
    return this.#rec.name;
  }

  get state() {
    return this.#bridge.current === this.#rec ? 'running' : this.#rec.state;
  }

  get result() {
    return this.#rec.state === 'done' ? this.#rec.result : undefined;
  }

  get error() {
    return this.#rec.state === 'failed' || this.#rec.state === 'cancelled' ? this.#rec.error : undefined;
  }

  cancel() {
    if (this.#rec.final || this.#bridge.disposed) return false;
    return this.#bridge.engine.cancel(this.#rec.id);
  }

  then(onFulfilled, onRejected) {
    return this.#bridge.promiseOf(this.#rec).then(onFulfilled, onRejected);
  }

  toLooplabString() {
    return `Task ${this.#rec.name} (${this.#rec.state})`;
  }
}

export function recordOfTask(value) {
  return Task.recordOf(value);
}

/** The public Task of a record, made once. */
export function taskOf(bridge, rec) {
  if (rec.task === null) rec.task = new Task(bridge, rec);
  return rec.task;
}

/** What loop.setTimeout/callLater/callSoon return; also the bridge's record of the callback. */
class TimerHandle {
  constructor(bridge, fn) {
    this._bridge = bridge;
    this._fn = fn;
    this._slot = -1; // index in the bridge's callback table while queued
    this._id = 0; // the C++ loop's id
  }

  get id() {
    return this._id;
  }

  cancel() {
    if (this._bridge.disposed) return false;
    return this._bridge.cancelCallback(this);
  }

  toLooplabString() {
    return `TimerHandle ${this._id}`;
  }
}

function isAwaitableLike(bridge, v) {
  return v instanceof AwaitableBase || Task.recordOf(v) !== undefined || isGenerator(v) || isPromiseLike(v);
}

function checkAwaitable(bridge, fn, what, v) {
  if (isAwaitableLike(bridge, v)) return v;
  const hint = typeof v === 'function' ? ' (did you mean to call it?)' : '';
  throw new TypeError(`${fn}: ${what} must be an awaitable (loop.sleep(s), a task, loop.gather(...), a generator or a Promise); got ${describe(v)}${hint}`);
}

/**
 * @param {import('./bridge.js').Bridge} bridge
 * @param {{ loopNow(): number, checkUsable(fn: string): void }} env
 */
export function createLoop(bridge, env) {
  const guard = env.checkUsable;

  // loop.setTimeout is the talk's name and loop.callLater asyncio's for one
  // thing; `fn` names the one the learner called in error messages.
  function callLater(fn, seconds, callback) {
    guard(fn);
    checkSeconds(fn, 'seconds', seconds);
    checkCallback(fn, 'callback', callback);
    return bridge.scheduleCallback(new TimerHandle(bridge, callback), seconds);
  }

  const loop = {
    setTimeout(seconds, callback) {
      return callLater('loop.setTimeout', seconds, callback);
    },

    callSoon(callback) {
      guard('loop.callSoon');
      checkCallback('loop.callSoon', 'callback', callback);
      return bridge.scheduleCallback(new TimerHandle(bridge, callback), -1);
    },

    callLater(seconds, callback) {
      return callLater('loop.callLater', seconds, callback);
    },

    sleep(seconds) {
      guard('loop.sleep');
      checkSeconds('loop.sleep', 'seconds', seconds);
      return new SleepAwaitable(bridge, seconds);
    },

    spawn(generator, name) {
      guard('loop.spawn');
      checkGenerator('loop.spawn', 'its argument', generator);
      checkName('loop.spawn', name);
      return taskOf(bridge, bridge.spawnGenerator(generator, name));
    },

    gather(...awaitables) {
      guard('loop.gather');
      awaitables.forEach((a, i) => checkAwaitable(bridge, 'loop.gather', `argument ${i + 1}`, a));
      const children = awaitables.map((a) => bridge.toRecord(a));
      return new RecordAwaitable(bridge, bridge.spawnGather(children));
    },

    waitFor(awaitable, seconds) {
      guard('loop.waitFor');
      checkAwaitable(bridge, 'loop.waitFor', 'the first argument', awaitable);
      checkSeconds('loop.waitFor', 'seconds', seconds);
      return new WaitForAwaitable(bridge, awaitable, seconds);
    },

    run(generators) {
      guard('loop.run');
      checkArray('loop.run', 'its argument (the list of generators)', generators);
      generators.forEach((g, i) => checkGenerator('loop.run', `item ${i + 1} of the list`, g));
      const tasks = generators.map((g) => bridge.toRecord(g));
      return bridge.promiseOf(bridge.spawnGather(tasks));
    },

    runUntilComplete(awaitable) {
      guard('loop.runUntilComplete');
      checkAwaitable(bridge, 'loop.runUntilComplete', 'its argument', awaitable);
      return bridge.promiseOf(bridge.toRecord(awaitable));
    },

    now() {
      guard('loop.now');
      return env.loopNow();
    },
  };
  return Object.freeze(loop);
}
