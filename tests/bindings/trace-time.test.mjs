// Run bars have their true length: on the real clock, the trace stamps the end
// of each resume with the run's clock read after it ran, so a step or callback
// that busy-waits for a second is a second long in the batch (the loop's own
// clock holds one time per frame). The busy-wait is the test's fake wall
// clock moving on while the step runs; no real time passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRACE_KIND as K, batchEvents } from '../../wasm_bindings/js/index.js';
import { virtualRuntime } from './helpers.mjs';

const find = (events, kind, id) => {
  const found = events.filter((e) => e.kind === kind && e.id === id);
  assert.equal(found.length, 1, `exactly one event of kind ${kind} for id ${id}`);
  return found[0];
};

const runBar = (h, id) => {
  const events = h.batches.flatMap(batchEvents);
  return { begin: find(events, K.resume_begin, id).time, end: find(events, K.resume_end, id).time, events };
};

test('on the real clock, a generator step that busy-waits 1 s is a 1 s run bar in the trace', async () => {
  const h = await virtualRuntime({ clock: 'real' });
  const { loop } = h;
  const busy = loop.spawn(
    (function* () {
      h.clock.t += 1000; // a busy-wait: one second of wall time passes inside the step
    })(),
    'busy',
  );
  const after = loop.spawn((function* () {})(), 'after');
  await h.start();
  const bar = runBar(h, busy.id);
  assert.equal(bar.begin, 0);
  assert.equal(bar.end, 1);
  // What ran next began when the busy step ended.
  assert.equal(find(bar.events, K.resume_begin, after.id).time, 1);
});

test('on the real clock, a loop.setTimeout callback that busy-waits 1 s is a 1 s run bar in the trace', async () => {
  const h = await virtualRuntime({ clock: 'real' });
  const timer = h.loop.setTimeout(0.05, () => {
    h.clock.t += 1000;
  });
  await h.start();
  await h.until(() => h.batches.flatMap(batchEvents).some((e) => e.kind === K.resume_end && e.id === timer.id));
  const bar = runBar(h, timer.id);
  assert.ok(bar.begin >= 0.05, `the callback ran when due (began at ${bar.begin} s)`);
  assert.ok(Math.abs(bar.end - bar.begin - 1) < 1e-9, `the run bar is 1 s long (${bar.end - bar.begin} s)`);
});

test('on the virtual clock, the trace keeps the loop clock, so a busy step is drawn where the frame is', async () => {
  const h = await virtualRuntime(); // clock: 'virtual'
  const busy = h.loop.spawn(
    (function* () {
      h.clock.t += 1000;
    })(),
  );
  await h.start();
  const bar = runBar(h, busy.id);
  assert.equal(bar.begin, 0);
  assert.equal(bar.end, 0); // deterministic: virtual time moves only between frames
});
