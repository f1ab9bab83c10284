// The bridge: the JavaScript the C++ loop calls, and the only place user code
// runs from inside wasm.
//
// Every call from C++ into JS lands here, through thin EM_JS imports on plain
// integers (wasm_bindings/src/bridge_imports.hpp): no emscripten::val on the
// hot path, which is stepping a generator. Each entry point catches whatever
// user code throws and returns a status instead, because a JS exception that
// unwound through wasm frames would skip C++ destructors and leak.
//
// JS holds what only JS can hold (generators, results, error objects) in
// tables indexed by a small integer handle that C++ keeps beside its task.

import { CancelledError, TimeoutError, messageOf } from './errors.js';
import { MODE, SETTLE, STATUS } from './protocol.js';
import { clipText } from './format.js';
import { describe, isGenerator, isPromiseLike } from './validate.js';

/** Private state of one task of the C++ loop, as JavaScript sees it. */
export class Record {
  constructor(owner, kind, name) {
    this.owner = owner; // the Bridge (one per run)
    this.kind = kind; // 'generator' | 'sleep' | 'gather' | 'waitFor' | 'promise'
    this.name = name;
    this.id = 0; // the C++ loop's id (trace id)
    this.handle = -1; // index in the bridge's table while C++ holds the task
    this.state = 'pending';
    this.result = undefined;
    this.error = undefined;
    this.gen = null; // generator tasks
    this.awaiting = null; // the record a generator task waits on
    // What only some kinds need, in one field to keep the common record small:
    // gather: { children }; waitFor: { inner, seconds }; sleep: { seconds }.
    this.detail = null;
    this.observed = false; // someone awaits it: its failure is theirs to handle
    this.deferred = null; // { promise, resolve, reject } once someone calls then()
    this.task = null; // the public Task object, once made
  }

  get final() {
    return this.state === 'done' || this.state === 'failed' || this.state === 'cancelled';
  }
}

/**
 * Anything a snippet may await, other than a Task or a generator: lazily
 * starts a task of the C++ loop the first time it is awaited.
 */
export class AwaitableBase {
  constructor(bridge) {
    this._bridge = bridge;
    this._rec = null;
  }

  /** The record of the task that completes this awaitable, started on first use. */
  _record() {
    if (this._rec === null) this._rec = this._start();
    return this._rec;
  }

  then(onFulfilled, onRejected) {
    return this._bridge.promiseOf(this._record()).then(onFulfilled, onRejected);
  }
}

export class SleepAwaitable extends AwaitableBase {
  constructor(bridge, seconds) {
    super(bridge);
    this._seconds = seconds;
  }

  _start() {
    return this._bridge.spawnSleep(this._seconds);
  }

  toLooplabString() {
    return `Sleep(${this._seconds})`;
  }
}

export class WaitForAwaitable extends AwaitableBase {
  constructor(bridge, inner, seconds) {
    super(bridge);
    this._inner = inner;
    this._seconds = seconds;
  }

  _start() {
    return this._bridge.spawnWaitFor(this._bridge.toRecord(this._inner), this._seconds);
  }

  toLooplabString() {
    return `WaitFor(${this._seconds})`;
  }
}

/** An awaitable over a record that already exists (gather is eager, as in asyncio). */
export class RecordAwaitable extends AwaitableBase {
  constructor(bridge, rec) {
    super(bridge);
    this._rec = rec;
  }

  toLooplabString() {
    return `${this._rec.kind === 'gather' ? 'Gather' : 'Awaitable'} { state: '${this._rec.state}' }`;
  }
}

/**
 * The promise the loop hands JavaScript (`loop.run`, `loop.runUntilComplete`,
 * and behind every awaitable's `then`): a Promise in all it does, of a class of
 * its own. `await` on a plain Promise resumes the awaiting code without ever
 * calling its `then`, so the sandbox, which records the JS loop's promise
 * reactions by wrapping `then`, never saw the top level resume after
 * `await loop.run(...)`: the JS lane showed nothing while the output showed a
 * line printed by the JS loop. Any other promise is awaited through its `then`,
 * like the loop's own awaitables (thenables), which the lane did show.
 */
export class LoopPromise extends Promise {}

/** The longest task name kept (looplab.d.ts says so); the rest is counted. */
export const MAX_NAME_CHARS = 200;

/** What a task waits on, in words: "a Promise", "the task worker", "gather". */
function awaitedText(r) {
  if (r.kind === 'promise') return 'a Promise that nothing settled';
  if (r.kind === 'generator') return `the task ${r.name}`;
  return r.name;
}

// Marks a generator object with the record of its task: a generator is one task only.
const TASK_OF_GENERATOR = Symbol('looplab.task');

const ENDED_RUN = 'this task or awaitable belongs to an earlier run, which has ended; create it again in this run';

