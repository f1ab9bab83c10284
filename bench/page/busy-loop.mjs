// How the page copes with a busy C++ loop: a JS generator task that spins on
// bare yields for 3 s of wall time streams a large trace to the page. Prints
// how long the run took, how many core events it traced, the round trips from
// Playwright into the page while it ran (a frozen page answers late) and the
// page's long tasks (over 50 ms). Figures, never pass/fail.
//   node bench/page/busy-loop.mjs   (after npm run build; DIST=<dir> for another build)
import { openPlaygroundWithMonaco } from './playground.mjs';
import { reportResponsiveness, runAndProbe, watchLongTasks } from './responsiveness.mjs';

const SPIN_MS = Number(process.env.SPIN_MS ?? 3000);
const { browser, page } = await openPlaygroundWithMonaco();
try {
  await page.evaluate((ms) => window.__looplab.setCode(
    `function* spin() { const end = Date.now() + ${ms}; while (Date.now() < end) yield; }\nloop.spawn(spin(), 'spin');`), SPIN_MS);
  await page.waitForFunction(() => document.body.dataset.run !== 'running');
  await watchLongTasks(page);
  const { took, trips } = await runAndProbe(page);
  // The inspector holds its lists (data-at included) while a run streams in fast: its event is the
  // run's last once the views have drawn the end.
  await page.waitForFunction(() => document.querySelector('.ll-views')?.dataset.run === 'ended');
  const events = await page.evaluate(() => Number(document.querySelector('section[aria-label="Loop inspector"]')?.dataset.at ?? NaN));
  console.log(`busy C++ loop (${SPIN_MS} ms spin): run took ${took} ms (x${(took / SPIN_MS).toFixed(2)}), ${events} core events traced`);
  await reportResponsiveness(page, trips);
} finally {
  await browser.close();
}
