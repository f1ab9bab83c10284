// A JS task that throws is failed with its JS error (and stack), which whoever
// awaits it receives and the trace records; the other tasks keep running. A
// callback that throws is reported and the loop carries on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRACE_KIND, batchEvents } from '../../wasm_bindings/js/index.js';
import { virtualRuntime } from './helpers.mjs';

test('a task that throws fails with its own JS error, which the awaiting task receives', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const thrown = new TypeError('the learner made a mistake');
  const failing = loop.spawn(
    (function* () {
      yield;
      throw thrown;
    })(),
    'failing',
  );
  const waiter = loop.spawn(
    (function* () {
      try {
        yield failing;
      } catch (e) {
        return e;
      }
    })(),
  );
  const { value } = await h.runUntilSettled(waiter);
  assert.equal(value, thrown); // the very same object, stack and all
  assert.match(value.stack, /the learner made a mistake/);
  assert.equal(failing.state, 'failed');
  assert.equal(failing.error, thrown);
  assert.deepEqual(h.errors, []); // it was awaited: the waiter handled it
});

test('a failing task leaves the other tasks running', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  function* counter() {
    for (let i = 0; i < 3; i++) {
      print(`tick ${i}`);
      yield loop.sleep(0.1);
    }
  }
  loop.spawn((function* () { yield loop.sleep(0.05); throw new Error('one task fails'); })(), 'crasher');
  const c = loop.spawn(counter());
  await h.runUntilSettled(c);
  assert.deepEqual(h.printed, ['tick 0', 'tick 1', 'tick 2']);
});

test('a failure nobody awaits is reported through onError with the task name', async () => {
  const h = await virtualRuntime();
  const t = h.loop.spawn((function* () { throw new RangeError('unwatched'); })(), 'lonely');
  await h.start();
  await h.frame();
  assert.equal(t.state, 'failed');
  assert.equal(h.errors.length, 1);
  assert.equal(h.errors[0].message, 'RangeError: unwatched');
  assert.equal(h.errors[0].task, 'lonely');
  assert.equal(h.errors[0].fatal, false);
  assert.match(h.errors[0].stack, /unwatched/);
});

test("the trace records the failure with the error's message", async () => {
  const h = await virtualRuntime();
  const t = h.loop.spawn((function* () { yield; throw new Error('traced'); })(), 'f');
  await h.runUntilSettled(h.loop.runUntilComplete(t).catch(() => {}));
  const events = h.batches.flatMap(batchEvents);
  assert.ok(events.some((e) => e.kind === TRACE_KIND.task_failed && e.id === t.id));
  const errors = h.batches.flatMap((b) => b.errors);
  assert.deepEqual(errors, [[t.id, 'Error: traced']]);
});

test('anything thrown, not only Errors, fails the task with that value', async () => {
  const h = await virtualRuntime();
  const t = h.loop.spawn((function* () { throw 'a string'; })());
  const outcome = await h.runUntilSettled(h.loop.runUntilComplete(t));
  assert.equal(outcome.error, 'a string');
});

test('a callback that throws is reported, and the loop runs the next one', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  loop.callSoon(() => {
    throw new Error('callback broke');
  });
  loop.callSoon(() => print('next callback ran'));
  loop.setTimeout(0.1, () => print('timer ran'));
  await h.start();
  await h.until(() => h.lines.length === 2);
  assert.deepEqual(h.printed, ['next callback ran', 'timer ran']);
  assert.equal(h.errors.length, 1);
  assert.equal(h.errors[0].message, 'Error: callback broke');
  assert.equal(h.errors[0].fatal, false);
  const failed = h.batches.flatMap(batchEvents).filter((e) => e.kind === 15); // callback_failed
  assert.equal(failed.length, 1);
});

test('a generator that throws on its first step fails before it ever yields', async () => {
  const h = await virtualRuntime();
  function* broken() {
    throw new SyntaxError('oops');
  }
  const outcome = await h.runUntilSettled(h.loop.runUntilComplete(broken()));
  assert.equal(outcome.error.name, 'SyntaxError');
});

test("a huge error message or task name is kept short: its beginning, and how much more there was", async () => {
  const h = await virtualRuntime();
  const named = h.loop.spawn((function* () { yield; })(), 'n'.repeat(1_000_000));
  assert.equal(named.name, `${'n'.repeat(200)}… (999,800 more characters not shown)`);
  const t = h.loop.spawn((function* () {
    yield;
    throw new Error('x'.repeat(100_000_000));
  })(), 'thrower');
  await h.start();
  await h.until(() => t.state === 'failed'); // nobody awaits it: its error is reported
  const message = h.errors.find((e) => e.task === 'thrower')?.message ?? JSON.stringify(h.errors).slice(0, 300);
  assert.match(message, /^Error: x{9993}… \(99,990,007 more characters not shown\)$/);
});
