// How responsive the page stays while a run goes on: round trips from
// Playwright into the page (a frozen page answers late) and the page's long
// tasks (over 50 ms). Shared by busy-loop.mjs and print-flood.mjs.

/** Starts counting the page's long tasks; call before Run. */
export function watchLongTasks(page) {
  return page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

/** Presses Run and probes the page every 50 ms until the run has ended: { took (ms), trips (ms each) }. */
export async function runAndProbe(page) {
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
  return { took: Date.now() - t0, trips };
}

/** Prints the round trips and the long tasks counted since watchLongTasks. */
export async function reportResponsiveness(page, trips) {
  const long = await page.evaluate(() => window.__longTasks);
  const sorted = [...trips].sort((x, y) => x - y);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))];
  const longMs = long.reduce((s, d) => s + d, 0);
  console.log(`  page round trips while it ran: median ${sorted[sorted.length >> 1]} ms, p95 ${p95} ms, worst ${sorted.at(-1)} ms (${trips.length} probes)`);
  console.log(`  page long tasks: ${long.length}, longest ${Math.round(Math.max(0, ...long))} ms, ${Math.round(longMs)} ms in all`);
}
