// The batch handed to onTrace once per frame: the layout of
// docs/trace-format.md ("The batch handed to JavaScript"), pinned.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRACE_FORMAT_VERSION, TRACE_KIND as K, batchEvents } from '../../wasm_bindings/js/index.js';
import { virtualRuntime } from './helpers.mjs';

test('TRACE_FORMAT_VERSION is 1', () => {
  assert.equal(TRACE_FORMAT_VERSION, 1);
});

test('each frame hands over one batch with exactly the documented fields', async () => {
  const h = await virtualRuntime();
  await h.start();
  await h.frame(16);
  assert.equal(h.batches.length, 2);
  for (const b of h.batches) {
    assert.deepEqual(Object.keys(b).sort(), ['count', 'dropped', 'errors', 'f64', 'frame', 'loopTime', 'names', 'u32', 'version', 'wallMs'].sort());
    assert.equal(b.version, 1);
    assert.ok(b.f64 instanceof Float64Array);
    assert.ok(b.u32 instanceof Uint32Array);
    assert.equal(b.f64.length, 2 * b.count);
    assert.equal(b.u32.length, 3 * b.count);
    assert.ok(Array.isArray(b.names) && Array.isArray(b.errors));
    assert.equal(b.dropped, 0);
  }
  assert.deepEqual(h.batches.map((b) => [b.frame, b.wallMs, b.loopTime]), [[1, 0, 0], [2, 16, 0.016]]);
});

test('f64 holds [time, value] and u32 holds [kind, id, ref] per event, in order', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const t = loop.spawn((function* () { yield loop.sleep(0.5); return 1; })(), 'sleeper');
  await h.runUntilSettled(t);
  const events = h.batches.flatMap(batchEvents).filter((e) => e.kind !== K.tick_begin && e.kind !== K.tick_end);
  const timer = events.find((e) => e.kind === K.timer_set).id;
  assert.deepEqual(
    events.map((e) => [e.kind, e.id, e.ref, e.time, e.value]),
    [
      [K.task_spawned, t.id, 0, 0, 0],
      [K.scheduled, t.id, 1, 0, 0], // reason 1: spawn
      [K.resume_begin, t.id, 0, 0, 0],
      [K.timer_set, timer, t.id, 0, 0.5], // owner: the task that sleeps on it; value: deadline
      [K.suspended, t.id, 2, 0, 0.5], // wait kind 2: sleep, until 0.5
      [K.resume_end, t.id, 0, 0, 0],
      [K.timer_fired, timer, 0, 0.5, 0.5],
      [K.scheduled, t.id, 3, 0.5, 0], // reason 3: timer fired
      [K.resume_begin, t.id, 0, 0.5, 0],
      [K.task_done, t.id, 0, 0.5, 0],
      [K.resume_end, t.id, 0, 0.5, 0],
    ],
  );
});

test('tick_begin and tick_end frame every tick, with the budget and the next deadline', async () => {
  const h = await virtualRuntime({ frameBudgetMs: 5 });
  h.loop.setTimeout(1, () => {});
  await h.start();
  const events = batchEvents(h.batches[0]); // timer_set came first: it was set before the first tick
  const begin = events.find((e) => e.kind === K.tick_begin);
  const end = events.at(-1);
  assert.deepEqual([begin.kind, begin.id, begin.value], [K.tick_begin, 1, 0.005]);
  assert.deepEqual([end.kind, end.id, end.value], [K.tick_end, 1, 1]);
});

test('task names travel once, in the batch where the task first appears', async () => {
  const h = await virtualRuntime();
  const named = h.loop.spawn((function* () { yield; })(), 'worker');
  const unnamed = h.loop.spawn((function* () { yield; })());
  await h.start();
  await h.frame();
  assert.deepEqual(h.batches[0].names.sort(), [[named.id, 'worker'], [unnamed.id, `task-${unnamed.id}`]].sort());
  assert.deepEqual(h.batches[1].names, []);
});

test('the arrays are copies that can be transferred, not views into the wasm heap', async () => {
  const h = await virtualRuntime();
  h.loop.callSoon(() => {});
  await h.start();
  const b = h.batches[0];
  assert.equal(b.f64.buffer.byteLength, b.f64.byteLength);
  assert.equal(b.u32.buffer.byteLength, b.u32.byteLength);
  const copy = structuredClone(b, { transfer: [b.f64.buffer, b.u32.buffer] });
  assert.equal(copy.count, 5); // scheduled (at callSoon), tick_begin, resume_begin, resume_end, tick_end
  assert.deepEqual(Array.from(copy.u32.filter((_, i) => i % 3 === 0)), [K.scheduled, K.tick_begin, K.resume_begin, K.resume_end, K.tick_end]);
  assert.equal(b.f64.length, 0); // transferred away
});

test('a frame with more events than the recorder holds reports how many it dropped', async () => {
  const h = await virtualRuntime();
  for (let i = 0; i < 30_000; i++) h.loop.callSoon(() => {});
  await h.start();
  await h.frame();
  const first = h.batches[0];
  assert.ok(first.count > 0);
  assert.ok(first.dropped > 0, 'events beyond capacity are counted');
  assert.equal(first.count + first.dropped, 30_000 * 3 + 2); // scheduled, resume_begin, resume_end each; tick begin/end
});

test('waiting on a JS Promise is traced as external, and gather as gather', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  let resolve;
  const p = new Promise((r) => (resolve = r));
  const t = loop.spawn(
    (function* () {
      yield p;
      yield loop.gather(loop.sleep(0.1), loop.sleep(0.2));
    })(),
    'waiter',
  );
  await h.start();
  await h.frame();
  resolve();
  await h.runUntilSettled(t);
  const events = h.batches.flatMap(batchEvents);
  const mine = events.filter((e) => e.id === t.id);
  const waits = mine.filter((e) => e.kind === K.suspended).map((e) => e.ref);
  const wakes = mine.filter((e) => e.kind === K.scheduled).map((e) => e.ref);
  assert.deepEqual(waits, [3, 3]); // the task awaits the promise's task, then the gather's task
  assert.deepEqual(wakes, [1, 4, 4]); // spawn, then awaited thing completed, twice
  const names = new Map(h.batches.flatMap((b) => b.names));
  const promiseTask = [...names].find(([, n]) => n === 'promise')[0];
  const gatherTask = [...names].find(([, n]) => n === 'gather')[0];
  const waitOf = (id) => events.filter((e) => e.id === id && e.kind === K.suspended).map((e) => e.ref);
  const wakeOf = (id) => events.filter((e) => e.id === id && e.kind === K.scheduled).map((e) => e.ref);
  assert.deepEqual(waitOf(promiseTask), [8]); // external
  assert.deepEqual(wakeOf(promiseTask), [1, 7]); // spawn, external
  assert.deepEqual(waitOf(gatherTask), [4]); // gather
});
