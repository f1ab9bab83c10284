// When the browser stops the sandbox worker's animation frames (a hidden tab,
// in browsers that stop them there), the C++ loop cannot step on frames: the
// page must say the loop paused and is not hung, the run must go on (on timer
// ticks) without turning into an error, and it must finish once frames come back.
//
// Why frames are held back by a shim and not by hiding the page: measured on
// Chromium 156, nothing tried stops a dedicated worker's requestAnimationFrame.
// The sandbox frame set to display:none or moved off-screen stops the frame
// document's own rAF but not its worker's; a hidden tab (headless, and headful
// under X11) and a minimized window (headless), with document.visibilityState
// 'hidden' (reachable over CDP only without Playwright's focus emulation),
// still give the worker ~60 frames a second. So the test withholds frames
// where a browser would: at the worker's requestAnimationFrame, in the real
// worker bundle, and delivers the waiting callbacks when frames come back, as
// a browser does when a tab is shown again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { notes, printedLines, runButton, waitForRunEnd } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser(process.env.DIST ? { dist: process.env.DIST } : {});
});
after(async () => {
  await browser?.close();
});

// Prepended to the sandbox worker's bundle, so it runs before the bundle keeps
// its own reference to requestAnimationFrame. Frames start held back: the page
// counts as hidden from before Run until the test shows it.
const FRAME_GATE = `(() => {
  const request = self.requestAnimationFrame.bind(self);
  const cancel = self.cancelAnimationFrame.bind(self);
  let held = new Map(); // id -> callback while frames are held back; null while they flow
  const released = new Map(); // held id -> the real id it got when frames came back
  let nextHeldId = -1;
  self.requestAnimationFrame = (cb) => {
    if (!held) return request(cb);
    held.set(nextHeldId, cb);
    return nextHeldId--;
  };
  self.cancelAnimationFrame = (id) => {
    if (held?.delete(id)) return;
    cancel(released.get(id) ?? id);
  };
  self.__looplabFrameGate = {
    show() {
      const waiting = held ?? new Map();
      held = null;
      for (const [id, cb] of waiting) released.set(id, request(cb));
    },
  };
})();
`;

/** The output's rows in order: a printed line's text, or 'note'. */
const outputRows = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[role="log"][aria-label="Output"] > *')].map((row) =>
      row.dataset.note ? 'note' : row.querySelector('.text').textContent,
    ),
  );

/** The worker bundle the page hands the sandbox (assets/worker-<hash>.js; not Monaco's editor.worker). */
const WORKER_BUNDLE = /\/assets\/worker-[^/]*\.js$/;

// A C++ task sleeps on the C++ loop's own timer, then waits for an animation
// frame of its worker: the timer shows the loop going on without frames, and
// the frame keeps the run pending until frames come back.
const SNIPPET = `const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
loop.spawn((function* painter() {
  yield loop.sleep(0.1);
  print('timer fired');
  yield nextFrame();
  print('got a frame');
})(), 'painter');
`;

test('with the sandbox worker getting no animation frames, the page says the C++ loop paused (not hung), the run goes on, and it finishes once frames come back', async () => {
  const page = await browser.newPage();
  await page.route(WORKER_BUNDLE, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: FRAME_GATE + (await response.text()) });
  });
  await page.goto(browser.baseUrl);
  await page.waitForFunction(() => window.__looplab !== undefined);
  await page.evaluate((code) => window.__looplab.setCode(code), SNIPPET);
  await runButton(page).click();

  const stallNote = page.locator('[role="log"][aria-label="Output"] [data-note="info"]', { hasText: 'animation frames' });
  await stallNote.waitFor({ timeout: 30_000 });
  const text = await stallNote.textContent();
  assert.match(text, /C\+\+ loop paused for \d+(\.\d)? s, not hung/);
  assert.match(text, /the browser stopped sending animation frames/);
  assert.match(text, /goes on/);
  assert.equal(await page.evaluate(() => document.body.dataset.run), 'running');
  assert.match(await page.locator('#status').textContent(), /^Running/);

  // Without frames the C++ loop still goes on: its timer fires...
  await page.locator('[role="log"][aria-label="Output"] [data-loop="cpp"]', { hasText: 'timer fired' }).waitFor();
  // ...after the pause the note reports, and the run waits for the frame, still running, not an error.
  assert.deepEqual(await outputRows(page), ['note', 'timer fired']);
  assert.equal(await page.evaluate(() => document.body.dataset.run), 'running');

  // Frames come back (the tab is shown): the waiting frame arrives and the run ends.
  const sandboxWorkers = page.workers().filter((w) => w.url().startsWith('blob:'));
  assert.ok(sandboxWorkers.length > 0, 'the sandbox worker is visible to the test');
  await Promise.all(sandboxWorkers.map((w) => w.evaluate(() => self.__looplabFrameGate.show())));
  assert.equal(await waitForRunEnd(page), 'done');
  assert.deepEqual(
    (await printedLines(page)).map((l) => [l.loop, l.text]),
    [
      ['cpp', 'timer fired'],
      ['cpp', 'got a frame'],
    ],
  );
  assert.match(await page.locator('#status').textContent(), /^Done/);
  // The stall is a note, never an error.
  assert.deepEqual((await notes(page)).filter((n) => n.kind === 'error'), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});
