// Cancellation: a CancelledError is thrown into the task at the yield where it
// waits, so try/finally can clean up; timers and callbacks can be cancelled
// before they run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { virtualRuntime } from './helpers.mjs';

test('cancelling a sleeping task throws CancelledError at its yield and lets finally run', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  const t = loop.spawn(
    (function* () {
      try {
        yield loop.sleep(5);
        print('not reached');
      } finally {
        print('finally ran');
      }
    })(),
  );
  await h.start();
  await h.frame();
  assert.equal(t.cancel(), true);
  const outcome = await h.runUntilSettled(t);
  assert.equal(outcome.error.name, 'CancelledError');
  assert.equal(t.state, 'cancelled');
  assert.deepEqual(h.printed, ['finally ran']);
  assert.equal(t.cancel(), false);
});

test('a task that catches the CancelledError can carry on and finish', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const t = loop.spawn(
    (function* () {
      try {
        yield loop.sleep(5);
      } catch (e) {
        return `caught ${e.name}`;
      }
    })(),
  );
  await h.start();
  t.cancel();
  assert.deepEqual(await h.runUntilSettled(t), { value: 'caught CancelledError' });
  assert.equal(t.state, 'done');
});

test('a task cancelled before its first step never runs', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  let ran = false;
  const t = loop.spawn(
    (function* () {
      ran = true;
      yield;
    })(),
  );
  t.cancel();
  const outcome = await h.runUntilSettled(t);
  assert.equal(outcome.error.name, 'CancelledError');
  assert.equal(ran, false);
});

test('cancelling a task that awaits another cancels that one too', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const inner = loop.spawn((function* () { yield loop.sleep(5); })());
  const outer = loop.spawn((function* () { yield inner; })());
  await h.start();
  await h.frame();
  outer.cancel();
  await h.runUntilSettled(outer);
  await h.frame();
  assert.equal(outer.state, 'cancelled');
  assert.equal(inner.state, 'cancelled');
});

test('a cancelled loop.setTimeout never calls its callback', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  const handle = loop.setTimeout(0.5, () => print('should not print'));
  loop.setTimeout(1.0, () => print('still runs'));
  await h.start();
  assert.equal(handle.cancel(), true);
  assert.equal(handle.cancel(), false);
  await h.until(() => h.lines.length === 1);
  assert.deepEqual(h.printed, ['still runs']);
});

test('a cancelled loop.callSoon never calls its callback', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  const handle = loop.callSoon(() => print('should not print'));
  loop.callSoon(() => print('runs'));
  assert.equal(handle.cancel(), true);
  await h.start();
  await h.frame();
  assert.deepEqual(h.printed, ['runs']);
});
