// embed.html in a host page on another origin: autorun prints before Monaco
// has loaded (Monaco loads when the learner starts editing), each file loads
// once (the preloaded sandbox assets are the ones used), and the postMessage
// API (set-code, run, stop in; output, done, resize out) works and ignores
// messages of the wrong shape with a warning.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lzString from 'lz-string';
import { serveStatic } from '../../scripts/serve.mjs';
import { openBrowser } from './harness.mjs';
import { waitForRunEnd } from './helpers.mjs';

const browser = await openBrowser();
// The host page comes from a second static server: another origin (another
// port), yet local, so Chromium's local-network rules let it frame the page.
const hostDir = await mkdtemp(join(tmpdir(), 'looplab-host-'));
await writeFile(
  join(hostDir, 'index.html'),
  `<!doctype html><title>A course page</title>
<script>window.messages = []; addEventListener('message', (e) => window.messages.push(e.data));</script>
<iframe id="lab" width="600" height="400"></iframe>
<script>document.getElementById('lab').src = decodeURIComponent(location.hash.slice(1));</script>`,
);
const hostServer = await serveStatic(hostDir, 0);
const HOST = `http://127.0.0.1:${hostServer.address().port}/`;

/** A host page on another origin that embeds `src` and records the messages it gets. */
async function hostPage(src) {
  const page = await browser.newPage();
  await page.goto(`${HOST}#${encodeURIComponent(src)}`);
  const frame = await (await page.locator('#lab').elementHandle()).contentFrame();
  await frame.waitForFunction(() => window.__looplab !== undefined);
  return { page, frame };
}

const messages = (page, type) => page.evaluate((t) => window.messages.filter((m) => m.type === t), type);
const post = (page, data) => page.evaluate((d) => document.getElementById('lab').contentWindow.postMessage(d, '*'), data);