function badYieldMessage(value) {
  return `a task yielded ${describe(value)}, which the loop cannot wait for: yield nothing (a bare \`yield\`, or null) to give the loop back, or yield an awaitable: loop.sleep(s), a task, loop.gather(...), loop.waitFor(...), a generator or a Promise`;
}

export class Bridge {
  /**
   * @param {object} engine the module's embind functions (see src/bindings.cpp)
   * @param {{ makeTask(rec: Record): object, onUnobservedFailure(rec: Record): void,
   *   onCallbackError(error: unknown): void }} hooks
   */
  constructor(engine, hooks) {
    this.engine = engine;
    this.hooks = hooks;
    this.tasks = []; // handle -> Record
    this.freeTasks = [];
    this.callbacks = []; // handle -> TimerHandle
    this.freeCallbacks = [];
    this.errors = new Map(); // key -> the thrown value; C++ holds the key while the error lives
    this.nextErrorKey = 1;
    this.arg = 0; // the number that goes with the last status (read by C++ through arg())
    this.current = null; // the generator task being stepped (its state reads 'running')
    this.syncResult = null;
    this.pendingNames = []; // default task names for the next trace batch
    this.disposed = false;
    this.imports = this.#makeImports();
  }

  get liveTasks() {
    return this.tasks.length - this.freeTasks.length;
  }

  /**
   * The snippet's tasks (generators) that have not finished, with what each
   * waits on. Asked when neither loop has anything left to do: nothing will
   * ever resume these (asyncio warns "Task was destroyed but it is pending!").
   */
  unfinishedTasks() {
    const left = [];
    for (const r of this.tasks) {
      if (r === undefined || r.kind !== 'generator' || r.final) continue;
      left.push({ name: r.name, waitingOn: r.awaiting ? awaitedText(r.awaiting) : 'nothing (it was never resumed)' });
    }
    return left;
  }

  get liveCallbacks() {
    return this.callbacks.length - this.freeCallbacks.length;
  }

  // ---- the imports C++ calls (installed as Module.looplabBridge) ----

  #makeImports() {
    const tasks = this.tasks;
    const self = this;

    // The hot path: one resume of a generator task. Kept small and
    // monomorphic; it writes nothing on a bare yield but `current` (a task's
    // 'running' state is read from it, not stored).
    function step(handle, mode) {
      const r = tasks[handle];
      self.current = r;
      let res;
      try {
        res = mode === 0 ? r.gen.next() : self.resumeWith(r, mode);
        for (;;) {
          const v = res.value;
          if (res.done) {
            r.result = v;
            self.current = null;
            return STATUS.RETURN;
          }
          // A bare `yield`, or `yield null` (the talk's `yield None`).
          if (v == null) {
            self.current = null;
            return STATUS.YIELD;
          }
          // `yield something`: what the task waits for.
          const status = self.awaitValue(r, v);
          if (status >= 0) {
            self.current = null;
            return status;
          }
          res = self.syncResult; // it had finished already: continue at once
        }
      } catch (e) {
        self.current = null;
        r.awaiting = null;
        r.error = e;
        if (e instanceof CancelledError) return STATUS.CANCELLED;
        self.arg = self.putError(e);
        return STATUS.THROW;
      }
    }

