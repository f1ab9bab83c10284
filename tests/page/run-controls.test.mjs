// Pause, Step and slow motion on the real page with the real runtimes: a
// control pressed while the sandbox is still starting reaches the run, a run
// can start paused and be stepped one resume at a time, and a speed chosen
// before Run is the speed the run has (on the virtual clock, which the page
// switches to and says so).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { openPlayground, printedLines, runButton, stopButton, waitForRunEnd } from './helpers.mjs';

let browser;
before(async () => {
  browser = await openBrowser(process.env.DIST ? { dist: process.env.DIST } : {});
});
after(async () => {
  await browser?.close();
});

async function playground(path = '') {
  const page = await openPlayground(browser, path);
  await page.setViewportSize({ width: 1400, height: 1400 });
  return page;
}
const exampleCode = (page, id) => page.evaluate((x) => window.__looplab.examples().find((e) => e.id === x).code, id);
const pauseButton = (page) => page.getByRole('button', { name: 'Pause', exact: true });
const resumeButton = (page) => page.getByRole('button', { name: 'Resume', exact: true });
const stepButton = (page) => page.getByRole('button', { name: 'Step', exact: true });
const inspector = (page) => page.getByRole('region', { name: 'Loop inspector' });
const readyQueue = (page) => page.locator('[aria-label="Ready queue"] li').evaluateAll((els) => els.map((e) => e.dataset.task));
/** The sandbox said the run is paused: the status line and the views' Pause button show it. */
async function waitUntilPaused(page) {
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Paused'), null, { timeout: 30_000 });
  await resumeButton(page).waitFor();
  assert.equal(await resumeButton(page).getAttribute('aria-pressed'), 'true');
}
/** Clicks Step and waits until the inspector shows the resume it produced. */
async function step(page) {
  const at = await inspector(page).getAttribute('data-at');
  await stepButton(page).click();
  await page.waitForFunction(
    (a) => document.querySelector('section[aria-label="Loop inspector"]').dataset.at !== a,
    at,
    { timeout: 10_000 },
  );
}

