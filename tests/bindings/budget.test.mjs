// Each frame runs ready work only until its time budget (frameBudgetMs) is
// spent, so a flood of ready work cannot stall the page's frames: the rest
// stays queued for the next frame. The fake wall clock decides when the
// budget is spent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRACE_KIND, batchEvents } from '../../wasm_bindings/js/index.js';
import { virtualRuntime } from './helpers.mjs';

test('the tick budget leaves ready work for the next frame', async () => {
  const h = await virtualRuntime({ frameBudgetMs: 8 });
  const { loop } = h;
  let ran = 0;
  for (let i = 0; i < 200; i++) {
    loop.callSoon(() => {
      ran++;
      h.clock.t += 1; // each callback costs 1 ms of (fake) wall time
    });
  }
  await h.start();
  const afterFirstFrame = ran;
  assert.ok(afterFirstFrame > 0 && afterFirstFrame < 200, `ran ${afterFirstFrame} of 200 in the first frame`);
  const firstTick = batchEvents(h.batches[0]).find((e) => e.kind === TRACE_KIND.tick_begin);
  assert.equal(firstTick.value, 0.008); // the budget, in seconds, as the trace says
  await h.until(() => ran === 200, { ms: 16, max: 200 });
  assert.ok(h.batches.length > 2, 'the work was spread over several frames');
});

test('tasks that never stop yielding still let every frame end', async () => {
  const h = await virtualRuntime({ msPerRead: 0.05 });
  const { loop } = h;
  let steps = 0;
  loop.spawn(
    (function* () {
      for (;;) {
        steps++;
        yield;
      }
    })(),
  );
  await h.start();
  await h.frame();
  await h.frame();
  assert.equal(h.batches.length, 3); // three frames, each ended by its budget
  assert.ok(steps > 0);
});
