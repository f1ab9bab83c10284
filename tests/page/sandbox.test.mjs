// The sandbox makes code from a link harmless and stoppable: Stop ends
// `while (true) {}` within a second and the next Run works without a reload;
// a snippet cannot read the host page's DOM, cookies or storage, nor reach
// the network; messages of the wrong shape are ignored.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { notes, openPlayground, outputDrawn, outputLog, printedLines, runButton, runCode, stopButton, waitForRunEnd } from './helpers.mjs';

const browser = await openBrowser();
const page = await openPlayground(browser);
/**
 * Runs `code` in a page driven over CDP (`cdp`, a session of that page) and
 * waits for the run's end: { run: document.body.dataset.run, output }. For a
 * page whose sandbox frame crashed, which Playwright takes for the page's own
 * crash and refuses to drive, though the page goes on.
 */
async function runOverCdp(cdp, code) {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    awaitPromise: true,
    returnByValue: true,
    expression: `(async () => {
      window.__looplab.setCode(${JSON.stringify(code)});
      window.__looplab.run();
      while (document.body.dataset.run === 'running') await new Promise((r) => setTimeout(r, 100));
      return { run: document.body.dataset.run, output: document.querySelector('[role="log"][aria-label="Output"]').innerText };
    })()`,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value;
}

/** The status line's word that the snippet keeps the sandbox's thread (runner/sandboxWatch.ts). */
const BLOCKED = /both loops are blocked/i;

