// The sandbox's JS loop probe (web/src/sandbox/instrument.ts) holds the JS
// loop while the learner has paused: timers, intervals and frames that come
// due wait and run, in order and late, when the run resumes. Time here is a
// fake scope's, moved by hand, so nothing depends on real time.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundle } from './views-bundle.mjs';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
let instrumentJsLoop;
let MAX_RECORDED_PER_TURN;
const realThen = Promise.prototype.then;

before(async () => {
  const { file } = await bundle(`export * from ${JSON.stringify(join(repo, 'web/src/sandbox/instrument.ts'))};`, 'instrument');
  ({ instrumentJsLoop, MAX_RECORDED_PER_TURN } = await import(file));
});
// The probe wraps Promise.prototype.then, as it does in the sandbox worker: undo it for the test runner.
after(() => {
  Promise.prototype.then = realThen;
});

/** A worker scope whose timers and frames run only when the test moves its clock. */
class ManualScope {
  now = 0;
  #timers = [];
  #frames = [];
  #next = 1;
  setTimeout = (cb, ms = 0) => this.#add(cb, ms, 0);
  setInterval = (cb, ms = 0) => this.#add(cb, ms, Math.max(1, ms));
  clearTimeout = (h) => {
    this.#timers = this.#timers.filter((t) => t.h !== h);
  };
  clearInterval = this.clearTimeout;
  queueMicrotask = (cb) => queueMicrotask(cb);
  requestAnimationFrame = (cb) => {
    const h = this.#next++;
    this.#frames.push({ h, cb });
    return h;
  };
  cancelAnimationFrame = (h) => {
    this.#frames = this.#frames.filter((f) => f.h !== h);
  };
  #add(cb, ms, every) {
    const h = this.#next++;
    this.#timers.push({ h, at: this.now + ms, cb, every, seq: h });
    return h;
  }
  /** Moves the clock to now + ms, running every timer due on the way, in deadline order. */
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.now = Math.max(this.now, due.at);
      if (due.every > 0) due.at += due.every;
      else this.#timers = this.#timers.filter((t) => t !== due);
      due.cb();
    }
    this.now = end;
  }
  frame() {
    const frames = this.#frames.splice(0);
    for (const f of frames) f.cb(this.now);
  }
}

function probeOn(scope, unrecorded = []) {
  const events = [];
  const probe = instrumentJsLoop(scope, {
    onUnrecorded: (n) => unrecorded.push(n),
    now: () => scope.now,
    onEvent: (e) => events.push(e),
    onBlocked: () => {},
    onError: (e) => {
      throw e;
    },
    onTurnEnd: () => {},
  });
  return { probe, events };
}

test('while the JS loop is held, due timers and frames wait, then run in the order they came due, late', () => {
  const scope = new ManualScope();
  const { probe, events } = probeOn(scope);
  const ran = [];
  scope.setTimeout(() => ran.push('a'), 10);
  scope.setTimeout(() => ran.push('b'), 20);
  scope.requestAnimationFrame(() => ran.push('frame'));
  probe.hold(true);
  scope.advance(30);
  scope.frame();
  assert.deepEqual(ran, [], 'nothing runs while held');
  assert.equal(probe.pending(), 3, 'held callbacks keep the run alive');
  probe.hold(false);
  scope.advance(0);
  assert.deepEqual(ran, ['a', 'b', 'frame']);
  assert.equal(probe.pending(), 0);
  const a = events.find((e) => e.api === 'setTimeout' && e.phase === 'run_begin' && e.deadlineMs === 10);
  assert.equal(a.ms, 30, 'it ran when let go, 20 ms after its deadline');
});

test('a timer cleared while it waits on the held loop never runs', () => {
  const scope = new ManualScope();
  const { probe, events } = probeOn(scope);
  const ran = [];
  const h = scope.setTimeout(() => ran.push('cleared'), 5);
  scope.setTimeout(() => ran.push('kept'), 5);
  probe.hold(true);
  scope.advance(10);
  scope.clearTimeout(h);
  probe.hold(false);
  scope.advance(0);
  assert.deepEqual(ran, ['kept']);
  assert.equal(events.filter((e) => e.phase === 'cancelled').length, 1);
  assert.equal(probe.pending(), 0);
});

test('an interval that came due many times while held runs once when let go, then keeps its period', () => {
  const scope = new ManualScope();
  const { probe } = probeOn(scope);
  let runs = 0;
  const h = scope.setInterval(() => runs++, 10);
  probe.hold(true);
  scope.advance(55);
  assert.equal(runs, 0);
  probe.hold(false);
  scope.advance(0);
  assert.equal(runs, 1);
  scope.advance(10);
  assert.equal(runs, 2);
  scope.clearInterval(h);
});

test('without a hold, timers run when due', () => {
  const scope = new ManualScope();
  const { probe } = probeOn(scope);
  const ran = [];
  scope.setTimeout(() => ran.push('a'), 10);
  scope.advance(10);
  assert.deepEqual(ran, ['a']);
  assert.equal(probe.pending(), 0);
});

test('a storm of callbacks in one macrotask records the first ones, runs them all, and counts the rest', async () => {
  const scope = new ManualScope();
  const unrecorded = [];
  const { probe, events } = probeOn(scope, unrecorded);
  const extra = 1234;
  let ran = 0;
  probe.turn(() => {
    for (let i = 0; i < MAX_RECORDED_PER_TURN + extra; i++) scope.queueMicrotask(() => ran++);
  }, 'the snippet');
  await new Promise((done) => queueMicrotask(done)); // the storm's microtasks run before this one
  assert.equal(ran, MAX_RECORDED_PER_TURN + extra, 'every callback ran');
  const scheduled = events.filter((e) => e.phase === 'scheduled').length;
  assert.equal(scheduled, MAX_RECORDED_PER_TURN);
  assert.equal(events.filter((e) => e.phase === 'run_end').length, MAX_RECORDED_PER_TURN, 'each recorded callback is recorded whole');
  scope.advance(0); // the macrotask is over: the count is reported, and the budget starts again
  assert.deepEqual(unrecorded, [extra]);
  scope.queueMicrotask(() => ran++);
  assert.equal(events.filter((e) => e.phase === 'scheduled').length, MAX_RECORDED_PER_TURN + 1);
});
