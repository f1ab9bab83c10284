// Helpers shared by the playground's page tests: open a page of the built
// playground, set code through the test hook, run and wait for the run to
// end (document.body.dataset.run), and read the output view's lines.

/** Opens `path` (relative to the served dist/) and waits until the page's test hook exists. */
export async function openPlayground(browser, path = '') {
  const page = await browser.newPage();
  await page.goto(browser.baseUrl + path);
  await page.waitForFunction(() => window.__looplab !== undefined);
  return page;
}

export const runButton = (page) => page.getByRole('button', { name: 'Run', exact: true });
export const stopButton = (page) => page.getByRole('button', { name: 'Stop', exact: true });
export const outputLog = (page) => page.getByRole('log', { name: 'Output', exact: true });

/** Waits until the run in `frameOrPage` has ended; returns document.body.dataset.run. */
export async function waitForRunEnd(frameOrPage, timeout = 20_000) {
  await frameOrPage.waitForFunction(
    () => ['done', 'error', 'stopped'].includes(document.body.dataset.run),
    null,
    { timeout },
  );
  return frameOrPage.evaluate(() => document.body.dataset.run);
}

/** Sets the code, clicks Run and waits for the end of the run. */
export async function runCode(page, code) {
  await page.evaluate((c) => window.__looplab.setCode(c), code);
  await runButton(page).click();
  await page.waitForFunction(() => document.body.dataset.run !== 'idle');
  return waitForRunEnd(page);
}

/** Waits until the output has drawn all the rows it keeps (after a flood it draws the older ones a frame at a time). */
export function outputDrawn(frameOrPage) {
  return frameOrPage.waitForFunction(() => !document.querySelector('[role="log"][aria-label="Output"]').hasAttribute('aria-busy'));
}

/** The printed lines of the output view: { loop, ms, text }. */
export function printedLines(frameOrPage) {
  return frameOrPage.evaluate(() =>
    [...document.querySelectorAll('[role="log"][aria-label="Output"] [data-loop]')].map((el) => ({
      loop: el.dataset.loop,
      ms: Number(el.dataset.ms),
      text: el.querySelector('.text').textContent,
    })),
  );
}

/** The page's notes in the output (errors, blocked stretches...): { kind, text }. */
export function notes(frameOrPage) {
  return frameOrPage.evaluate(() =>
    [...document.querySelectorAll('[role="log"][aria-label="Output"] [data-note]')].map((el) => ({
      kind: el.dataset.note,
      text: el.textContent,
    })),
  );
}
