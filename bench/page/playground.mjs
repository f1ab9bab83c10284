// A fresh headless browser with the built playground open and Monaco loaded,
// as the page benches start (the editor loads lazily after first paint; its
// start-up is then not counted against what a bench measures).
import { openBrowser } from '../../tests/page/harness.mjs';

/** { browser, page }: close the browser when done. DIST=<dir> serves another build. */
export async function openPlaygroundWithMonaco() {
  const browser = await openBrowser({ dist: process.env.DIST ?? 'dist' });
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(browser.baseUrl);
    await page.waitForFunction(() => window.__looplab);
    await page.evaluate(() => window.__looplab.loadMonaco());
    await page.waitForFunction(() => window.__looplab.editorKind() === 'monaco');
    return { browser, page };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** The snippet the frame-rate benches run: `tasks` tasks spawned at once, each yielding `yields` times (twice unless told). */
export function spawnTasksSnippet(tasks, yields = 2) {
  return `function* task() { ${'yield; '.repeat(yields)}}
for (let i = 0; i < ${tasks}; i++) loop.spawn(task(), 'task ' + i);`;
}

/** The median of `xs` (the lower one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * Presses Run and records the page's animation frames from then until 0.5 s
 * after the run ends: { ranMs (Run until the run ended), intervals (ms between
 * frames), spanMs (first frame to last) }.
 */
export function runCountingFrames(page) {
  return page.evaluate(async () => {
    const stamps = [];
    let counting = true;
    const frame = (t) => {
      stamps.push(t);
      if (counting) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    const start = performance.now();
    window.__looplab.run();
    await new Promise((done) => {
      const check = () => (document.body.dataset.run !== 'running' ? done() : setTimeout(check, 20));
      setTimeout(check, 20);
    });
    const ranMs = performance.now() - start;
    await new Promise((done) => setTimeout(done, 500));
    counting = false;
    return {
      ranMs,
      intervals: stamps.slice(1).map((t, k) => t - stamps[k]),
      spanMs: (stamps.at(-1) ?? 0) - (stamps[0] ?? 0),
    };
  });
}
