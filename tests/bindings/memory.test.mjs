// Spawning and finishing tasks gives all their memory back: 100,000 of them
// leave the wasm heap where it was, and the JS tables empty.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEBUG } from '../../wasm_bindings/js/index.js';
import { virtualRuntime } from './helpers.mjs';

const N = 100_000;

async function spawnAndFinish(h) {
  const { loop } = h;
  function* work(i) {
    yield;
    if (i % 2) yield loop.sleep(0.001);
    return i;
  }
  let finished = 0;
  for (let i = 0; i < N; i++) loop.spawn(work(i)).then(() => finished++);
  await h.until(() => finished === N, { ms: 10, max: 1000 });
}

test('100,000 spawned and finished tasks return the wasm heap to where it started', async () => {
  const h = await virtualRuntime({ onTrace: undefined });
  await h.start();
  // The first round sizes the loop's reusable buffers (ready queue, timer heap, id tables);
  // the second must then allocate nothing that it does not give back.
  await spawnAndFinish(h);
  await h.frame();
  const before = h.rt[DEBUG].heapBytes();
  await spawnAndFinish(h);
  await h.frame();
  const after = h.rt[DEBUG].heapBytes();
  assert.equal(after, before, `heap grew by ${after - before} bytes`);
  assert.deepEqual(h.rt[DEBUG].liveTasks(), { js: 0, callbacks: 0, errors: 0, cpp: 0 });
});
