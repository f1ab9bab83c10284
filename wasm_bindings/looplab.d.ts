// Loop Lab: the API a snippet sees. These are ambient declarations (no import
// or export): the editor loads this file so that `loop`, `print` and `now` are
// known, complete and explained on hover. tests/bindings/dts.test.mjs fails
// when this file and the runtime's real globals drift apart.

/**
 * Something you can wait for on the C++ loop: `yield` it inside a generator
 * task (`const x = yield loop.sleep(1)`), or `await` it in an async function.
 *
 * It is also a thenable, so `await loop.sleep(1)` works in an `async function`:
 * the C++ loop fires the timer, then JavaScript's own microtasks resume your
 * function. Watch the two loops take turns in the timeline.
 */
interface Awaitable<T> extends PromiseLike<T> {
  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B>;
}

/** Where a task is in its life. */
type TaskState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * A generator running as a task of the C++ loop (what `loop.spawn` returns).
 * `yield task` (or `await task`) waits until it finishes and gives its result,
 * or throws its error.
 */
interface Task<T = unknown> extends Awaitable<T> {
  /** The task's id on the C++ loop: the same id the timeline and inspector show. */
  readonly id: number;
  /** The name given to `loop.spawn`, or `task-<id>`. */
  readonly name: string;
  /** 'pending' (ready or waiting), 'running', 'done', 'failed' or 'cancelled'. */
  readonly state: TaskState;
  /** The generator's return value once `state` is 'done'; `undefined` before. */
  readonly result: T | undefined;
  /** The error that failed the task once `state` is 'failed' (or the CancelledError). */
  readonly error: unknown;
  /**
   * Asks the task to stop: a `CancelledError` is thrown into the generator at
   * the `yield` where it waits, so `try/finally` can clean up. Returns false
   * when the task had already finished.
   */
  cancel(): boolean;
}

/** What `loop.setTimeout`, `loop.callLater` and `loop.callSoon` return. */
interface TimerHandle {
  /** The callback's id on the C++ loop (the timeline shows the same id). */
  readonly id: number;
  /** Stops the callback from running. Returns false when it already ran or was cancelled. */
  cancel(): boolean;
}

/**
 * Loop Lab's C++20 coroutine event loop, compiled to WebAssembly and run once
 * per animation frame. Times are in seconds, as in the talk and in asyncio.
 */
interface Loop {
  /**
   * Runs `callback` after `seconds` on the C++ loop: the talk's
   * `set_timeout(delay, callback)`, done properly (nothing blocks while waiting).
   * @example loop.setTimeout(1.0, () => print('goodbye'))
   */
  setTimeout(seconds: number, callback: () => void): TimerHandle;
  /** Runs `callback` on the loop's next turn, after the work already ready (asyncio's `call_soon`). */
  callSoon(callback: () => void): TimerHandle;
  /** Runs `callback` after `seconds` (asyncio's `call_later`); the same as `loop.setTimeout`. */
  callLater(seconds: number, callback: () => void): TimerHandle;
  /**
   * Waits `seconds` without blocking: inside a generator task, `yield loop.sleep(0.5)`
   * gives the loop back until the timer fires. Nothing starts until you yield or await it.
   * @example function* hello() { yield loop.sleep(0.5); print('hello'); }
   */
  sleep(seconds: number): Awaitable<void>;
  /**
   * Makes a generator a task of the C++ loop and returns the task. Inside it,
   * a bare `yield` (or `yield null`, the talk's `yield None`) gives the loop back, and
   * `yield awaitable` waits for it and resumes with its value.
   * @param generator a generator object: call the `function*` first, `loop.spawn(worker())`
   * @param name shown in the timeline and the inspector (on one line, and cut after 200 characters)
   */
  spawn<T>(generator: Generator<unknown, T, any>, name?: string): Task<T>;
  /**
   * Waits for all of them and gives their results in argument order (asyncio's
   * `gather`). Generators are spawned as tasks. If one fails, the gather fails
   * with that error at once; the others keep running.
   * @example const [a, b] = yield loop.gather(loop.spawn(f()), g());
   */
  gather<T extends readonly unknown[]>(...awaitables: T): Awaitable<{ -readonly [K in keyof T]: AwaitedValue<T[K]> }>;
  /**
   * Waits for `awaitable` at most `seconds`. On time, gives its result; too late,
   * cancels it and throws a `TimeoutError`.
   */
  waitFor<T>(awaitable: Awaitable<T> | Generator<unknown, T, any>, seconds: number): Awaitable<T>;
  /**
   * The talk's `run(tasks)`: round-robin over the generators, on the C++ loop.
   * Each generator becomes a task; every bare `yield` puts it at the back of the line.
   * @returns a Promise of their results, in order, once all are done (or of the first error)
   * @example loop.run([setTimeout(1, () => print('goodbye')), setTimeout(0.5, () => print('hello'))])
   */
  run(generators: Generator<unknown, unknown, any>[]): Promise<unknown[]>;
  /**
   * Runs the loop until `awaitable` completes: asyncio's `loop.run_until_complete`.
   * @returns a Promise of its result (or of its error)
   */
  runUntilComplete<T>(awaitable: Awaitable<T> | Generator<unknown, T, any>): Promise<T>;
  /** Seconds on the C++ loop's clock since the run began (set at the start of each frame's tick). */
  now(): number;
}

/** The value an awaitable (or a generator) gives when it completes. */
type AwaitedValue<A> = A extends Generator<unknown, infer R, any> ? R : A extends PromiseLike<infer V> ? V : A;

/** The C++ event loop of this run. */
declare const loop: Loop;

/**
 * Prints a line in the output. Each line records which loop was running when
 * it was printed (the C++ loop or JavaScript's) and when.
 */
declare function print(...values: unknown[]): void;

/**
 * Seconds since the run began, on the run's clock (slowed down in slow motion).
 * `loop.now()` is the C++ loop's clock, set once per frame: inside a task,
 * `now()` can be a little ahead of it.
 */
declare function now(): number;
