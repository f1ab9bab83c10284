// The page as a learner meets it: the examples menu with the talk's Python
// beside the code, Reset, "Predict the output", the runtime's C++ source, the
// theme switch, and a layout that still works at 360 px.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { openPlayground } from './helpers.mjs';

const browser = await openBrowser();
const page = await openPlayground(browser, '#example/both-loops');

describe('playground', () => {
  after(() => browser.close());

  test("an example shows the talk's code beside the JavaScript and what to watch for, and Reset brings its code back", async () => {
    await page.getByLabel('Example').selectOption('round-robin');
    assert.match(await page.getByRole('region', { name: "The talk's code" }).innerText(), /def run\(tasks\):/);
    assert.match(await page.locator('#watch').innerText(), /hello at ~500 ms, goodbye at ~1000 ms/);
    const original = await page.evaluate(() => window.__looplab.getCode());
    await page.evaluate(() => window.__looplab.setCode('print("changed")'));
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    assert.equal(await page.evaluate(() => window.__looplab.getCode()), original);
  });

  test("the talk's code wraps inside its column, each continuation indented past its line's code, and copies exactly", async () => {
    const examples = await page.evaluate(() => window.__looplab.examples());
    const talk = page.getByRole('region', { name: "The talk's code" });
    for (const ex of examples) {
      await page.getByLabel('Example').selectOption(ex.id);
      const shown = await talk.locator('pre').evaluate((pre) => {
        const range = document.createRange();
        range.selectNodeContents(pre);
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        const copied = selection.toString();
        selection.removeAllRanges();
        return { copied, sideways: pre.scrollWidth - pre.clientWidth };
      });
      assert.equal(shown.copied, ex.python, `${ex.id}: selecting the talk's code gives it exactly`);
      assert.ok(shown.sideways <= 0, `${ex.id}: the talk's code is ${shown.sideways} px wider than its column`);
    }
    // The talk's sleep(): "    expire_at = datetime.now() + timedelta(seconds=delay)" is too long for the column.
    await page.getByLabel('Example').selectOption('round-robin');
    const rows = await talk.locator('pre').evaluate((pre) => {
      const lines = [...pre.querySelectorAll('code > *')];
      const line = lines.find((l) => l.textContent.trimStart().startsWith('expire_at = datetime.now()'));
      const text = line.firstChild;
      const at = (start, end) => {
        const r = document.createRange();
        r.setStart(text, start);
        r.setEnd(text, end);
        return r.getClientRects();
      };
      const indent = text.data.length - text.data.trimStart().length;
      const all = at(0, text.data.length);
      return { rows: new Set([...all].map((r) => Math.round(r.top))).size, codeLeft: at(indent, indent + 1)[0].left, lastRowLeft: all[all.length - 1].left };
    });
    assert.ok(rows.rows >= 2, 'the long line wraps');
    assert.ok(rows.lastRowLeft > rows.codeLeft + 1, `its continuation starts past the line's code (${rows.lastRowLeft} against ${rows.codeLeft})`);
  });

  test('"Predict the output": the learner orders the lines with the keyboard and the page checks the order', async () => {
    await page.getByLabel('Example').selectOption('both-loops');
    const panel = page.getByRole('region', { name: 'Predict the output' });
    const expected = ['JS loop: hello', 'C++ loop: hello', 'JS loop: goodbye', 'C++ loop: goodbye'];
    await panel.getByRole('button', { name: 'Check my prediction' }).click();
    assert.match(await panel.getByRole('status').innerText(), /Not quite/);
    // Bubble each expected line up into place with its "Move up" button, by keyboard.
    for (let target = 0; target < expected.length; target++) {
      let at = (await page.evaluate(() => window.__looplab.prediction())).indexOf(expected[target], target);
      while (at > target) {
        await panel.getByRole('button', { name: `Move "${expected[target]}" up` }).nth(0).focus();
        await page.keyboard.press('Enter');
        at--;
      }
    }
    assert.deepEqual(await page.evaluate(() => window.__looplab.prediction()), expected);
    await panel.getByRole('button', { name: 'Check my prediction' }).click();
    assert.match(await panel.getByRole('status').innerText(), /Correct/);
  });

  test("the runtime source view shows the C++ an example uses, read-only", async () => {
    await page.getByLabel('Example').selectOption('gather');
    await page.getByText('Runtime source').click();
    const source = page.getByRole('region', { name: 'Runtime source' });
    const files = await source.getByLabel('C++ file').locator('option').allInnerTexts();
    assert.ok(files.length > 0, 'the C++ headers are bundled');
    await source.locator('code').filter({ hasText: /#include|namespace looplab/ }).waitFor();
  });

  test('the theme switch turns the page dark and back, and remembers the choice', async () => {
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const first = await theme();
    await page.getByRole('button', { name: 'Dark' }).click();
    assert.notEqual(await theme(), first);
    await page.reload();
    await page.waitForFunction(() => window.__looplab !== undefined);
    assert.notEqual(await theme(), first);
    await page.getByRole('button', { name: 'Dark' }).click();
    assert.equal(await theme(), first);
  });

  test('at 360 px wide nothing overflows sideways and Run is reachable', async () => {
    const narrow = await browser.newPage();
    await narrow.setViewportSize({ width: 360, height: 740 });
    await narrow.goto(browser.baseUrl);
    await narrow.waitForFunction(() => window.__looplab !== undefined);
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    assert.ok(await narrow.getByRole('button', { name: 'Run', exact: true }).isVisible());
    await narrow.close();
  });
});