describe('embed', () => {
  after(async () => {
    await browser.close();
    await new Promise((ok) => hostServer.close(ok));
    await rm(hostDir, { recursive: true, force: true });
  });

  test('with autorun an embed runs its example before Monaco loads and tells the host page what it printed', async () => {
    const { page, frame } = await hostPage(`${browser.baseUrl}embed.html?autorun=1#example/js-settimeout`);
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'looplab:done'));
    const out = await messages(page, 'looplab:output');
    assert.deepEqual(
      out.map((m) => [m.loop, m.text]),
      [
        ['js', 'setTimeout returned at once'],
        ['js', 'Hello'],
      ],
    );
    assert.ok(out[1].ms >= 995, `Hello at ${out[1].ms} ms`);
    assert.deepEqual(await messages(page, 'looplab:done'), [{ type: 'looplab:done', status: 'done' }]);
    const resize = await messages(page, 'looplab:resize');
    assert.ok(resize.length > 0 && resize.every((m) => m.height > 0));
    assert.equal(await frame.evaluate(() => window.__looplab.editorKind()), 'plain', 'Monaco waits for an edit');
    // Starting to edit loads Monaco with the text as it is.
    await frame.getByRole('textbox', { name: 'JavaScript code' }).focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await frame.waitForFunction(() => window.__looplab.editorKind() === 'monaco');
    assert.match(await frame.evaluate(() => window.__looplab.getCode()), /setTimeout returned at once/);
    await page.close();
  });

  test('an embed fetches each of its files once: the worker code and .wasm it preloads are the ones its sandbox gets', async () => {
    const page = await browser.newPage();
    const requested = [];
    page.on('request', (r) => {
      if (r.url().startsWith(browser.baseUrl)) requested.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'warning') page.errors.push(new Error(m.text()));
    });
    await page.goto(`${browser.baseUrl}embed.html?autorun=1#example/js-settimeout`);
    assert.equal(await waitForRunEnd(page), 'done');
    const preloaded = await page.evaluate(() => [...document.querySelectorAll('link[rel="preload"]')].map((l) => l.href));
    assert.ok(preloaded.some((u) => u.endsWith('.js')), `the worker code is preloaded: ${preloaded}`);
    if (await page.evaluate(() => window.__looplab.hasCppRuntime)) {
      assert.ok(preloaded.some((u) => u.endsWith('.wasm')), `the .wasm is preloaded: ${preloaded}`);
    }
    for (const url of preloaded) assert.ok(requested.includes(url), `${url} is used`);
    const twice = requested.filter((u, i) => requested.indexOf(u) !== i);
    assert.deepEqual(twice, [], 'no file is fetched twice');
    // Chromium warns when a preload goes unused or does not match the fetch that wanted it.
    assert.deepEqual(page.errors.map((e) => e.message), []);
    await page.close();
  });

  test('the host page sets the code, runs and stops it by postMessage', async () => {
    const { page, frame } = await hostPage(`${browser.baseUrl}embed.html`);
    await post(page, { type: 'looplab:set-code', code: 'print("from the host");' });
    await post(page, { type: 'looplab:run' });
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'looplab:done'));
    assert.deepEqual(
      (await messages(page, 'looplab:output')).map((m) => m.text),
      ['from the host'],
    );
    await post(page, { type: 'looplab:set-code', code: 'print("spinning"); while (true) {}' });
    await post(page, { type: 'looplab:run' });
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'looplab:output' && m.text === 'spinning'));
    await post(page, { type: 'looplab:stop' });
    assert.equal(await waitForRunEnd(frame, 1000), 'stopped');
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'looplab:done' && m.status === 'stopped'));
    await page.close();
  });

  test('a host page that points the iframe at another link (only the hash changes) gets that code, run with autorun', async () => {
    const src = `${browser.baseUrl}embed.html?autorun=1`;
    const waiting = 'setTimeout(() => print("never"), 60000);';
    const { page, frame } = await hostPage(`${src}#code/${lzString.compressToEncodedURIComponent(waiting)}`);
    await frame.evaluate(() => (window.notReloaded = true));
    await frame.waitForFunction(() => document.body.dataset.run === 'running');
    // Switched while the first run still waits on its timer: that run stops.
    const code = 'print("the second link");';
    await page.evaluate((s) => (document.getElementById('lab').src = s), `${src}#code/${lzString.compressToEncodedURIComponent(code)}`);
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'looplab:output' && m.text === 'the second link'));
    assert.equal(await waitForRunEnd(frame), 'done');
    assert.equal(await frame.evaluate(() => window.__looplab.getCode()), code);
    assert.deepEqual(
      (await messages(page, 'looplab:done')).map((m) => m.status),
      ['stopped', 'done'],
    );
    assert.match(await frame.locator('#open').getAttribute('href'), /#code\//);
    // A broken link says so and keeps the code.
    await page.evaluate((s) => (document.getElementById('lab').src = s), `${src}#code/%%%not-lz`);
    await frame.waitForFunction(() => document.querySelector('[role="log"][aria-label="Output"] [data-note="error"]') !== null);
    assert.equal(await frame.evaluate(() => window.__looplab.getCode()), code);
    assert.equal(await frame.evaluate(() => window.notReloaded), true, 'the embed was not reloaded');
    await page.close();
  });

  test('messages of the wrong shape are ignored with a console warning, never thrown', async () => {
    const { page, frame } = await hostPage(`${browser.baseUrl}embed.html`);
    const before = await frame.evaluate(() => window.__looplab.getCode());
    for (const junk of [{ type: 'looplab:set-code', code: 42 }, { type: 'looplab:explode' }, 'looplab:run', null]) {
      const [warning] = await Promise.all([
        page.waitForEvent('console', (m) => m.type() === 'warning'),
        post(page, junk),
      ]);
      assert.match(warning.text(), /wrong shape/);
    }
    assert.equal(await frame.evaluate(() => window.__looplab.getCode()), before);
    assert.equal(await frame.evaluate(() => document.body.dataset.run), 'idle');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('readonly, panels and theme options shape the embed', async () => {
    const { page, frame } = await hostPage(`${browser.baseUrl}embed.html?readonly=1&panels=output&theme=dark#example/generator`);
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await frame.locator('#editor-host').isHidden(), true);
    assert.equal(await frame.getByRole('log', { name: 'Output', exact: true }).isVisible(), true);
    assert.equal(await frame.evaluate(() => document.querySelector('textarea').readOnly), true);
    assert.equal(await frame.getByRole('region', { name: 'Timeline' }).count(), 0, 'no views unless asked for');
    await page.close();
  });

  test('panels=trace adds the timeline, the loop inspector and the event log, fed by the run', async () => {
    const { page, frame } = await hostPage(`${browser.baseUrl}embed.html?autorun=1&panels=output,trace#example/js-settimeout`);
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'looplab:done'));
    await frame.getByRole('region', { name: 'Timeline' }).waitFor();
    await frame.getByRole('region', { name: 'Loop inspector' }).waitFor();
    await frame.getByRole('log', { name: 'Event log' }).getByText(/setTimeout/).first().waitFor();
    await page.close();
  });
});
