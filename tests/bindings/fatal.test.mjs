// A wasm trap or running out of memory ends the run with a clear, fatal error;
// the runtime refuses further use, and the next createRuntime works.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEBUG } from '../../wasm_bindings/js/index.js';
import { virtualRuntime } from './helpers.mjs';

test('a wasm trap ends the run with a fatal error, and the next runtime works', async () => {
  const h = await virtualRuntime();
  await h.start();
  assert.throws(() => h.rt[DEBUG].trap(), { name: 'RuntimeFailure' });
  assert.equal(h.errors.length, 1);
  assert.equal(h.errors[0].fatal, true);
  assert.match(h.errors[0].message, /the C\+\+ runtime crashed .*run again for a fresh runtime/);
  assert.throws(() => h.loop.sleep(1), { message: /loop\.sleep: the C\+\+ runtime crashed/ });
  assert.throws(() => h.rt.step(), { message: /runtime\.step: /});

  const next = await virtualRuntime();
  const t = next.loop.spawn((function* () { yield; return 'fresh'; })());
  assert.deepEqual(await next.runUntilSettled(t), { value: 'fresh' });
});

test('running out of wasm memory ends the run with an out-of-memory error', async () => {
  const h = await virtualRuntime();
  assert.throws(() => h.rt[DEBUG].exhaustMemory(), { name: 'RuntimeFailure' });
  assert.equal(h.errors.length, 1);
  assert.equal(h.errors[0].fatal, true);
  assert.match(h.errors[0].message, /ran out of memory/);
  const next = await virtualRuntime();
  assert.equal(typeof next.loop.now(), 'number');
});

test('a disposed runtime throws on use and frees its tasks', async () => {
  const h = await virtualRuntime();
  const t = h.loop.spawn((function* () { yield h.loop.sleep(10); })());
  await h.start();
  h.rt.dispose();
  assert.throws(() => h.loop.spawn((function* () {})()), { message: /this runtime was disposed/ });
  assert.throws(() => h.rt.start(), { message: /disposed/ });
  assert.equal(t.state, 'cancelled');
  h.rt.dispose(); // twice is harmless
});

test('dispose() from inside a task is refused, and the run goes on', async () => {
  const h = await virtualRuntime();
  const t = h.loop.spawn((function* () { h.rt.dispose(); })());
  const outcome = await h.runUntilSettled(t);
  assert.match(outcome.error.message, /cannot dispose the loop from inside/);
  assert.equal(typeof h.loop.now(), 'number');
});
