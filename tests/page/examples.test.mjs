// Every example of the menu runs and prints what its "watch for" sentence
// promises, in that order, each line from the promised loop and never before
// it is due. The expectations are the examples' own data (the same lines the
// "Predict the output" exercise checks), read from the built page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { notes, openPlayground, printedLines, runButton, waitForRunEnd } from './helpers.mjs';

// Prints come when they are due or later: a timer never fires early, but a
// busy 2-core machine can make it late. The upper bound only catches a line
// that is wildly off (for instance one that waited for the wrong event).
const LATE_SLACK_MS = 1200;

const browser = await openBrowser();
const page = await openPlayground(browser);
const { examples, hasCppRuntime } = await page.evaluate(() => ({
  examples: window.__looplab.examples(),
  hasCppRuntime: window.__looplab.hasCppRuntime,
}));

describe('examples', () => {
  before(() => assert.ok(examples.length >= 15, 'the menu lists the talk and beyond'));
  after(() => browser.close());

  for (const ex of examples) {
    const skip = ex.usesCpp && !hasCppRuntime ? 'the C++ runtime (wasm) is not built in this checkout' : false;
    test(`"${ex.title}" prints: ${ex.expected.map((l) => l.text).join(' / ')}`, { skip }, async () => {
      await page.getByLabel('Example').selectOption(ex.id);
      assert.equal(await page.evaluate(() => window.__looplab.getCode()), ex.code, 'choosing it loads its code');
      await runButton(page).click();
      const status = await waitForRunEnd(page);
      const lines = await printedLines(page);
      const report = `printed:\n${lines.map((l) => `  ${l.ms} ms ${l.loop}: ${l.text}`).join('\n')}\nnotes: ${JSON.stringify(await notes(page))}`;
      assert.equal(status, 'done', `the run ends by itself without errors\n${report}`);
      assert.equal(lines.length, ex.expected.length, `it prints exactly the promised lines\n${report}`);
      ex.expected.forEach((want, i) => {
        const got = lines[i];
        if (want.match) assert.match(got.text, new RegExp(want.match), `line ${i + 1}\n${report}`);
        else assert.equal(got.text, want.text, `line ${i + 1}\n${report}`);
        if (want.loop) assert.equal(got.loop, want.loop, `line ${i + 1} comes from the ${want.loop} loop\n${report}`);
        if (want.atMs !== undefined) {
          assert.ok(got.ms >= want.atMs - 5, `line ${i + 1} is not early (due ${want.atMs} ms)\n${report}`);
          assert.ok(got.ms <= want.atMs + LATE_SLACK_MS, `line ${i + 1} comes near ${want.atMs} ms\n${report}`);
        }
      });
      // A busy-wait holds back the sandbox's frames too: that is the block above, not the browser stopping them.
      const stalled = (await notes(page)).filter((n) => /stopped sending animation frames/.test(n.text));
      assert.deepEqual(stalled, [], `no word of frames stopped in a visible page\n${report}`);
      if (ex.blocksMs) {
        const blocked = (await notes(page)).filter((n) => /blocked for (\d+) ms/.test(n.text));
        const longest = Math.max(0, ...blocked.map((n) => Number(/blocked for (\d+) ms/.exec(n.text)[1])));
        assert.ok(longest >= ex.blocksMs, `the page shows the loops blocked for >= ${ex.blocksMs} ms\n${report}`);
      }
    });
  }
});
