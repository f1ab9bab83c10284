// The output view alone in Chromium (no playground, no sandbox): what it shows
// when more lines arrive at once than it keeps, as when the page was busy while
// a snippet printed in a tight loop.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openBrowser } from './harness.mjs';
import { bundle, repo } from './views-bundle.mjs';

let browser;
before(async () => {
  const { dir } = await bundle(
    `import { OutputView } from ${JSON.stringify(join(repo, 'web/src/output/output-view.ts'))};\nwindow.OutputView = OutputView;`,
    'output',
  );
  await writeFile(join(dir, 'index.html'), '<!doctype html><div id="host"></div><script type="module" src="output.mjs"></script>');
  browser = await openBrowser({ dist: dir });
});
after(() => browser?.close());

/** The output's rows and its note on hidden lines, as shown now. */
const shownNow = (page) =>
  page.evaluate(() => {
    const rows = [...document.querySelectorAll('[data-loop] .text')].map((e) => e.textContent);
    return { count: rows.length, first: rows[0], last: rows.at(-1), note: document.querySelector('.note-info')?.textContent };
  });

test('200,000 lines waiting at once show as the last 2000, newest first, with how many earlier lines are not shown', async () => {
  const page = await browser.newPage();
  await page.goto(browser.baseUrl);
  await page.waitForFunction(() => window.OutputView);
  await page.evaluate(() => {
    const view = new window.OutputView(document.getElementById('host'));
    view.print({ loop: 'cpp', ms: 0, text: 'first' }); // after a quiet spell: shown at once
    for (let i = 0; i < 200_000; i++) view.print({ loop: 'js', ms: i, text: String(i) });
    view.flush();
  });
  // The newest lines show at once; the older ones follow, a frame at a time, while the log says it is busy.
  const atOnce = await shownNow(page);
  assert.equal(atOnce.last, '199999');
  assert.ok(atOnce.count < 2000, `${atOnce.count} rows drawn at once`);
  assert.equal(await page.locator('.output').getAttribute('aria-busy'), 'true');
  await page.waitForFunction(() => !document.querySelector('.output').hasAttribute('aria-busy'));
  const shown = await shownNow(page);
  assert.equal(shown.count, 2000);
  assert.equal(shown.first, '198000');
  assert.equal(shown.last, '199999');
  assert.match(shown.note, /^198001 earlier lines are not shown \(the output keeps the last 2000\)/);
  assert.deepEqual(page.errors, []);
});
