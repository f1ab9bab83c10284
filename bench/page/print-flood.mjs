// How the page copes with a snippet that prints in a tight loop (a classic
// first mistake): LINES lines from one synchronous loop. Prints how long after
// Run the page had shown the run's end and all the lines it keeps, the round trips from Playwright into
// the page while it ran (a frozen page answers late) and the page's long tasks
// (over 50 ms). Figures, never pass/fail.
//   node bench/page/print-flood.mjs   (after npm run build; LINES=n, DIST=<dir>)
import { openPlaygroundWithMonaco } from './playground.mjs';
import { reportResponsiveness, runAndProbe, watchLongTasks } from './responsiveness.mjs';

const LINES = Number(process.env.LINES ?? 100_000);
const { browser, page } = await openPlaygroundWithMonaco();
try {
  await page.evaluate((n) => window.__looplab.setCode(`for (let i = 0; i < ${n}; i++) print(i);`), LINES);
  await watchLongTasks(page);
  const { took, trips } = await runAndProbe(page);
  // The output draws the older of its last 2000 rows a frame at a time after a flood: count those frames too.
  const t = Date.now();
  await page.waitForFunction(() => !document.querySelector('[role="log"][aria-label="Output"]').hasAttribute('aria-busy'));
  console.log(
    `print flood (${LINES} lines from one loop): the page showed the run's end ${took} ms after Run, ` +
      `and all its last 2000 lines ${took + Date.now() - t} ms after Run`,
  );
  await reportResponsiveness(page, trips);
} finally {
  await browser.close();
}
