// The step and slow-motion controls: pause() keeps the loop's state, step()
// is exactly one resume of the C++ loop, setSpeed() slows the virtual clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRACE_KIND as K, batchEvents } from '../../wasm_bindings/js/index.js';
import { virtualRuntime } from './helpers.mjs';

test('step() resumes exactly one ready item, in ready-queue order', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  function* worker(name) {
    print(`${name}1`);
    yield;
    print(`${name}2`);
  }
  loop.spawn(worker('a'));
  loop.spawn(worker('b'));
  h.rt.pause();
  const seen = [];
  while (h.rt.step()) seen.push(h.printed.join(' '));
  assert.deepEqual(seen, ['a1', 'a1 b1', 'a1 b1 a2', 'a1 b1 a2 b2']);
  const resumes = h.batches.flatMap(batchEvents).filter((e) => e.kind === K.resume_begin);
  assert.equal(resumes.length, 4);
  assert.equal(h.batches.length, 5); // one batch per step (the last found nothing)
});

test('step() with nothing ready jumps the paused virtual clock to the next timer', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  loop.setTimeout(2.5, () => print(`at ${loop.now()}`));
  h.rt.pause();
  assert.equal(h.rt.step(), true);
  assert.deepEqual(h.printed, ['at 2.5']);
  assert.equal(h.rt.step(), false); // idle: nothing ready, no timers
  assert.equal(h.rt.isIdle(), true);
  assert.equal(h.idles, 1);
});

test('a paused virtual clock stands still, so timers do not fall due while paused', async () => {
  const h = await virtualRuntime();
  await h.start();
  h.rt.pause();
  h.clock.t += 60_000; // a minute of wall time while paused
  assert.equal(h.now(), 0);
  h.rt.start();
  await h.frame(10);
  assert.equal(h.now(), 0.01);
});

test('a virtual runtime set up ahead of its run starts its clock at start(), not at creation', async () => {
  const h = await virtualRuntime();
  h.clock.t += 5000; // the runtime waits in a spare worker for its run
  h.loop.setTimeout(0.1, () => h.print(`fired at ${h.loop.now()}`));
  await h.start();
  assert.equal(h.now(), 0);
  await h.until(() => h.lines.length === 1);
  assert.deepEqual(h.printed, ['fired at 0.1']);
});

test('setSpeed(0.5) makes a 1 s sleep take 2 s of wall time', async () => {
  const h = await virtualRuntime();
  h.rt.setSpeed(0.5);
  const t = h.loop.spawn((function* () { yield h.loop.sleep(1); })());
  await h.runUntilSettled(t);
  assert.equal(h.clock.t, 2000);
});

test('step() from inside a task is refused', async () => {
  const h = await virtualRuntime();
  const t = h.loop.spawn((function* () { h.rt.step(); })());
  const outcome = await h.runUntilSettled(t);
  assert.match(outcome.error.message, /cannot step the loop from inside one of its own tasks/);
});

test('onIdle is called when the loop runs out of work, once per idle spell', async () => {
  const h = await virtualRuntime();
  h.loop.setTimeout(0.05, () => {});
  await h.start();
  assert.equal(h.idles, 0);
  await h.until(() => h.idles === 1);
  await h.frame();
  assert.equal(h.idles, 1);
  h.loop.callSoon(() => {});
  await h.frame();
  await h.frame();
  assert.equal(h.idles, 2);
});

test('on the real clock, now() follows the wall clock from startMs, paused or not', async () => {
  const h = await virtualRuntime({ clock: 'real', startMs: 100 });
  h.clock.t = 100;
  await h.start();
  h.clock.t = 600;
  assert.equal(h.now(), 0.5);
  h.rt.pause();
  h.clock.t = 1100;
  assert.equal(h.now(), 1);
  assert.throws(() => h.rt.setSpeed(0.5), { message: /slow motion needs createRuntime\(\{ clock: 'virtual' \}\)/ });
});