test('Pause pressed after Run while the sandbox is still starting pauses the run, and Step then resumes the C++ loop', async () => {
  // The runtime's .wasm is held back, so the sandbox is certainly still starting when Run and Pause are pressed.
  const page = await browser.newPage();
  let release;
  const held = new Promise((ok) => (release = ok));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.setViewportSize({ width: 1400, height: 1400 });
  await page.goto(browser.baseUrl + '#example/round-robin-cpp');
  await page.waitForFunction(() => window.__looplab !== undefined);
  // The talk's round-robin on the C++ loop with timer sleeps (loop.sleep) on the
  // virtual clock, not the example's Date.now() polling on the real clock: the
  // paused loop's clock stands still, so the printed order does not depend on
  // how long the machine takes between Pause, Step and Resume.
  await page.locator('#clock').selectOption('virtual');
  await page.evaluate(() =>
    window.__looplab.setCode(`function* set_timeout(delay, callback) {
  yield loop.sleep(delay);
  callback();
}
loop.run([
  set_timeout(1.0, () => print("goodbye")),
  set_timeout(0.5, () => print("hello")),
]).then(() => print("run() is done"));
`),
  );
  await runButton(page).click();
  await pauseButton(page).click();
  release();
  await waitUntilPaused(page);
  await step(page);
  assert.equal(await page.evaluate(() => document.body.dataset.run), 'running');
  assert.equal(await page.evaluate(() => document.getElementById('status').textContent.startsWith('Paused')), true);
  await resumeButton(page).click();
  assert.equal(await waitForRunEnd(page, 30_000), 'done');
  assert.deepEqual((await printedLines(page)).map((l) => l.text), ['hello', 'goodbye', 'run() is done']);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("stepping the talk's round-robin on the C++ loop rotates the ready queue as run() does", async () => {
  const page = await playground();
  // The talk's example with sleeps longer than the test: its sleep polls Date.now(), so with the
  // talk's 0.5 s and 1 s a task could finish between two steps.
  const code = (await exampleCode(page, 'round-robin-cpp')).replace('set_timeout(1,', 'set_timeout(60,').replace('set_timeout(0.5,', 'set_timeout(59,');
  await page.evaluate((c) => window.__looplab.setCode(c), code);
  // Pause before Run: the run starts paused, so the C++ loop resumes nothing until Step.
  await pauseButton(page).click();
  await runButton(page).click();
  await waitUntilPaused(page);
  // loop.run() first spawns the talk's two tasks; step until both wait in the ready queue.
  for (let i = 0; i < 10 && (await readyQueue(page)).length < 2; i++) await step(page);
  assert.ok((await readyQueue(page)).length >= 2, `the ready queue holds both tasks: ${await readyQueue(page)}`);
  const rotations = [];
  for (let i = 0; i < 6; i++) {
    const before = await readyQueue(page);
    await step(page);
    const after = await readyQueue(page);
    // run(): pop the front, send, and append it again unless it finished (or went to sleep).
    const [front, ...rest] = before;
    const rotated = JSON.stringify(after) === JSON.stringify([...rest, front]);
    assert.ok(rotated || JSON.stringify(after) === JSON.stringify(rest), `step ${i}: ${before} -> ${after}`);
    rotations.push(rotated);
  }
  assert.ok(rotations.some(Boolean), 'at least one step put the front task at the back');
  await stopButton(page).click();
  assert.equal(await waitForRunEnd(page), 'stopped');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a speed chosen before Run switches to the virtual clock, says so, and slows the C++ loop only', async () => {
  const page = await playground();
  assert.equal(await page.locator('#clock').inputValue(), 'real');
  await page.getByLabel('Speed').selectOption('0.1');
  assert.equal(await page.locator('#clock').inputValue(), 'virtual');
  assert.match(await page.locator('#clock-note').innerText(), /Slow motion needs the virtual clock, so the clock is now virtual/);
  await page.evaluate((c) => window.__looplab.setCode(c), [
    'setTimeout(() => print("js timer"), 300);',
    'loop.setTimeout(0.1, () => print("cpp timer"));',
  ].join('\n'));
  await runButton(page).click();
  assert.equal(await waitForRunEnd(page), 'done');
  const lines = await printedLines(page);
  // At a tenth of real time the C++ timer of 0.1 s fires after ~1 s of real time, so after the JS
  // timer of 300 ms; each line carries its own loop's clock: loop time for C++, real ms for JS.
  assert.deepEqual(lines.map((l) => `${l.loop}:${l.text}`), ['js:js timer', 'cpp:cpp timer']);
  assert.ok(lines[0].ms >= 300, `the JS timer's line is stamped in real ms: ${lines[0].ms}`);
  assert.ok(lines[1].ms >= 100 && lines[1].ms < 300, `the C++ timer's line is stamped in loop time: ${lines[1].ms}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("slow motion of a snippet that times its waits with Date.now() says why they end early on the loop's clock; at full speed it says nothing", async () => {
  const page = await playground();
  const code = [
    'function* nap(seconds) { const end = Date.now() + seconds * 1000; while (Date.now() < end) yield; }',
    'loop.spawn((function* () { yield* nap(0.3); print("napped"); })());',
  ].join('\n');
  const wallClockNotes = async () => (await page.locator('[data-note="info"]').allInnerTexts()).filter((t) => /reads the wall clock/.test(t));
  await page.selectOption('#clock', 'virtual');
  await page.evaluate((c) => window.__looplab.setCode(c), code);
  await runButton(page).click();
  assert.equal(await waitForRunEnd(page), 'done');
  assert.deepEqual(await wallClockNotes(), [], 'at full speed the two clocks agree: nothing to say');
  await page.getByLabel('Speed').selectOption('0.25');
  await runButton(page).click();
  assert.equal(await waitForRunEnd(page), 'done');
  const [napped] = await printedLines(page);
  assert.ok(napped.ms < 150, `the 0.3 s nap ended early on the loop's clock: at ${napped.ms} ms`);
  const notes = await wallClockNotes();
  assert.equal(notes.length, 1);
  assert.match(notes[0], /slow motion does not slow: .* the C\+\+ loop's clock runs at 0\.25x, so on the loop's clock it ends early\. loop\.now\(\) reads the loop's clock/);
  await page.close();
});

test('an embed with the trace panel shows a run started paused as paused, and Step resumes it', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1200, height: 1000 });
  await page.goto(`${browser.baseUrl}embed.html?panels=code,output,trace#example/round-robin-cpp`);
  await page.waitForFunction(() => window.__looplab !== undefined);
  await pauseButton(page).click();
  await runButton(page).click();
  await waitUntilPaused(page);
  await step(page);
  assert.equal(await page.evaluate(() => document.body.dataset.run), 'running');
  await resumeButton(page).click();
  assert.equal(await waitForRunEnd(page, 30_000), 'done');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Pause holds the JS loop too: a JS timer that comes due while paused runs only on Resume, late', async () => {
  const page = await playground();
  await page.evaluate(() =>
    window.__looplab.setCode("setTimeout(function jsTimer() { print('js timer'); }, 50);\nloop.setTimeout(0.05, () => print('cpp timer'));\n"),
  );
  await pauseButton(page).click();
  await runButton(page).click();
  await waitUntilPaused(page);
  // The JS timer's deadline (50 ms) passes while the run is paused: wait until it is well overdue.
  const pausedAt = await page.evaluate(() => performance.now());
  await page.waitForFunction((t) => performance.now() > t + 400, pausedAt);
  assert.deepEqual(await printedLines(page), [], 'neither loop ran a timer while paused');
  await resumeButton(page).click();
  assert.equal(await waitForRunEnd(page, 30_000), 'done');
  const lines = await printedLines(page);
  assert.deepEqual(lines.map((l) => l.text).sort(), ['cpp timer', 'js timer']);
  const js = lines.find((l) => l.text === 'js timer');
  assert.equal(js.loop, 'js');
  assert.ok(js.ms >= 400, `the JS timer ran when the run resumed, not at its 50 ms deadline (at ${js.ms} ms)`);
});