    return {
      step,
      arg: () => self.arg,
      call: (handle) => self.#call(handle),
      settled: (handle, how, key, message) => self.#settled(handle, how, key, message),
      errorMessage: (key) => messageOf(self.errors.get(key)),
      releaseError: (key) => {
        self.errors.delete(key);
      },
    };
  }

  /**
   * A task yielded `v`. Returns the status to give C++ (SLEEP or AWAIT, with
   * `arg` set), or -1 when the generator was resumed at once (its next result
   * is in `syncResult`): `v` had already finished, or was not awaitable (a
   * TypeError is thrown into the generator, as asyncio does for a bad yield).
   * May throw what the generator throws.
   */
  awaitValue(r, v) {
    const gen = r.gen;
    if (v instanceof SleepAwaitable && v._rec === null) {
      // `yield loop.sleep(s)`: the task itself sleeps on the C++ loop.
      this.arg = v._seconds;
      return STATUS.SLEEP;
    }
    let t;
    try {
      t = this.toRecord(v);
    } catch (e) {
      this.syncResult = gen.throw(e);
      return -1;
    }
    if (t === null) {
      this.syncResult = gen.throw(new TypeError(badYieldMessage(v)));
      return -1;
    }
    if (t === r) {
      this.syncResult = gen.throw(new TypeError(`the task ${r.name} cannot wait for itself: it would never finish`));
      return -1;
    }
    t.observed = true;
    if (t.final) {
      // Already finished: continue at once, as awaiting a done future does in asyncio.
      this.syncResult = t.state === 'done' ? gen.next(t.result) : gen.throw(t.error);
      return -1;
    }
    r.awaiting = t;
    this.arg = t.id;
    return STATUS.AWAIT;
  }

  resumeWith(r, mode) {
    const a = r.awaiting;
    r.awaiting = null;
    switch (mode) {
      case MODE.SEND_AWAITED:
        return r.gen.next(a.result);
      case MODE.THROW_AWAITED:
        return r.gen.throw(a.error);
      case MODE.THROW_CANCEL:
        return r.gen.throw(new CancelledError(`the task ${r.name} was cancelled`));
      default:
        return r.gen.throw(new Error(`internal: unknown resume mode ${mode}`));
    }
  }

  #call(handle) {
    const cb = this.callbacks[handle];
    this.#freeCallback(handle);
    try {
      cb._fn();
      return 0;
    } catch (e) {
      this.hooks.onCallbackError(e);
      return this.putError(e); // C++ traces it as callback_failed, with this message
    }
  }

  #settled(handle, how, key, message) {
    const r = this.tasks[handle];
    if (r === undefined) return; // a spawn that failed, already released
    this.tasks[handle] = undefined;
    this.freeTasks.push(handle);
    r.handle = -1;
    r.gen = null; // a finished generator is garbage; a cancelled-before-start one too
    r.awaiting = null;
    switch (how) {
      case SETTLE.DONE:
        if (r.kind === 'gather') r.result = r.detail.children.map((c) => c.result);
        else if (r.kind === 'waitFor') r.result = r.detail.inner.result;
        r.state = 'done';
        break;
      case SETTLE.FAILED:
        if (r.kind !== 'generator' || r.error === undefined) {
          r.error = key ? this.errors.get(key) : new Error(message || 'the task failed');
        }
        r.state = 'failed';
        break;
      case SETTLE.CANCELLED:
        if (!(r.error instanceof CancelledError)) r.error = new CancelledError(`the task ${r.name} was cancelled`);
        r.state = 'cancelled';
        break;
      case SETTLE.TIMEOUT:
        r.error = new TimeoutError(`loop.waitFor: not done after ${r.detail.seconds} s, so it was cancelled`);
        r.state = 'failed';
        break;
      default:
        r.error = new Error(`internal: unknown settle ${how}`);
        r.state = 'failed';
    }
    this.#notify(r);
  }

  #notify(r) {
    if (this.disposed) return; // torn down with its runtime: nobody is told
    if (r.deferred !== null) {
      if (r.state === 'done') r.deferred.resolve(r.result);
      else r.deferred.reject(r.error);
    } else if (r.state === 'failed' && !r.observed && r.kind === 'generator') {
      this.hooks.onUnobservedFailure(r);
    }
  }

  /** Settles a record that never reached C++ (it finished before starting). */
  #settleNow(r, state, value) {
    r.state = state;
    if (state === 'done') r.result = value;
    else r.error = value;
    this.#notify(r);
    return r;
  }

  putError(e) {
    const key = this.nextErrorKey++;
    this.errors.set(key, e);
    return key;
  }

  // ---- tables ----

  #allocTask(r) {
    const h = this.freeTasks.length ? this.freeTasks.pop() : this.tasks.length;
    this.tasks[h] = r;
    r.handle = h;
    return h;
  }

  /** Releases a handle C++ never took (the spawn failed). */
  #dropTask(r) {
    if (r.handle < 0 || this.tasks[r.handle] !== r) return;
    this.tasks[r.handle] = undefined;
    this.freeTasks.push(r.handle);
    r.handle = -1;
  }

  /** An id from the engine, or the engine's error (0 means it refused). */
  #checked(id) {
    if (id === 0) {
      const message = this.engine.lastError();
      // Out of memory ends the run: the hook says so and gives the error to throw.
      throw this.hooks.onEngineError?.(message) ?? new Error(`looplab internal error: ${message}`);
    }
    return id;
  }

  /**
   * Puts `cb` (a TimerHandle: `_fn`, `_slot`, `_id`) on the C++ loop: after
   * `seconds`, or on the next turn when `seconds` < 0. One object per
   * callback, because a flood of callbacks is mostly allocation.
   */
  scheduleCallback(cb, seconds) {
    const h = this.freeCallbacks.length ? this.freeCallbacks.pop() : this.callbacks.length;
    this.callbacks[h] = cb;
    cb._slot = h;
    try {
      cb._id = this.#checked(seconds < 0 ? this.engine.callSoon(h) : this.engine.callLater(h, seconds));
    } catch (e) {
      this.#freeCallback(h);
      throw e;
    }
    return cb;
  }

  cancelCallback(cb) {
    if (this.callbacks[cb._slot] !== cb) return false; // already ran or cancelled
    if (!this.engine.cancel(cb._id)) return false;
    this.#freeCallback(cb._slot);
    return true;
  }

  #freeCallback(h) {
    this.callbacks[h] = undefined;
    this.freeCallbacks.push(h);
  }

  // ---- spawning: each returns a Record whose task C++ now runs ----

  #spawn(r, start) {
    this.#allocTask(r);
    try {
      r.id = this.#checked(start(r.handle));
    } catch (e) {
      this.#dropTask(r);
      throw e;
    }
    return r;
  }

  spawnGenerator(gen, name) {
    const owner = gen[TASK_OF_GENERATOR];
    if (owner !== undefined && owner.owner === this) {
      throw new TypeError(`this generator object is already running as the task ${owner.name}; a generator can be one task only: call its generator function again for another`);
    }
    // The trace's side tables are text: keep a name on one line, and a label's
    // length (a name of 1 MB is copied into C++ and its trace, and 265 of
    // them ran the runtime out of memory).
    const r = new Record(this, 'generator', clipText(name ?? '', MAX_NAME_CHARS).replace(/[\x00-\x1f]/g, ' '));
    r.gen = gen;
    this.#spawn(r, (h) => this.engine.spawnGenerator(h, r.name));
    gen[TASK_OF_GENERATOR] = r; // cheaper than a WeakMap entry per task
    if (!r.name) {
      // C++ only knows the id once it has spawned the task: the default name
      // reaches the trace through the next batch's names table.
      r.name = `task-${r.id}`;
      this.pendingNames.push([r.id, r.name]);
    }
    return r;
  }

  spawnSleep(seconds) {
    const r = new Record(this, 'sleep', `sleep(${seconds})`);
    r.detail = { seconds };
    return this.#spawn(r, (h) => this.engine.spawnSleep(h, seconds, r.name));
  }

  spawnGather(children) {
    const r = new Record(this, 'gather', 'gather');
    r.detail = { children };
    for (const c of children) c.observed = true;
    // Children that already ended decide now, as they would at once in asyncio.
    const ended = children.find((c) => c.state === 'failed' || c.state === 'cancelled');
    if (ended) return this.#settleNow(r, 'failed', ended.error);
    const live = children.filter((c) => !c.final);
    if (live.length === 0) return this.#settleNow(r, 'done', children.map((c) => c.result));
    return this.#spawn(r, (h) => this.engine.spawnGather(h, live.map((c) => c.id), r.name));
  }

  spawnWaitFor(inner, seconds) {
    const r = new Record(this, 'waitFor', `waitFor(${inner.name}, ${seconds})`);
    r.detail = { inner, seconds };
    inner.observed = true;
    if (inner.final) return this.#settleNow(r, inner.state === 'done' ? 'done' : 'failed', inner.state === 'done' ? inner.result : inner.error);
    return this.#spawn(r, (h) => this.engine.spawnWaitFor(h, inner.id, seconds, r.name));
  }

  /** A task of the C++ loop that waits for a JS promise (wait kind "external"). */
  spawnPromise(thenable) {
    const r = new Record(this, 'promise', 'promise');
    this.#spawn(r, (h) => this.engine.spawnExternal(h, r.name));
    // Promise.resolve calls a foreign `then` in a later job and turns anything
    // it throws into a rejection: no user code runs here, synchronously.
    Promise.resolve(thenable).then(
      (value) => {
        if (this.disposed || r.final) return;
        r.result = value;
        this.engine.settleExternal(r.id, 0);
      },
      (error) => {
        if (this.disposed || r.final) return;
        this.engine.settleExternal(r.id, this.putError(error));
      },
    );
    return r;
  }

  /** The record behind anything awaitable, starting it if needed; null if it is not awaitable. */
  toRecord(value) {
    if (value === null || typeof value !== 'object') return null;
    if (value instanceof AwaitableBase) {
      if (value._bridge !== this) throw new Error(ENDED_RUN);
      return value._record();
    }
    const r = this.hooks.recordOfTask(value);
    if (r !== undefined) {
      if (r.owner !== this) throw new Error(ENDED_RUN);
      return r;
    }
    if (isGenerator(value)) return this.spawnGenerator(value, undefined);
    if (isPromiseLike(value)) return this.spawnPromise(value);
    return null;
  }

  promiseOf(r) {
    if (r.deferred === null) {
      r.observed = true;
      const d = { promise: null, resolve: null, reject: null };
      d.promise = new LoopPromise((resolve, reject) => {
        d.resolve = resolve;
        d.reject = reject;
      });
      r.deferred = d;
      if (r.final) {
        if (r.state === 'done') d.resolve(r.result);
        else d.reject(r.error);
      }
    }
    return r.deferred.promise;
  }
}
