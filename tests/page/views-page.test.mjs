// The views on the real playground with the real runtimes: the talk's
// examples run in the sandbox, and what the timeline, the inspector and the
// event log expose in the DOM is checked (views-dom.test.mjs checks the same
// views on synthetic traces, detail by detail).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { openPlayground, printedLines, runButton, waitForRunEnd } from './helpers.mjs';

let browser;
// DIST points the tests at another build of the page (default: dist/).
before(async () => {
  browser = await openBrowser(process.env.DIST ? { dist: process.env.DIST } : {});
});
after(async () => {
  await browser?.close();
});

async function startExample(id, { clock } = {}) {
  const page = await openPlayground(browser);
  await page.setViewportSize({ width: 1400, height: 1400 });
  const code = await page.evaluate((x) => window.__looplab.examples().find((e) => e.id === x).code, id);
  if (clock !== undefined) await page.selectOption('#clock', clock);
  await page.evaluate((c) => window.__looplab.setCode(c), code);
  await runButton(page).click();
  return page;
}
const targets = (page, selector) =>
  page.locator(`section[aria-label="Timeline"] .ll-target${selector}`).evaluateAll((els) => els.map((e) => ({ ...e.dataset })));

test("the talk's busy-wait example shows one block of about 1.5 s across both lanes", async () => {
  const page = await startExample('busy-wait');
  const block = page.locator('.ll-target[data-kind="blocked"]').first();
  await block.waitFor({ timeout: 30_000 }); // page, Monaco and sandbox start first: slow on a busy machine
  const [b] = await targets(page, '[data-kind="blocked"]');
  assert.equal(b.lane, 'both');
  const ms = Number(b.durationMs);
  assert.ok(ms >= 1450 && ms < 2500, `a block of ${ms} ms (the two sleeps: 1.0 s + 0.5 s)`);
  const line = page.getByRole('log', { name: 'Event log' }).locator('li[data-type="blocked"]').first();
  assert.match(await line.innerText(), /Both loops blocked .* busy/);
  await page.close();
});

test("the talk's setTimeout scenario on both loops shows every timer's lateness, and the log lists what the timeline draws", async () => {
  const page = await startExample('both-loops');
  // Two C++ timers and two JS timers ran (their prints are in the output).
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.ll-target[data-kind="timer"][data-state="fired"]').length >= 2 &&
      document.querySelectorAll('.ll-target[data-kind="js"][data-api="setTimeout"]').length >= 2,
    null,
    { timeout: 30_000 },
  );
  await page.getByRole('button', { name: 'Pause' }).click(); // hold the picture still
  await page.getByRole('button', { name: 'Fit whole run' }).click();
  for (const t of await targets(page, '[data-kind="timer"][data-state="fired"]')) {
    assert.ok(Number.isFinite(Number(t.latenessMs)) && Number(t.latenessMs) >= -0.001, `C++ timer ${t.timer} lateness ${t.latenessMs}`);
  }
  // A timer cancelled before it ran has no lateness; every one that ran has.
  for (const t of await targets(page, '[data-kind="js"][data-api="setTimeout"]:not([data-state="cancelled"])')) {
    assert.ok(Number.isFinite(Number(t.latenessMs)), `JS timer lateness in ${JSON.stringify(t)}`);
  }
  const summary = page.locator('.ll-lateness');
  assert.ok(Number(await summary.getAttribute('data-cpp-timers')) >= 2);
  assert.ok(Number(await summary.getAttribute('data-js-timers')) >= 2);

  const log = await page
    .getByRole('log', { name: 'Event log' })
    .locator('li')
    .evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
  const logged = new Set(log.map((e) => `${e.type}@${e.ms}`));
  for (const t of await targets(page, '[data-kind="js"]')) assert.ok(logged.has(`js@${t.startMs}`), `JS ${t.api} at ${t.startMs} in the log`);
  const timerLines = new Map(log.filter((e) => e.type === 'timer').map((e) => [e.timer, e.latenessMs]));
  for (const t of await targets(page, '[data-kind="timer"][data-state="fired"]')) assert.equal(timerLines.get(t.timer), t.latenessMs);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the JS lane shows the top level resuming after `await loop.run(...)`, when the C++ loop's run ends", async () => {
  const page = await startExample('round-robin-cpp');
  assert.equal(await waitForRunEnd(page, 30_000), 'done');
  const done = (await printedLines(page)).find((l) => l.text === 'run() is done');
  assert.equal(done.loop, 'js');
  await page.getByRole('button', { name: 'Fit whole run' }).click();
  const reactions = await targets(page, '[data-kind="js"][data-api="promise"]');
  assert.ok(
    reactions.some((r) => Math.abs(Number(r.startMs) - done.ms) <= 5),
    `a promise reaction at ~${done.ms} ms, the resume that printed "run() is done": ${JSON.stringify(reactions)}`,
  );
  await page.close();
});

test('tasks named in the snippet show by name in the inspector, as many as it spawned', async () => {
  const page = await openPlayground(browser);
  await page.setViewportSize({ width: 1400, height: 1400 });
  // 300 names in the first batch (sent packed by the sandbox) plus one spawned later, in a later batch.
  const code = `function* t() { yield; }
for (let i = 0; i < 300; i++) loop.spawn(t(), 'worker ' + i + ' ü');
loop.setTimeout(0.05, () => loop.spawn(t(), 'late one'));`;
  await page.evaluate((c) => window.__looplab.setCode(c), code);
  await runButton(page).click();
  const tasks = page.locator('[aria-label="Tasks"]');
  await page.waitForFunction(() => document.querySelector('[aria-label="Tasks"]')?.dataset.length === '301', null, { timeout: 30_000 });
  const names = await tasks.locator('li').evaluateAll((els) => els.map((e) => e.dataset.name));
  assert.deepEqual(names.slice(0, 3), ['worker 0 ü', 'worker 1 ü', 'worker 2 ü']);
  assert.match(await tasks.locator('li').first().innerText(), /^worker 0 ü: /);
  assert.deepEqual(page.errors, []);
  await page.close();
});