describe('sandbox', () => {
  after(() => browser.close());

  test('Stop ends while (true) {} within 1 s, the page stays responsive, and the next Run works without a reload', async () => {
    await page.evaluate(() => window.__looplab.setCode('print("spinning");\nwhile (true) {}\n'));
    await runButton(page).click();
    await outputLog(page).locator('[data-loop]', { hasText: 'spinning' }).waitFor();
    assert.equal(await page.evaluate(() => document.body.dataset.run), 'running');
    // The page itself is not blocked while the snippet spins, and says what the snippet does.
    assert.equal(await page.evaluate(() => 6 * 7), 42);
    await page.locator('#status', { hasText: BLOCKED }).waitFor({ timeout: 5000 });
    // Timed inside the page: the test driver's own round trips are not the page's.
    await stopButton(page).waitFor();
    const tookMs = await page.evaluate(async () => {
      const t0 = performance.now();
      document.querySelector('#stop').click();
      while (document.body.dataset.run !== 'stopped') await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    });
    assert.ok(tookMs < 1000, `stopped after ${tookMs} ms`);
    assert.equal(await page.locator('#status').innerText(), 'Stopped.');

    const status = await runCode(page, 'setTimeout(() => print("second run"), 10);');
    assert.equal(status, 'done');
    assert.deepEqual((await printedLines(page)).map((l) => l.text), ['second run']);
  });

  test('the status line says the loops are blocked only while a snippet keeps the thread, not while it waits', async () => {
    /** Every text the status line shows from Run to the run's end. */
    const statusesOf = (code) =>
      page.evaluate(async (code) => {
        const status = document.querySelector('#status');
        const seen = [];
        const watch = new MutationObserver(() => seen.push(status.textContent));
        watch.observe(status, { childList: true, characterData: true, subtree: true });
        window.__looplab.setCode(code);
        window.__looplab.run();
        while (document.body.dataset.run === 'running') await new Promise((r) => setTimeout(r, 50));
        watch.disconnect();
        return { seen, run: document.body.dataset.run };
      }, code);
    // Waiting is not blocking: both loops wait on timers for 2 s, their threads free.
    const waiting = await statusesOf(
      'setTimeout(() => print("JS, after 2 s"), 2000);\nloop.spawn((function* () { yield loop.sleep(2); print("C++, after 2 s"); })(), "sleeper");',
    );
    assert.equal(waiting.run, 'done');
    assert.ok(!waiting.seen.some((t) => BLOCKED.test(t)), `never said blocked: ${JSON.stringify(waiting.seen)}`);
    // The talk's busy-wait: a JS callback spins for 1.5 s; the line says so while it spins, then goes back.
    const spinning = await statusesOf('setTimeout(() => { const end = Date.now() + 1500; while (Date.now() < end) {} print("spun"); }, 10);');
    assert.equal(spinning.run, 'done');
    const at = spinning.seen.findIndex((t) => BLOCKED.test(t));
    assert.ok(at >= 0, `said blocked while it spun: ${JSON.stringify(spinning.seen)}`);
    assert.ok(spinning.seen.slice(at + 1).some((t) => /^Running/.test(t)), 'and that it runs again once the spin ended');
    assert.match(spinning.seen.at(-1), /^Done/);
  });

  test('a snippet that spawns tasks until the C++ runtime runs out of memory ends with a clear error at its line, and the next Run works', async () => {
    const status = await runCode(page, 'function* task() { yield; }\nwhile (true) loop.spawn(task());\n');
    assert.equal(status, 'error');
    const errors = (await notes(page)).filter((n) => n.kind === 'error').map((n) => n.text);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0], /^Error in the C\+\+ loop: the C\+\+ runtime ran out of memory \(512 MB, with [\d,]+ tasks alive\), so this run has ended; run again for a fresh runtime \(line 2, /);
    const next = await runCode(page, 'loop.spawn((function* () { yield; print("fresh runtime"); })());');
    assert.equal(next, 'done');
    assert.deepEqual((await printedLines(page)).map((l) => l.text), ['fresh runtime']);
  });

  test('a printed line or an error of 100,000,000 characters shows its first 10,000 and says how many more, and the page goes on', async () => {
    // Whole, such a text crashed the page's renderer.
    assert.equal(await runCode(page, 'print("x".repeat(1e8));'), 'done');
    const [line] = await printedLines(page);
    assert.equal(line.text, `${'x'.repeat(10_000)}… (99,990,000 more characters not shown)`);
    assert.equal(await runCode(page, 'setTimeout(() => { throw new Error("y".repeat(1e8)); }, 0);'), 'error');
    const errors = (await notes(page)).filter((n) => n.kind === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].text, /Error: y{9993}… \(99,990,007 more characters not shown\)/);
    assert.ok(errors[0].text.length < 25_000, `the note is short (${errors[0].text.length} characters, its stack included)`);
    assert.equal(await runCode(page, 'print("still here");'), 'done');
  });

  test('a snippet that runs its worker out of memory ends with an error that says so, and the next Run works in a fresh sandbox', { timeout: 120_000 }, async () => {
    // The worker's heap limit ends the sandbox frame's whole process. Playwright
    // counts that as this page crashing and refuses to drive it; the page itself
    // goes on, so it is driven over CDP from here.
    const crashing = await openPlayground(browser);
    const cdp = await browser.context.newCDPSession(crashing);
    const crashed = await runOverCdp(cdp, 'print("allocating");\nconst kept = [];\nwhile (true) kept.push(new Array(1e6).fill(1));\n');
    assert.equal(crashed.run, 'error');
    assert.match(crashed.output, /allocating/);
    assert.match(crashed.output, /The sandbox stopped answering: the browser ended its process.*the next Run gets a fresh sandbox/);
    const next = await runOverCdp(cdp, 'loop.spawn((function* () { yield; print("C++, fresh"); })());\nsetTimeout(() => print("JS, fresh"), 0);');
    assert.equal(next.run, 'done');
    assert.match(next.output, /C\+\+, fresh/);
    assert.match(next.output, /JS, fresh/);
    await cdp.detach();
    await crashing.close();
  });

  test("a sandbox frame whose process ended between runs: the next Run says so and runs in a fresh one, with no second press", async () => {
    const crashed = await openPlayground(browser);
    await crashed.waitForFunction(() => document.body.dataset.run === 'idle');
    const cdp = await browser.context.newCDPSession(crashed);
    // End the sandbox frame's process, as the browser may while the page sits idle:
    // attach to this page's own frame (a process of its own), crash it, and wait until it is gone.
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const { targetInfos } = await cdp.send('Target.getTargets');
    const frame = targetInfos.find((t) => t.type === 'iframe' && t.parentId === frameTree.frame.id);
    assert.equal(frame?.url, 'about:srcdoc', 'the sandbox frame');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: frame.targetId, flatten: false });
    const gone = new Promise((ok) => cdp.on('Target.targetCrashed', (e) => e.targetId === frame.targetId && ok()));
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Page.crash' }) });
    await gone;
    // Playwright takes the frame's crash for the page's: the page is driven over CDP from here.
    const next = await runOverCdp(cdp, 'print("JS"); loop.spawn((function* () { yield; print("C++"); })());');
    assert.equal(next.run, 'done');
    assert.match(next.output, /The sandbox had lost its process .* the run starts again in a fresh one/);
    assert.match(next.output, /JS loop\s+JS/);
    assert.match(next.output, /C\+\+ loop\s+C\+\+/);
    await cdp.detach();
    await crashed.close();
  });

  test('a run that ends with tasks waiting on something nothing will settle says which, and on what', async () => {
    const status = await runCode(page, [
      'const stuck = loop.spawn((function* () { yield new Promise(() => {}); })(), "stuck");',
      'loop.spawn((function* () { yield stuck; })(), "waiter");',
      'setTimeout(() => print("the JS loop is done too"), 20);',
    ].join('\n'));
    assert.equal(status, 'done');
    const warnings = (await notes(page)).filter((n) => n.kind === 'warning').map((n) => n.text);
    assert.deepEqual(warnings, [
      'The run ended with 2 tasks that never finished: "stuck" (waiting on a Promise that nothing settled), "waiter" (waiting on the task stuck). Neither loop had anything left to do that could resume them.',
    ]);
  });

  test('console.log and its kin print in the output like print, tagged with the loop that called them', async () => {
    const status = await runCode(page, [
      'console.log("log", { a: 1 });',
      'loop.spawn((function* () { yield; console.error("error from a task"); })());',
      'setTimeout(() => { console.warn("warn"); console.info("info"); console.debug("debug"); }, 10);',
    ].join('\n'));
    assert.equal(status, 'done');
    assert.deepEqual(
      (await printedLines(page)).map((l) => `${l.loop}: ${l.text}`),
      ['js: log { a: 1 }', 'cpp: error from a task', 'js: warn', 'js: info', 'js: debug'],
    );
  });

  test('a Run pressed the moment the last run ends runs at once, on both loops', async () => {
    // The frame starts its spare worker a while after a run ends: this Run comes first and starts its own.
    const lines = await page.evaluate(async () => {
      const ended = async () => {
        while (document.body.dataset.run === 'running') await new Promise((r) => requestAnimationFrame(r));
        return document.body.dataset.run;
      };
      const statuses = [];
      for (const n of [1, 2, 3]) {
        window.__looplab.setCode(`function* t() { print("C++ ${n}"); }\nloop.spawn(t(), "t");\nsetTimeout(() => print("JS ${n}"), 0);`);
        window.__looplab.run();
        statuses.push(await ended());
      }
      return { statuses, text: [...document.querySelectorAll('[role="log"][aria-label="Output"] [data-loop]')].map((el) => el.querySelector('.text').textContent) };
    });
    assert.deepEqual(lines.statuses, ['done', 'done', 'done']);
    assert.deepEqual(lines.text.sort(), ['C++ 3', 'JS 3']);
  });

  test('a runtime .wasm that does not compile: a Run says why the C++ loop is missing, the JS loop still runs, and the next Run says so again', async () => {
    const broken = await browser.newPage();
    await broken.route('**/*.wasm', (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not a wasm module') }));
    await broken.goto(browser.baseUrl);
    await broken.waitForFunction(() => window.__looplab !== undefined);
    for (const run of [1, 2]) {
      const status = await runCode(broken, `print("JS ${run}");\nloop.spawn((function* () { print("C++"); })(), "t");`);
      assert.equal(status, 'error');
      const text = await outputLog(broken).innerText();
      assert.match(text, /C\+\+ runtime \(it failed to start\): CompileError/);
      assert.match(text, /`loop` \(the C\+\+ loop\) is not available: the C\+\+ runtime failed to start/);
      assert.deepEqual((await printedLines(broken)).map((l) => l.text), [`JS ${run}`]);
    }
    assert.deepEqual(broken.errors, []);
    await broken.close();
  });

  test('Esc stops a running snippet and Ctrl+Enter runs one', async () => {
    await page.evaluate(() => window.__looplab.setCode('print("spinning");\nwhile (true) {}\n'));
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('Control+Enter');
    await outputLog(page).locator('[data-loop]', { hasText: 'spinning' }).waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await waitForRunEnd(page, 1000), 'stopped');
  });

  test("a snippet cannot read the host page's DOM, cookies or storage, nor fetch from its origin", async () => {
    await page.evaluate(() => {
      document.cookie = 'looplab_secret=cookie-secret';
      localStorage.setItem('looplab_secret', 'storage-secret');
      document.title = 'dom-secret';
    });
    const origin = new URL(browser.baseUrl).origin;
    const code = `
const attempts = {
  "host DOM": () => self.parent.document.title,
  "document": () => document.cookie,
  "localStorage": () => localStorage.getItem("looplab_secret"),
  "sessionStorage": () => sessionStorage.getItem("looplab_secret"),
  "indexedDB": () => indexedDB.open("looplab"),
  "cookieStore": () => cookieStore.get("looplab_secret"),
  "fetch": async () => (await fetch(${JSON.stringify(origin + '/')}, { credentials: "include" })).status,
  "the browser's own fetch": async () => (await WorkerGlobalScope.prototype.fetch.call(self, ${JSON.stringify(origin + '/')})).status,
  "importScripts": () => importScripts(${JSON.stringify(origin + '/index.html')}),
};
for (const [name, attempt] of Object.entries(attempts)) {
  try {
    print(name + ": READ " + String(await attempt()));
  } catch (e) {
    print(name + ": failed");
  }
}`;
    const status = await runCode(page, code);
    const lines = (await printedLines(page)).map((l) => l.text);
    assert.equal(status, 'done', JSON.stringify(await notes(page)));
    assert.deepEqual(lines, [
      'host DOM: failed',
      'document: failed',
      'localStorage: failed',
      'sessionStorage: failed',
      'indexedDB: failed',
      'cookieStore: failed',
      'fetch: failed',
      "the browser's own fetch: failed",
      'importScripts: failed',
    ]);
  });

  test('fetch says the sandbox has no network, and what to use instead', async () => {
    assert.equal(await runCode(page, 'const r = await fetch("https://example.com/");'), 'error');
    const [note] = (await notes(page)).filter((n) => n.kind === 'error');
    assert.match(note.text, /^Error in the snippet: TypeError: fetch: snippets run without network access, .* await loop\.sleep\(seconds\), or a Promise that setTimeout resolves\. \(line 1, /);
  });

  test('a flood of prints keeps the page responsive and the output keeps the last 2000 lines', async () => {
    const status = await runCode(page, 'for (let i = 0; i < 20000; i++) print(i);');
    assert.equal(status, 'done');
    await outputDrawn(page);
    // The last 2000 rows: printed lines, plus the note that the loop was blocked meanwhile.
    const lines = await printedLines(page);
    const shownNotes = await notes(page);
    assert.equal(lines.length + shownNotes.length, 2000, JSON.stringify(shownNotes));
    assert.equal(lines.at(-1).text, '19999');
    assert.equal(Number(lines[0].text), 20000 - lines.length);
    assert.match(await outputLog(page).innerText(), /\d+ earlier lines are not shown/);
  });

  test('while a flood of prints pours in, the output shows its latest lines, and its last 2000 once it stops', async () => {
    await page.evaluate(() => window.__looplab.setCode('for (let i = 0; i < 150000; i++) print(i);'));
    await runButton(page).click();
    // Read in one go, while the output says the flood is shown by its tail.
    const during = await (
      await page.waitForFunction(() => {
        const log = document.querySelector('[role="log"][aria-label="Output"]');
        if (!/earlier lines are not shown while lines pour in/.test(log.textContent)) return null;
        return [...log.querySelectorAll('[data-loop] .text')].map((el) => Number(el.textContent));
      })
    ).jsonValue();
    assert.ok(during.length > 0 && during.length <= 50, `${during.length} lines shown while they pour in`);
    during.forEach((n, k) => k > 0 && assert.equal(n, during[k - 1] + 1, 'the latest lines, in order'));
    assert.equal(await waitForRunEnd(page), 'done');
    await outputDrawn(page);
    const lines = await printedLines(page);
    const shownNotes = await notes(page);
    assert.equal(lines.length + shownNotes.length, 2000, JSON.stringify(shownNotes));
    assert.equal(lines.at(-1).text, '149999');
    assert.match(await outputLog(page).innerText(), /\d+ earlier lines are not shown \(the output keeps the last 2000\)/);
  });

  test('messages of the wrong shape from the sandbox side are ignored with a warning, never thrown', async () => {
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    // A snippet can post anything to its frame; the frame forwards it and the page checks it.
    const status = await runCode(
      page,
      `postMessage({ source: "looplab-sandbox", type: "print", runId: "x", text: 1 });
postMessage("nonsense");
print("after the junk");`,
    );
    assert.equal(status, 'done');
    assert.deepEqual((await printedLines(page)).map((l) => l.text), ['after the junk']);
    assert.ok(warnings.some((w) => w.includes('wrong shape')), warnings.join('\n'));
    assert.deepEqual(page.errors, []);
  });
});
