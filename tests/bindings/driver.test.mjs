// The frame driver: one tick per frame from the frame source; when frames stop
// arriving (hidden tab, off-screen iframe) it says so and keeps the loop going
// on timer frames until real frames return; with no rAF at all it says so at
// once. Frames and timers are both the test's, so no real time passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRuntime } from '../../wasm_bindings/js/index.js';
import { ManualTimers, virtualRuntime, wasmBinary } from './helpers.mjs';

test('the loop steps once per delivered frame, and not at all before start()', async () => {
  const h = await virtualRuntime();
  h.loop.callSoon(() => h.print('ran'));
  h.frames.deliver(0);
  assert.deepEqual(h.printed, []);
  await h.start();
  assert.deepEqual(h.printed, ['ran']);
  assert.equal(h.batches.length, 1);
});

test('when frames stop arriving, the driver reports a stall and keeps ticking on timers', async () => {
  const h = await virtualRuntime();
  h.loop.setTimeout(3, () => h.print('fired without frames'));
  await h.start();
  // Frames stop: only the clock and the timers move from here on.
  for (let ms = 0; ms < 5000 && !h.printed.length; ms += 16) {
    h.clock.t += 16;
    h.timers.runDue();
  }
  assert.equal(h.stalls.length, 1);
  assert.equal(h.stalls[0].reason, 'stopped');
  assert.ok(h.stalls[0].sinceMs >= 1000);
  assert.deepEqual(h.printed, ['fired without frames']);
  // Real frames come back: timer frames stop, rAF frames take over.
  const before = h.batches.length;
  h.frames.deliver(h.clock.t);
  assert.equal(h.batches.length, before + 1);
  for (let i = 0; i < 10; i++) {
    h.clock.t += 16;
    h.timers.runDue();
  }
  assert.equal(h.batches.length, before + 1, 'no timer frames once rAF is back');
  assert.equal(h.stalls.length, 1);
});

test('a frame that runs for seconds (a task spinning) is not a stall: frames go on, nothing is reported', async () => {
  const h = await virtualRuntime();
  h.loop.spawn((function* () {
    h.clock.t += 3000; // a busy-wait of 3 s inside the C++ loop's frame
    yield;
    h.print('next frame');
  })());
  await h.start();
  h.timers.runDue(); // the watchdog, due during the spin, runs first once the thread is free
  h.clock.t += 16;
  h.timers.runDue();
  await h.frame(0);
  assert.deepEqual(h.printed, ['next frame']);
  assert.deepEqual(h.stalls, []);
});

test('a long task between frames is not a stall when the frame behind it comes', async () => {
  const h = await virtualRuntime();
  await h.start();
  h.clock.t += 2000; // a JS callback spins for 2 s between two frames
  h.timers.runDue(); // the overdue watchdog runs before the frame
  await h.frame(16);
  for (let i = 0; i < 20; i++) {
    h.clock.t += 16;
    h.timers.runDue();
    await h.frame(0);
  }
  assert.deepEqual(h.stalls, []);
});

test('where there is no requestAnimationFrame, the driver says so and uses timer frames', async () => {
  const clock = { t: 0 };
  const timers = new ManualTimers(clock);
  const stalls = [];
  const lines = [];
  const rt = await createRuntime({
    wasmBinary,
    clock: 'virtual',
    wallClock: () => clock.t,
    timers, // no frameSource, and node has no requestAnimationFrame
    onFrameStall: (s) => stalls.push(s),
    onPrint: (l) => lines.push(l.text),
  });
  rt.globals.loop.setTimeout(0.1, () => rt.globals.print('tick'));
  rt.start();
  assert.deepEqual(stalls, [{ sinceMs: 0, reason: 'missing' }]);
  while (!lines.length && clock.t < 1000) {
    clock.t += 16;
    timers.runDue();
  }
  assert.deepEqual(lines, ['tick']);
  rt.dispose();
});

test('pause() stops stepping and start() resumes it', async () => {
  const h = await virtualRuntime();
  await h.start();
  h.rt.pause();
  h.loop.callSoon(() => h.print('ran'));
  await h.frame();
  assert.deepEqual(h.printed, []);
  assert.equal(h.frames.queue.size, 0); // no frame requested while paused
  h.rt.start();
  await h.frame();
  assert.deepEqual(h.printed, ['ran']);
});

test('a held frame runs nothing and traces nothing, and the loop goes on once released', async () => {
  let hold = false;
  const h = await virtualRuntime({ holdFrame: () => hold });
  await h.start();
  hold = true;
  h.loop.callSoon(() => h.print('soon'));
  h.loop.setTimeout(0.05, () => h.print('timer'));
  const batchesBefore = h.batches.length;
  for (let i = 0; i < 5; i++) await h.frame(16); // 80 ms: the timer is due
  assert.deepEqual(h.printed, [], 'nothing runs while held');
  assert.equal(h.batches.length, batchesBefore, 'no trace batch while held');
  assert.equal(h.stalls.length, 0, 'held frames are frames, not a stall');
  hold = false;
  await h.frame(16);
  assert.deepEqual(h.printed, ['soon', 'timer']);
  assert.equal(h.batches.length, batchesBefore + 1);
});

test('holdFrame must be a function', async () => {
  await assert.rejects(createRuntime({ wasmBinary, holdFrame: true }), /holdFrame must be a function/);
});

test('maxResumesPerFrame caps the resumes of one frame; the rest run next frame, in order', async () => {
  const h = await virtualRuntime({ maxResumesPerFrame: 3 });
  const order = [];
  for (const name of ['a', 'b']) {
    h.loop.spawn(
      (function* () {
        for (let i = 0; i < 2; i++) {
          order.push(`${name}${i}`);
          yield;
        }
      })(),
      name,
    );
  }
  await h.start();
  assert.deepEqual(order, ['a0', 'b0', 'a1']);
  await h.frame(16);
  assert.deepEqual(order, ['a0', 'b0', 'a1', 'b1']);
});

test('maxResumesPerFrame must be a positive whole number', async () => {
  for (const bad of [0, -1, 2.5, '3', NaN]) {
    await assert.rejects(createRuntime({ wasmBinary, maxResumesPerFrame: bad }), /maxResumesPerFrame must be a positive whole number/);
  }
});
