// How the page's trace store behaves over a long run (issue 5's bounded
// recording): a busy round-robin of 4 tasks, 600,000 yields, about 1.8M core
// events fed into a TraceStore that keeps the last 1,000,000, as the sandbox's
// batches (about 18 events each). Prints the slow appends and what each one
// did: allocate typed columns (a column that doubles copies into fresh
// memory), drop the oldest events, or neither (then most likely a garbage
// collection). It records twice in the same store, as a learner's second run
// of the same snippet does: the second run takes over the memory the first
// grew. Figures only, never pass/fail. Run: node bench/page/long-recording.mjs
//
// It runs in node (the store has no DOM), so it times the store alone; a page
// pays the same inside one trace-feed slice (bench/page/busy-loop.mjs with
// SPIN_MS=20000 shows the page's side).
import { importTraceModel } from '../../tests/page/views-bundle.mjs';

const TASKS = 4;
const YIELDS = Number(process.env.YIELDS ?? 150_000);
const SLOW_MS = 20;

const T = await importTraceModel();
const loop = new T.SyntheticLoop({ budgetMs: 8 });
for (let i = 0; i < TASKS; i++) {
  loop.spawn(`t${i}`, [...Array(YIELDS).fill({ runMs: 0.001, then: 'yield' }), { runMs: 0.001, then: 'done' }]);
}
const batches = loop.runUntilIdle();
const store = new T.TraceStore();
for (const run of ['first run', 'second run, in the same store']) {
  store.reset();
  const slow = [];
  const drops = [];
  const all = [];
  const started = performance.now();
  for (const batch of batches) {
    const first = store.firstIndex;
    const buffers = process.memoryUsage().arrayBuffers;
    const s = performance.now();
    store.appendCore(batch);
    const ms = performance.now() - s;
    all.push(ms);
    const dropped = store.firstIndex !== first;
    if (dropped) drops.push(ms);
    if (ms >= SLOW_MS) {
      const allocatedMb = (process.memoryUsage().arrayBuffers - buffers) / 2 ** 20;
      const what = [dropped ? 'dropped the oldest' : '', allocatedMb >= 0.5 ? `allocated ${allocatedMb.toFixed(1)} MB of typed columns` : ''];
      slow.push(`${ms.toFixed(0)} ms at event ${store.endIndex}: ${what.filter(Boolean).join(', ') || 'neither allocated nor dropped (garbage collection?)'}`);
    }
  }
  const total = performance.now() - started;
  const sorted = [...all].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  console.log(`long recording, ${run}: ${store.endIndex} core events in ${batches.length} batches, ${store.droppedByStore} dropped (keeps ${store.capacity})`);
  console.log(`  appending took ${total.toFixed(0)} ms in all; per batch median ${pct(50).toFixed(3)} / p99 ${pct(99).toFixed(3)} / max ${sorted.at(-1).toFixed(1)} ms`);
  console.log(`  drops: ${drops.length}, each ${Math.min(...drops).toFixed(0)}-${Math.max(...drops).toFixed(0)} ms`);
  console.log(`  appends of ${SLOW_MS} ms or more (${slow.length}):`);
  for (const line of slow) console.log(`    ${line}`);
}
