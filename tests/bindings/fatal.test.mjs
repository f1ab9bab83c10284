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

// Memory can run out inside C++ (which catches it and says so) or in the glue
// around the call (a task's name copied into C++), which used to reach the
// snippet as a bare C++ exception ("Uncaught {}") and left the run going,
// broken. A learner spawning in a loop that never ends hits one or the other.
const SPAWNING_UNTIL_OUT_OF_MEMORY = [
  ['unnamed tasks (about 2,000,000 of them)', undefined, 5_000_000],
  // A 1 MB name per task fills the 512 MB heap in ~500 spawns.
  ['tasks with 1 MB names', 'x'.repeat(1 << 20), 10_000],
];
for (const [what, name, most] of SPAWNING_UNTIL_OUT_OF_MEMORY) {
  test(`spawning ${what} until memory runs out ends the run with an out-of-memory error at the snippet's line`, async () => {
    const h = await virtualRuntime();
    function* task() {
      yield;
    }
    let spawned = 0;
    let thrown = null;
    try {
      for (; spawned < most; spawned++) h.loop.spawn(task(), name);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown, `a spawn failed (after ${spawned})`);
    assert.equal(thrown.name, 'RuntimeFailure', `the snippet sees what happened: ${thrown}`);
    assert.match(thrown.message, /the C\+\+ runtime ran out of memory \(512 MB, with [\d,]+ tasks alive\), so this run has ended/);
    assert.equal(h.errors.length, 1);
    assert.equal(h.errors[0].fatal, true);
    assert.equal(h.errors[0].message, thrown.message);
    assert.match(h.errors[0].stack, /fatal\.test\.mjs/, 'its stack leads to the line that spawned');
    assert.throws(() => h.loop.spawn((function* () {})()), { message: /loop\.spawn: the C\+\+ runtime ran out of memory/ });
    const next = await virtualRuntime();
    const t = next.loop.spawn((function* () { yield; return 'fresh'; })());
    assert.deepEqual(await next.runUntilSettled(t), { value: 'fresh' });
  });
}

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
