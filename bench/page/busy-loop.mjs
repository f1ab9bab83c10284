// How the page copes with a busy C++ loop: a JS generator task that spins on
// bare yields for 3 s of wall time streams a large trace to the page. Prints
// how long the run took and the worst round trip from Playwright into the page
// while it ran (a frozen page answers late). Figures, never pass/fail.
//   node bench/page/busy-loop.mjs   (after npm run build)
import { openBrowser } from '../../tests/page/harness.mjs';

const SPIN_MS = 3000;
const b = await openBrowser({ dist: process.env.DIST ?? 'dist' });
try {
  const page = await b.newPage();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(b.baseUrl);
  await page.waitForFunction(() => window.__looplab);
  await page.evaluate((ms) => window.__looplab.setCode(
    `function* spin() { const end = Date.now() + ${ms}; while (Date.now() < end) yield; }\nloop.spawn(spin(), 'spin');`), SPIN_MS);
  await page.waitForFunction(() => document.body.dataset.run !== 'running');
  const t0 = Date.now();
  await page.evaluate(() => window.__looplab.run());
  let worst = 0;
  for (;;) {
    const s = Date.now();
    const state = await page.evaluate(() => document.body.dataset.run);
    worst = Math.max(worst, Date.now() - s);
    if (state !== 'running') break;
    await new Promise((ok) => setTimeout(ok, 50)); // polling interval of the probe, not a synchronisation
  }
  const took = Date.now() - t0;
  console.log(`busy C++ loop (${SPIN_MS} ms spin): run took ${took} ms (x${(took / SPIN_MS).toFixed(2)}); worst page round trip ${worst} ms`);
} finally {
  await b.close();
}
