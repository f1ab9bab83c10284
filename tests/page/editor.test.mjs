// The editor and errors: a syntax error is marked in the editor at its line
// and column and explained in the output; an exception in a task is printed
// with the task's name and the stack in the learner's line numbers while other
// tasks keep running; Monaco knows the snippet API (completions, hovers) and
// checks the code once the learner touches the editor.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { notes, openPlayground, printedLines, runCode, waitForRunEnd } from './helpers.mjs';

const browser = await openBrowser();
const page = await openPlayground(browser);
await page.evaluate(() => window.__looplab.loadMonaco());
const hasCppRuntime = await page.evaluate(() => window.__looplab.hasCppRuntime);

describe('editor and errors', () => {
  after(() => browser.close());

  test('a syntax error is marked in the editor at its line and column and explained in the output; nothing runs', async () => {
    const status = await runCode(page, 'print("never");\nfunction f() {\n  let x = (1 + ;\n}\n');
    assert.equal(status, 'error');
    assert.deepEqual(await printedLines(page), []);
    const markers = await page.evaluate(() => window.__looplab.markers());
    assert.equal(markers.length, 1);
    assert.deepEqual([markers[0].line, markers[0].column], [3, 16]);
    const [note] = await notes(page);
    assert.equal(note.kind, 'error');
    assert.match(note.text, /SyntaxError: .*line 3, column 16/);
    // Monaco draws it: a squiggle on line 3 of the editor.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  });

  test("a top-level let, const or class named loop, print or now is a syntax error at its own line that says why", async () => {
    const status = await runCode(page, 'print("never");\nfunction f() {}\nconst loop = makeMyOwnLoop();\n');
    assert.equal(status, 'error');
    assert.deepEqual(await printedLines(page), []);
    const markers = await page.evaluate(() => window.__looplab.markers());
    assert.deepEqual(markers.map((m) => [m.line, m.column]), [[3, 7]]);
    const [note] = await notes(page);
    assert.equal(note.text, "SyntaxError: 'loop' is already declared (every snippet is given loop, print and now: call yours something else) at line 3, column 7. Nothing ran: fix it and run again.");
  });

  test("an exception in a task is printed with the task's name and a stack in the learner's line numbers, and other tasks keep running", async () => {
    const status = await runCode(
      page,
      `function fail() {
  throw new Error("kaboom");
}
setTimeout(function breaker() { fail(); }, 10);
setTimeout(() => print("still running"), 50);
`,
    );
    assert.equal(status, 'error');
    assert.deepEqual((await printedLines(page)).map((l) => l.text), ['still running']);
    const [note] = (await notes(page)).filter((n) => n.kind === 'error');
    assert.match(note.text, /Error in setTimeout callback breaker: Error: kaboom \(line 2, column 9\)/);
    assert.match(note.text, /at fail \(line 2:9\)/);
    assert.match(note.text, /at breaker \(line 4:/);
  });

  test('a promise rejected with nobody awaiting it (an async function that throws) is reported, and the run ends with an error', async () => {
    for (const code of [
      'async function load() {\n  throw new Error("no data");\n}\nload();\nprint("sync end");',
      'setTimeout(() => Promise.reject(new RangeError("later")), 20);\nprint("sync end");',
    ]) {
      const status = await runCode(page, code);
      assert.equal(status, 'error', code);
      assert.deepEqual((await printedLines(page)).map((l) => l.text), ['sync end']);
      const errors = (await notes(page)).filter((n) => n.kind === 'error');
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(errors[0].text, /a promise nobody awaited: (Error: no data \(line 2, column 9\)|RangeError: later)/);
    }
  });

  test('a snippet that calls close() gets an error saying why, and the run ends', async () => {
    const status = await runCode(page, 'print("before");\nclose();\nprint("not reached");');
    assert.equal(status, 'error');
    assert.deepEqual((await printedLines(page)).map((l) => l.text), ['before']);
    const errors = (await notes(page)).filter((n) => n.kind === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].text, /close\(\) would end the sandbox without a word.*\(line 2, column 1\)/);
  });

  test('an exception in a C++ loop task names the task and does not stop the others', { skip: !hasCppRuntime && 'the C++ runtime is not built' }, async () => {
    const status = await runCode(
      page,
      `function* worker() {
  yield loop.sleep(0.05);
  throw new RangeError("bad value");
}
loop.spawn(worker(), "worker");
loop.setTimeout(0.1, () => print("others keep running"));
`,
    );
    assert.equal(status, 'error');
    assert.deepEqual((await printedLines(page)).map((l) => l.text), ['others keep running']);
    const errors = (await notes(page)).filter((n) => n.kind === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].text, /worker/);
    assert.match(errors[0].text, /RangeError: bad value/);
    assert.match(errors[0].text, /line 3/);
  });

  // Its first program and checks take about 1.9 s of a core (bench/page/page-tasks.mjs):
  // a learner who opens a link and presses Run should not share the CPU with it.
  test("Monaco's TypeScript checker waits until the learner touches the editor, then underlines the code's mistakes", async () => {
    const checker = () => page.workers().filter((w) => w.url().includes('ts.worker')).length;
    await page.evaluate(() => window.__looplab.setCode('const n = 1;\nn.notAMethod();\n'));
    await page.locator('.monaco-editor .view-lines', { hasText: 'notAMethod' }).waitFor();
    assert.equal(checker(), 0, 'no checker worker while the learner has not touched the editor');
    assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 0);
    await page.locator('.monaco-editor .view-lines').hover();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    assert.equal(checker(), 1);
  });

  // Its first program takes ~1.9 s of a core: a learner who clicks into the code, changes it and
  // presses Run at once must not have the run share the CPU with it.
  test("a Run pressed right after the learner's first edit goes first: Monaco's checker starts once the run has ended", async () => {
    const fresh = await browser.newPage();
    try {
      // When each worker is made, and when the run ends, on one clock.
      await fresh.addInitScript(() => {
        const made = (window.__workersMade = []);
        const Native = window.Worker;
        window.Worker = class extends Native {
          constructor(url, options) {
            super(url, options);
            made.push({ url: String(url), at: performance.now() });
          }
        };
        window.__runEndedAt = null;
        new MutationObserver(() => {
          if (['done', 'error', 'stopped'].includes(document.body.dataset.run) && window.__runEndedAt === null) window.__runEndedAt = performance.now();
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-run'] });
      });
      await fresh.goto(browser.baseUrl);
      await fresh.waitForFunction(() => window.__looplab !== undefined);
      await fresh.evaluate(() => window.__looplab.loadMonaco());
      await fresh.waitForFunction(() => window.__looplab.editorKind() === 'monaco');
      await fresh.evaluate(() => window.__looplab.setCode('setTimeout(() => print("late"), 800);\nconst n = 1;\nn.notAMethod();\n'));
      await fresh.locator('.monaco-editor .view-lines', { hasText: 'notAMethod' }).waitFor();
      await fresh.locator('.monaco-editor .view-lines').click();
      await fresh.keyboard.press('Control+End');
      await fresh.keyboard.type(' ');
      await fresh.keyboard.press('Control+Enter');
      assert.equal(await waitForRunEnd(fresh), 'error', 'the snippet throws after setting its timer');
      // Once the run has ended, the checker starts and underlines the mistake.
      await fresh.locator('.monaco-editor .squiggly-error').first().waitFor();
      const { made, endedAt } = await fresh.evaluate(() => ({ made: window.__workersMade, endedAt: window.__runEndedAt }));
      const checker = made.filter((w) => w.url.includes('ts.worker'));
      assert.equal(checker.length, 1, JSON.stringify(made));
      assert.ok(endedAt !== null && checker[0].at > endedAt, `checker made at ${checker[0].at} ms, the run ended at ${endedAt} ms`);
    } finally {
      await fresh.close();
    }
  });

  test('a run that goes on holds the checker only for a while: a learner editing during it gets the squiggles', async () => {
    const fresh = await browser.newPage();
    try {
      await fresh.goto(browser.baseUrl);
      await fresh.waitForFunction(() => window.__looplab !== undefined);
      await fresh.evaluate(() => window.__looplab.loadMonaco());
      await fresh.waitForFunction(() => window.__looplab.editorKind() === 'monaco');
      await fresh.evaluate(() => window.__looplab.setCode('setInterval(() => {}, 1000);\nconst n = 1;\nn.notAMethod();\n'));
      await fresh.evaluate(() => window.__looplab.run());
      await fresh.waitForFunction(() => document.body.dataset.run === 'running');
      await fresh.locator('.monaco-editor .view-lines').hover();
      // The interval keeps the run going: the squiggle comes while it runs (at most 5 s after it began).
      await fresh.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 15_000 });
      assert.equal(await fresh.evaluate(() => document.body.dataset.run), 'running');
    } finally {
      await fresh.close();
    }
  });

  test('Monaco offers the snippet API: completions for loop. and a hover that explains loop.sleep', async () => {
    await page.evaluate(() => window.__looplab.setCode('loop.sleep(1);\nloop.'));
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.monaco-editor .suggest-widget .monaco-list-row');
    await suggest.filter({ hasText: 'runUntilComplete' }).first().waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .view-lines >> text=sleep').first().hover();
    await page.locator('.monaco-hover', { hasText: 'without blocking' }).first().waitFor();
  });
});
