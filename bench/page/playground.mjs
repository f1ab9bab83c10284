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

/** The snippet the frame-rate benches run: `tasks` tasks spawned at once, each yielding twice. */
export function spawnTasksSnippet(tasks) {
  return `function* task() { yield; yield; }
for (let i = 0; i < ${tasks}; i++) loop.spawn(task(), 'task ' + i);`;
}

/** The median of `xs` (the lower one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
