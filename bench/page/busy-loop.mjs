// How the page copes with a busy C++ loop: a JS generator task that spins on
// bare yields for 3 s of wall time streams a large trace to the page. Prints
// how long the run took, how many core events it traced, the round trips from
// Playwright into the page while it ran (a frozen page answers late) and the
// page's long tasks (over 50 ms). Figures, never pass/fail.
//   node bench/page/busy-loop.mjs   (after npm run build; DIST=<dir> for another build)
import { openBrowser } from '../../tests/page/harness.mjs';

const SPIN_MS = Number(process.env.SPIN_MS ?? 3000);
const b = await openBrowser({ dist: process.env.DIST ?? 'dist' });
try {
  const page = await b.newPage();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(b.baseUrl);
  await page.waitForFunction(() => window.__looplab);
  // The editor loads lazily after first paint: let it, so its start-up is not counted against the trace.
  await page.evaluate(() => window.__looplab.loadMonaco());
  await page.waitForFunction(() => window.__looplab.editorKind() === 'monaco');
  await page.evaluate((ms) => window.__looplab.setCode(
    `function* spin() { const end = Date.now() + ${ms}; while (Date.now() < end) yield; }\nloop.spawn(spin(), 'spin');`), SPIN_MS);
  await page.waitForFunction(() => document.body.dataset.run !== 'running');
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.evaluate(() => window.__looplab.run());
  const trips = [];
  for (;;) {
    const s = Date.now();
    const state = await page.evaluate(() => document.body.dataset.run);
    trips.push(Date.now() - s);
    if (state !== 'running') break;
    await new Promise((ok) => setTimeout(ok, 50)); // polling interval of the probe, not a synchronisation
  }
  const took = Date.now() - t0;
  const r = await page.evaluate(() => ({
    long: window.__longTasks,
    events: Number(document.querySelector('section[aria-label="Loop inspector"]')?.dataset.at ?? NaN),
  }));
  const sorted = [...trips].sort((x, y) => x - y);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))];
  const longMs = r.long.reduce((s, d) => s + d, 0);
  console.log(`busy C++ loop (${SPIN_MS} ms spin): run took ${took} ms (x${(took / SPIN_MS).toFixed(2)}), ${r.events} core events traced`);
  console.log(`  page round trips while it ran: median ${sorted[sorted.length >> 1]} ms, p95 ${p95} ms, worst ${sorted.at(-1)} ms (${trips.length} probes)`);
  console.log(`  page long tasks: ${r.long.length}, longest ${Math.round(Math.max(0, ...r.long))} ms, ${Math.round(longMs)} ms in all`);
} finally {
  await b.close();
}
