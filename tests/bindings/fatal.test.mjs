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

// Memory can run out in the glue around a call into C++ (spawning: the task's
// name is copied into C++), which used to reach the snippet as a bare C++
// exception ("Uncaught {}") and left the run going, broken; or inside C++,
// which catches it (timer callbacks: their table grows), and the snippet got
// "looplab internal error: std::bad_alloc". A learner making tasks or timers
// in a loop that never ends hits one or the other.
const MAKING_UNTIL_OUT_OF_MEMORY = [
  ['tasks (about 2,000,000 of them)', (loop, task) => loop.spawn(task()), /with [\d,]+ tasks alive\)/],
  ['timer callbacks (about 4,000,000 of them)', (loop) => loop.setTimeout(1000, () => {}), /with 0 tasks and [\d,]+ timer callbacks alive\)/],
];
for (const [what, makeOne, alive] of MAKING_UNTIL_OUT_OF_MEMORY) {
  test(`making ${what} until memory runs out ends the run with an out-of-memory error at the snippet's line`, async () => {
    const h = await virtualRuntime();
    function* task() {
      yield;
    }
    let made = 0;
    let thrown = null;
    try {
      for (; made < 20_000_000; made++) makeOne(h.loop, task);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown, `making one failed (after ${made})`);
    assert.equal(thrown.name, 'RuntimeFailure', `the snippet sees what happened: ${thrown}`);
    assert.match(thrown.message, /^the C\+\+ runtime ran out of memory \(512 MB, with .*\), so this run has ended/);
    assert.match(thrown.message, alive);
    assert.equal(h.errors.length, 1);
    assert.equal(h.errors[0].fatal, true);
    assert.equal(h.errors[0].message, thrown.message);
    assert.match(h.errors[0].stack, /fatal\.test\.mjs/, 'its stack leads to the line that made it');
    assert.throws(() => h.loop.spawn(task()), { message: /loop\.spawn: the C\+\+ runtime ran out of memory/ });
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
