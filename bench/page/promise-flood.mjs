// How the page copes with a snippet that floods the JS loop: 20 timers, each
// queueing 5,000 promise callbacks (the JS trace records up to 5,000 callbacks
// a macrotask, three records each). Prints how long after Run the page had
// shown the run's end, the round trips from Playwright into the page while it
// ran and the page's long tasks (over 50 ms). Figures, never pass/fail.
//   node bench/page/promise-flood.mjs   (after npm run build; DIST=<dir>)
import { openPlaygroundWithMonaco } from './playground.mjs';
import { reportResponsiveness, runAndProbe, watchLongTasks } from './responsiveness.mjs';

const CODE = `for (let k = 0; k < 20; k++) {
  setTimeout(() => { for (let i = 0; i < 5000; i++) Promise.resolve().then(() => {}); }, k * 10);
}`;
const { browser, page } = await openPlaygroundWithMonaco();
try {
  await page.evaluate((code) => window.__looplab.setCode(code), CODE);
  await watchLongTasks(page);
  const { took, trips } = await runAndProbe(page);
  console.log(`promise flood (20 timers x 5,000 promise callbacks): the page showed the run's end ${took} ms after Run`);
  await reportResponsiveness(page, trips);
} finally {
  await browser.close();
}
