// Share links: the URL hash holds the code (#code/<lz-string>) or an example
// (#example/<id>); opening a link restores it; a broken or truncated link gives
// a clear message and the default example; the last code survives a reload.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import lzString from 'lz-string';
import { notes, openPlayground, printedLines, waitForRunEnd } from './helpers.mjs';

const browser = await openBrowser();

describe('share links', () => {
  after(() => browser.close());

  test('a shared link opens with exactly the shared code', async () => {
    const page = await openPlayground(browser);
    const code = '// shared\nsetTimeout(() => print("from a link: ü ✓ `x`"), 10);\n';
    await page.evaluate((c) => window.__looplab.setCode(c), code);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const link = await page.getByLabel('Share link').inputValue();
    assert.match(link, /#code\/[A-Za-z0-9+\-$]+$/);
    const other = await browser.newPage();
    await other.goto(link);
    await other.waitForFunction(() => window.__looplab !== undefined);
    assert.equal(await other.evaluate(() => window.__looplab.getCode()), code);
    await page.close();
    await other.close();
  });

  test('an example link opens that example, and an unchanged example shares as an example link', async () => {
    const page = await openPlayground(browser, '#example/gather');
    assert.equal(await page.getByLabel('Example').inputValue(), 'gather');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    assert.match(await page.getByLabel('Share link').inputValue(), /#example\/gather$/);
    await page.close();
  });

  for (const [what, hash] of [
    ['a damaged', '#code/%%%not-lz'],
    ['a truncated', '#code/M4UwLgKglgtiD2BXMAKFBKABAXgHyYAcAnKAO1QCIALEAG1vkzBqJABomqphNvMBDTA1IBzEEUJF4IovxgV0HAKwA'],
    ['an unknown example', '#example/no-such-example'],
    ['an unknown kind of', '#something/else'],
  ]) {
    test(`${what} link shows a clear message and the default example`, async () => {
      const page = await openPlayground(browser, hash);
      const shown = await notes(page);
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.equal(shown[0].kind, 'error');
      assert.match(shown[0].text, /link/i);
      assert.match(shown[0].text, /Showing the first example instead/);
      const first = await page.evaluate(() => window.__looplab.examples()[0]);
      assert.equal(await page.evaluate(() => window.__looplab.getCode()), first.code);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }

  test('a link opened in a tab already showing Loop Lab loads without a reload; a broken one keeps the code; the saved code stays the learner\'s', async () => {
    const page = await openPlayground(browser);
    const base = page.url().split('#')[0];
    await page.evaluate(() => (window.notReloaded = true));
    // The learner's own code, saved as they type it.
    await page.evaluate(() => window.__looplab.loadMonaco());
    await page.evaluate(() => window.__looplab.setCode('print("mine");'));
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' // edited');
    // A run in progress stops: the link's code replaces what was running.
    await page.evaluate(() => window.__looplab.setCode('setTimeout(() => print("never"), 60000);'));
    await page.evaluate(() => window.__looplab.run());
    await page.waitForFunction(() => document.body.dataset.run === 'running');
    // Only the hash changes: the browser navigates within the page.
    await page.goto(`${base}#example/gather`);
    await page.waitForFunction(() => document.getElementById('example').value === 'gather');
    const gather = await page.evaluate(() => window.__looplab.examples().find((e) => e.id === 'gather'));
    assert.equal(await page.evaluate(() => window.__looplab.getCode()), gather.code);
    assert.equal(await page.evaluate(() => document.body.dataset.run), 'stopped');

    const code = 'print("from the second link");\n';
    await page.goto(`${base}#code/${lzString.compressToEncodedURIComponent(code)}`);
    await page.waitForFunction((c) => window.__looplab.getCode() === c, code);
    await page.evaluate(() => window.__looplab.run());
    await waitForRunEnd(page);
    assert.deepEqual((await printedLines(page)).map((l) => l.text), ['from the second link']);

    await page.goto(`${base}#code/%%%not-lz`);
    await page.waitForFunction(() => document.querySelector('[role="log"][aria-label="Output"] [data-note]') !== null);
    const shown = await notes(page);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.equal(shown[0].kind, 'error');
    assert.match(shown[0].text, /could not be read.*The code in the editor is unchanged/);
    assert.equal(await page.evaluate(() => window.__looplab.getCode()), code);
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
    assert.deepEqual(page.errors, []);
    // As on a fresh load, a link's code is not saved over the learner's until they edit it.
    await page.goto(base);
    await page.waitForFunction(() => window.__looplab !== undefined);
    assert.equal(await page.evaluate(() => window.__looplab.getCode()), 'print("mine"); // edited');
    await page.close();
  });

  test('the last code survives a reload', async () => {
    const page = await openPlayground(browser);
    await page.locator('textarea, .monaco-editor').first().waitFor();
    // Type a real edit (the save happens on the editor's change event).
    await page.evaluate(() => window.__looplab.loadMonaco());
    await page.evaluate(() => window.__looplab.setCode('print("kept");'));
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' // edited');
    await page.reload();
    await page.waitForFunction(() => window.__looplab !== undefined);
    assert.equal(await page.evaluate(() => window.__looplab.getCode()), 'print("kept"); // edited');
    await page.close();
  });
});
