// The views in Chromium, fed synthetic traces written to docs/trace-format.md
// (no runtime, no playground): what the timeline, the inspector and the event
// log expose in the DOM, and what Pause, Step, speed and the scrubber do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './harness.mjs';
import { bundleViewsFixture } from './views-bundle.mjs';

let browser;
let page;

before(async () => {
  browser = await openBrowser({ dist: await bundleViewsFixture() });
});
after(async () => {
  await browser?.close();
});

/** Fresh views on a fresh store (one page serves every test: loading it is the slow part). */
async function open({ capacity = 1_000_000 } = {}) {
  if (page === undefined) {
    page = await browser.newPage();
    await page.setViewportSize({ width: 1200, height: 1000 });
    await page.goto(browser.baseUrl);
    await page.waitForFunction(() => window.lab !== undefined);
  }
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.evaluate((c) => window.lab.remount(c), capacity);
  await drawn();
  page.errors.length = 0;
  return page;
}
const drawn = () => page.evaluate(() => window.lab.frame());
const run = async (fn, ...args) => {
  await page.evaluate(fn, ...args);
  await drawn();
};
const readyQueue = () => page.locator('[aria-label="Ready queue"] li').evaluateAll((els) => els.map((e) => e.dataset.name));
const targets = (selector) =>
  page.locator(`section[aria-label="Timeline"] .ll-target${selector}`).evaluateAll((els) => els.map((e) => ({ ...e.dataset })));

test('the views are three named regions: Timeline, Loop inspector and an Event log a screen reader can follow', async () => {
  await open();
  assert.equal(await page.getByRole('region', { name: 'Timeline' }).count(), 1);
  assert.equal(await page.getByRole('region', { name: 'Loop inspector' }).count(), 1);
  assert.equal(await page.getByRole('log', { name: 'Event log' }).count(), 1);
  assert.deepEqual(page.errors, []);
});

test('stepping the talk\'s round-robin shows the ready queue rotating one resume at a time', async () => {
  await open();
  await run(() => window.lab.scenario.roundRobin());
  assert.deepEqual(await readyQueue(), ['hello', 'goodbye', 'again']);
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const seen = [];
  for (let i = 0; i < 3; i++) {
    await step.click();
    await drawn();
    seen.push(await readyQueue());
  }
  assert.deepEqual(seen, [
    ['goodbye', 'again', 'hello'],
    ['again', 'hello', 'goodbye'],
    ['hello', 'goodbye', 'again'],
  ]);
  assert.deepEqual(await page.evaluate(() => window.lab.calls), ['pause', 'step', 'step', 'step']);
  // Each task is a frame that stays visible while suspended.
  const frames = await page.locator('[aria-label="Tasks"] li').evaluateAll((els) => els.map((e) => [e.dataset.name, e.dataset.state]));
  assert.deepEqual(frames, [['hello', 'ready'], ['goodbye', 'ready'], ['again', 'ready']]);
});

test('scrubbing back shows the loop as it was, with the running task lit, and Live returns to the end', async () => {
  await open();
  await run(() => {
    window.lab.scenario.roundRobin();
    for (let i = 0; i < 4; i++) window.lab.store.appendCore(window.lab.loop.frameTick(1));
  });
  assert.deepEqual(await readyQueue(), ['goodbye', 'again', 'hello']);
  await page.getByRole('button', { name: 'Back' }).click();
  await drawn();
  // Just after the last resume began: 'hello' runs, the others wait in order.
  const inspector = page.getByRole('region', { name: 'Loop inspector' });
  assert.equal(await inspector.getAttribute('data-running'), String(await page.evaluate(() => [...window.lab.store.index.log].find((e) => e.type === 'spawn').id)));
  assert.deepEqual(await readyQueue(), ['goodbye', 'again']);
  assert.equal(await page.locator('[aria-label="Tasks"] li[data-state="running"]').getAttribute('data-name'), 'hello');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  assert.notEqual(await timeline.getAttribute('data-cursor-ms'), '');
  // Back again: one resume earlier, 'again' runs.
  await page.getByRole('button', { name: 'Back' }).click();
  await drawn();
  assert.equal(await page.locator('[aria-label="Tasks"] li[data-state="running"]').getAttribute('data-name'), 'again');
  // The scrubber itself moves through the recording.
  const scrubber = page.getByRole('slider', { name: 'Scrub through the recording' });
  await scrubber.fill('1');
  await drawn();
  assert.equal(await inspector.getAttribute('data-at'), '1');
  await page.getByRole('button', { name: 'Live' }).click();
  await drawn();
  assert.deepEqual(await readyQueue(), ['goodbye', 'again', 'hello']);
  assert.equal(await timeline.getAttribute('data-cursor-ms'), '');
  assert.deepEqual(await page.evaluate(() => window.lab.calls), [], 'scrubbing never touches the loops');
});

test('Pause and the speed control act on the run and show their state', async () => {
  await open();
  const pause = page.getByRole('button', { name: 'Pause' });
  await pause.click();
  await drawn();
  const resume = page.getByRole('button', { name: 'Resume' });
  assert.equal(await resume.getAttribute('aria-pressed'), 'true');
  await resume.click();
  await page.getByLabel('Speed').selectOption('0.05');
  await drawn();
  assert.deepEqual(await page.evaluate(() => window.lab.calls), ['pause', 'resume', 'speed 0.05']);
  const toolbar = page.getByRole('toolbar', { name: 'Run controls' });
  assert.equal(await toolbar.getAttribute('data-speed'), '0.05');
  assert.equal(await toolbar.getAttribute('data-paused'), 'false');
  // Slow motion needs the virtual clock: on a real-clock run the control says a speed is for the next run.
  await run(() => window.lab.store.reset({ clock: 'real' }));
  assert.equal(await page.getByLabel('Speed').isDisabled(), false);
  assert.match(await page.getByLabel('Speed').getAttribute('title'), /needs the virtual clock: a speed chosen now applies from the next run/);
  await run(() => window.lab.store.reset({ clock: 'virtual' }));
  assert.match(await page.getByLabel('Speed').getAttribute('title'), /^Slow motion of the C\+\+ loop/);
  // The runner's word wins: a run the sandbox reports paused shows Resume.
  await run(() => window.lab.handle.setRunState({ paused: true }));
  assert.equal(await page.getByRole('button', { name: 'Resume' }).count(), 1);
});

test('a busy-wait shows as one block of about 1.5 s across both lanes, with its length', async () => {
  await open();
  await run(() => window.lab.scenario.busyWait());
  const blocks = await targets('[data-kind="blocked"]');
  assert.equal(blocks.length, 1);
  assert.equal(blocks[0].lane, 'both');
  assert.ok(Math.abs(Number(blocks[0].durationMs) - 1500) < 1, `block of ${blocks[0].durationMs} ms`);
  const block = page.locator('.ll-target[data-kind="blocked"]');
  assert.match(await block.getAttribute('aria-label'), /blocked .* 1500 ms busy/);
  // It covers the C++ lane and the JS lane.
  const box = await block.boundingBox();
  const stage = await page.locator('.ll-stage canvas').boundingBox();
  assert.ok(box.height < stage.height, 'the target is a handle at the top');
  const spin = (await targets('[data-kind="bar"]')).find((b) => b.name === 'spin');
  assert.ok(Math.abs(Number(spin.durationMs) - 1500) < 1);
  const late = (await targets('[data-kind="js"]'))[0];
  assert.ok(Number(late.latenessMs) >= 1500, 'the JS timer waited out the block');
  const log = page.getByRole('log', { name: 'Event log' });
  assert.equal(await log.locator('li[data-type="blocked"]').count(), 1);
  assert.match(await log.locator('li[data-type="blocked"]').innerText(), /1500 ms busy/);
});

test('lateness is shown for every timer on both loops, and summed up per loop', async () => {
  await open();
  await run(() => window.lab.scenario.timers());
  const cpp = await targets('[data-kind="timer"]');
  assert.equal(cpp.length, 3, 'two callback timers and one sleep');
  for (const t of cpp) {
    assert.equal(t.state, 'fired');
    const late = Number(t.latenessMs);
    assert.ok(late >= 0 && late < 1000 / 60, `C++ lateness ${late} ms is within one frame`);
  }
  const js = (await targets('[data-kind="js"]')).filter((t) => t.api === 'setTimeout');
  assert.deepEqual(js.map((t) => Number(t.latenessMs)).sort(), [0.6, 1.1]);
  const summary = page.locator('.ll-lateness');
  assert.equal(await summary.getAttribute('data-cpp-timers'), '3');
  assert.equal(await summary.getAttribute('data-js-timers'), '2');
  assert.equal(await summary.getAttribute('data-js-max-ms'), '1.100');
  assert.match(await summary.innerText(), /C\+\+ loop: 3 timers.*JS loop: 2 timers/);
});

test('a flood of promise callbacks within a pixel column is one bar there, focusable once; timers in one column keep a target each', async () => {
  await open();
  await run(() => {
    const { lab } = window;
    const loop = new lab.SyntheticLoop();
    loop.spawn('long', [{ runMs: 1000, then: 'done' }]);
    for (const b of loop.runUntilIdle()) lab.store.appendCore(b);
    // 5,000 reactions in 1 ms of a 1 s run: under a pixel on any timeline.
    const events = [];
    for (let i = 0; i < 5000; i++) events.push(...lab.jsCallback('promise', i + 1, 100, 100 + i * 0.0002, 0.0001));
    events.push(...lab.jsCallback('setTimeout', 9001, 90, 100.2, 0.01, { delayMs: 10 }));
    events.push(...lab.jsCallback('setTimeout', 9002, 90, 100.4, 0.01, { delayMs: 10 }));
    lab.store.appendJs(events);
  });
  const timeline = page.getByRole('region', { name: 'Timeline' });
  const promises = await targets('[data-api="promise"]');
  assert.ok(promises.length >= 1 && promises.length <= 2, `${promises.length} focusable promise bars for one pixel column`);
  assert.equal(await timeline.getAttribute('data-capped'), 'false', 'every item drawn is focusable: no "zoom in to reach the rest"');
  const timers = await targets('[data-api="setTimeout"]');
  assert.deepEqual(timers.map((t) => Number(t.latenessMs)).sort(), [0.2, 0.4], 'each timer keeps its target and lateness');
  const logged = await page.evaluate(() => [...window.lab.store.index.log].filter((e) => e.type === 'js').length);
  assert.equal(logged, 5002, 'the event log still has every callback');
});

test('on a narrow timeline every lateness label is drawn whole, the last one too', async () => {
  await open();
  await page.setViewportSize({ width: 420, height: 1000 });
  try {
    await open();
    // Every text the canvas writes, with where it ends.
    await page.evaluate(() => {
      const fillText = (window.originalFillText = CanvasRenderingContext2D.prototype.fillText);
      window.written = [];
      CanvasRenderingContext2D.prototype.fillText = function (text, x, y) {
        const w = this.measureText(text).width;
        const from = this.textAlign === 'center' ? x - w / 2 : this.textAlign === 'right' ? x - w : x;
        window.written.push({ text, from, to: from + w, canvas: this.canvas.getBoundingClientRect().width });
        return fillText.call(this, text, x, y);
      };
    });
    await run(() => window.lab.scenario.timers());
    const late = await page.evaluate(() => window.written.filter((t) => /^[+-][0-9.]+ ms$/.test(t.text)).slice(-5));
    assert.ok(late.length >= 2, JSON.stringify(late));
    for (const t of late) assert.ok(t.from >= 0 && t.to <= t.canvas, `"${t.text}" drawn from ${t.from} to ${t.to} on a ${t.canvas} px canvas`);
  } finally {
    await page.evaluate(() => (CanvasRenderingContext2D.prototype.fillText = window.originalFillText));
    await page.setViewportSize({ width: 1200, height: 1000 });
  }
});

test("a JS timer's lateness label is drawn over the bars after it, not under them", async () => {
  await open();
  try {
    // Every text and filled rectangle the canvas draws, in order.
    await page.evaluate(() => {
      const proto = CanvasRenderingContext2D.prototype;
      window.originals = { fillText: proto.fillText, fillRect: proto.fillRect };
      window.drawn = [];
      proto.fillText = function (text, x, y) {
        const w = this.measureText(text).width;
        const from = this.textAlign === 'center' ? x - w / 2 : this.textAlign === 'right' ? x - w : x;
        window.drawn.push({ op: 'text', text, from, to: from + w, y });
        return window.originals.fillText.call(this, text, x, y);
      };
      proto.fillRect = function (x, y, w, h) {
        window.drawn.push({ op: 'rect', x, y, w, h });
        return window.originals.fillRect.call(this, x, y, w, h);
      };
    });
    await run(() => {
      const { lab } = window;
      const loop = new lab.SyntheticLoop();
      loop.spawn('long', [{ runMs: 300, then: 'done' }]);
      for (const b of loop.runUntilIdle()) lab.store.appendCore(b);
      // A late timer, and a long one right after it: its bar covers where the first one's label goes.
      lab.store.appendJs([
        ...lab.jsCallback('setTimeout', 1, 0, 100, 0.5, { delayMs: 90 }),
        ...lab.jsCallback('setTimeout', 2, 0, 101, 40, { delayMs: 100 }),
      ]);
    });
    const drawn = await page.evaluate(() => window.drawn);
    const last = drawn.findLastIndex((d) => d.op === 'text' && d.text === '+10 ms');
    assert.ok(last >= 0, 'the first timer has its lateness label');
    const label = drawn[last];
    const covering = drawn
      .slice(last + 1)
      .filter((d) => d.op === 'rect' && d.w < 1000 && d.x < label.to && d.x + d.w > label.from && d.y < label.y + 4 && d.y + d.h > label.y - 4);
    assert.deepEqual(covering, [], 'nothing is filled over the label after it is written');
  } finally {
    await page.evaluate(() => Object.assign(CanvasRenderingContext2D.prototype, window.originals));
  }
});

test("the event log's summary counts in words: 1 entry, then 2 entries", async () => {
  await open();
  const summary = () => page.locator('.ll-log-summary').innerText();
  await run(() => window.lab.store.appendBlocked(0.5, 1001));
  assert.equal(await summary(), '1 entry.');
  await run(() => window.lab.store.appendBlocked(1200, 1300));
  assert.equal(await summary(), '2 entries.');
  assert.deepEqual(page.errors, []);
});

test('the event log lists what the timeline draws: every bar, timer and JS callback, at the same times', async () => {
  await open();
  await run(() => window.lab.scenario.timers());
  const log = await page
    .getByRole('log', { name: 'Event log' })
    .locator('li')
    .evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
  const key = (type, ms) => `${type}@${Number(ms).toFixed(3)}`;
  const logged = new Set(log.map((e) => key(e.type, e.ms)));
  const bars = await targets('[data-kind="bar"]');
  assert.ok(bars.length >= 3);
  for (const b of bars) assert.ok(logged.has(key('run', b.startMs)), `bar at ${b.startMs} is in the log`);
  for (const t of await targets('[data-kind="js"]')) assert.ok(logged.has(key('js', t.startMs)), `JS ${t.api} at ${t.startMs} is in the log`);
  const timerLines = log.filter((e) => e.type === 'timer').map((e) => [e.timer, e.latenessMs]).sort();
  const timerTargets = (await targets('[data-kind="timer"]')).map((t) => [t.timer, t.latenessMs]).sort();
  assert.deepEqual(timerLines, timerTargets);
});

test('keyboard focus moves through the bars, and Enter opens a C++ task in the inspector', async () => {
  await open();
  await run(() => window.lab.scenario.timers());
  const first = page.locator('.ll-target[tabindex="0"]');
  assert.equal(await first.count(), 1, 'one bar is in the tab order (roving focus)');
  const bar = page.locator('.ll-target[data-kind="bar"]').first();
  await bar.focus();
  const tip = page.getByRole('tooltip');
  assert.equal(await tip.isVisible(), true);
  assert.match(await tip.innerText(), /sleeper/);
  await page.keyboard.press('ArrowRight');
  const focused = await page.evaluate(() => ({ ...document.activeElement.dataset }));
  assert.equal(focused.kind, 'bar');
  assert.equal(focused.name, 'sleeper');
  await page.keyboard.press('Enter');
  await drawn();
  const selected = page.locator('[aria-label="Tasks"] li[aria-current="true"]');
  assert.equal(await selected.getAttribute('data-name'), 'sleeper');
  const inspector = page.getByRole('region', { name: 'Loop inspector' });
  assert.equal(await inspector.getAttribute('data-running'), focused.task, 'the inspector shows the loop when that bar began');
});

test('clicking a C++ bar opens its task in the inspector', async () => {
  await open();
  await run(() => window.lab.scenario.roundRobin());
  await run(() => {
    for (let i = 0; i < 5; i++) window.lab.store.appendCore(window.lab.loop.frameTick(1));
  });
  const bar = page.locator('.ll-target[data-kind="bar"][data-name="goodbye"]').first();
  await bar.click();
  await drawn();
  assert.equal(await page.locator('[aria-label="Tasks"] li[aria-current="true"]').getAttribute('data-name'), 'goodbye');
  assert.equal(await page.locator('[aria-label="Tasks"] li[data-state="running"]').getAttribute('data-name'), 'goodbye');
});

test('zoom and pan change the span the timeline shows; Fit returns to the whole run', async () => {
  await open();
  await run(() => window.lab.scenario.timers());
  const timeline = page.getByRole('region', { name: 'Timeline' });
  const span = async () => {
    const s = Number(await timeline.getAttribute('data-view-start-ms'));
    const e = Number(await timeline.getAttribute('data-view-end-ms'));
    return [s, e];
  };
  const [s0, e0] = await span();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await drawn();
  const [s1, e1] = await span();
  assert.ok(Math.abs(e1 - s1 - (e0 - s0) / 2) < 1e-6, 'half the span');
  await page.getByRole('button', { name: 'Pan right' }).click();
  await drawn();
  const [s2] = await span();
  assert.ok(s2 > s1);
  assert.equal(await timeline.getAttribute('data-follow'), 'false');
  await page.getByRole('button', { name: 'Fit whole run' }).click();
  await drawn();
  assert.deepEqual(await span(), [s0, e0]);
  assert.equal(await timeline.getAttribute('data-follow'), 'true');
});

test('a long run keeps a bounded recording and says how much it dropped', async () => {
  await open({ capacity: 1000 });
  await run(() => window.lab.scenario.many(20, 5000));
  const log = page.getByRole('log', { name: 'Event log' });
  assert.ok(Number(await log.getAttribute('data-dropped')) > 0);
  assert.match(await log.locator('.ll-log-summary').innerText(), /keeps the last 1,000 C\+\+ events: [\d,]+ older ones were dropped/);
});

test('while a run streams in, the log and inspector follow it a few times a second, and show all of it once it goes quiet', async () => {
  await open();
  const seen = await page.evaluate(async () => {
    const lab = window.lab;
    const loop = new lab.SyntheticLoop({ budgetMs: 2 });
    for (let i = 0; i < 5; i++) loop.spawn(`t${i}`, [...Array(60).fill({ runMs: 0.5, then: 'yield' }), { runMs: 0.5, then: 'done' }]);
    const batches = loop.runUntilIdle();
    const log = document.querySelector('[aria-label="Event log"]');
    const shown = new Set();
    // One batch per frame, as the sandbox sends them.
    for (const batch of batches) {
      lab.store.appendCore(batch);
      await new Promise((r) => requestAnimationFrame(() => r()));
      shown.add(log.dataset.entries);
    }
    return { batches: batches.length, shown: shown.size, entries: lab.store.index.log.length };
  });
  assert.ok(seen.batches > 40, `only ${seen.batches} batches: the stream is too short to test`);
  assert.ok(seen.shown >= 3, `the log showed ${seen.shown} states while ${seen.batches} batches streamed in`);
  await drawn();
  const log = page.getByRole('log', { name: 'Event log' });
  assert.equal(Number(await log.getAttribute('data-entries')), seen.entries);
  assert.equal(await page.locator('[aria-label="Tasks"] li[data-state="done"]').count(), 5);
});

test('when a run ends, the views show all of it within a few frames and say so, without waiting for it to go quiet; while it streams in fast, their lists hold still and say why', async () => {
  await open();
  const r = await page.evaluate(async () => {
    const lab = window.lab;
    const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
    const views = document.querySelector('.ll-views');
    const inspector = document.querySelector('section[aria-label="Loop inspector"]');
    const logEl = document.querySelector('[aria-label="Event log"]');
    const look = () => ({
      shown: inspector.dataset.at,
      run: views.dataset.run,
      tasks: document.querySelectorAll('[aria-label="Tasks"] li').length,
      log: document.querySelectorAll('[aria-label="Event log"] li').length,
      logBusy: logEl.getAttribute('aria-busy'),
      inspectorHeld: inspector.dataset.held ?? null,
      logHeld: logEl.dataset.held ?? null,
      note: inspector.querySelector('.ll-held-note').hidden ? '' : inspector.querySelector('.ll-held-note').textContent,
      summary: logEl.querySelector('.ll-log-summary').textContent,
      heading: inspector.querySelector('.ll-at').textContent,
    });
    // A batch a frame as the sandbox sends them: thousands of events between
    // two refreshes (a quarter of a second) is a fast stream.
    const batches = lab.scenario.fastStreamBatches();
    let whileStreaming = null;
    for (const [k, b] of batches.entries()) {
      lab.store.appendCore(b);
      await frame();
      // Half a second in, several refreshes have been drawn.
      if (k === 30) whileStreaming = { ...look(), end: String(lab.store.endIndex) };
    }
    lab.handle.runEnded();
    // Its whole refresh goes a part a frame: four frames, and one to begin.
    let frames = 0;
    while (views.dataset.run !== 'ended' && frames < 10) {
      await frame();
      frames++;
    }
    const ended = { ...look(), end: String(lab.store.endIndex), frames };
    lab.store.reset();
    await frame();
    return { batches: batches.length, whileStreaming, ended, afterReset: views.dataset.run };
  });
  assert.ok(r.batches > 40, `only ${r.batches} batches: the stream is too short to test`);
  const s = r.whileStreaming;
  assert.equal(s.run, 'live');
  // While it streams in fast, the lists hold still, greyed and busy, and say why.
  assert.deepEqual([s.inspectorHeld, s.logHeld, s.logBusy], ['true', 'true', 'true'], JSON.stringify(s));
  assert.match(s.note, /catch up when the run slows down, ends or is paused/);
  assert.match(s.summary, /catch up when the run slows down, ends or is paused/);
  assert.notEqual(s.shown, s.end, 'the inspector held what it showed before the stream');
  // Only the counts follow the run: the inspector's heading and the log's summary.
  const headingAt = Number(/event (\d+) of/.exec(s.heading)?.[1]);
  assert.ok(headingAt > Number(s.shown), `heading "${s.heading}" while the lists show event ${s.shown}`);
  assert.match(s.summary, /^[\d,]+ entries so far\./);
  assert.ok(s.tasks <= 15 && s.log <= 20, JSON.stringify(s));
  // At the end, everything is shown at its whole length, live again.
  const e = r.ended;
  assert.equal(e.run, 'ended');
  assert.ok(e.frames <= 5, `ended after ${e.frames} frames`);
  assert.equal(e.shown, e.end, 'the inspector shows the last event');
  assert.deepEqual([e.inspectorHeld, e.logHeld, e.logBusy, e.note], [null, null, null, '']);
  assert.deepEqual([e.tasks, e.log], [60, 120]);
  assert.match(e.summary, /entries/);
  assert.equal(r.afterReset, 'live', 'a new run is live again');
});

test('while a run streams in fast, the timeline is redrawn at least every other frame, and at its end shows all of it', async () => {
  await open();
  const r = await page.evaluate(async () => {
    const lab = window.lab;
    const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
    const timeline = document.querySelector('section[aria-label="Timeline"]');
    const canvas = timeline.querySelector('canvas');
    // Each redraw of the canvas sets its transform once, first.
    const proto = CanvasRenderingContext2D.prototype;
    const setTransform = proto.setTransform;
    let draws = 0;
    proto.setTransform = function (...args) {
      if (this.canvas === canvas) draws++;
      return setTransform.apply(this, args);
    };
    try {
      const perFrame = [];
      for (const b of lab.scenario.fastStreamBatches()) {
        lab.store.appendCore(b);
        const before = draws;
        await frame();
        perFrame.push(draws - before);
      }
      lab.handle.runEnded();
      let frames = 0;
      while (document.querySelector('.ll-views').dataset.run !== 'ended' && frames < 10) {
        await frame();
        frames++;
      }
      const lastMs = lab.store.msAt(lab.store.endIndex - 1);
      return { perFrame, viewEndMs: Number(timeline.dataset.viewEndMs), lastMs };
    } finally {
      proto.setTransform = setTransform;
    }
  });
  // The first frames are not yet a fast stream (too few events since the last refresh).
  const streaming = r.perFrame.slice(20);
  const left = streaming.filter((n) => n === 0).length;
  // Left out in some frames (each redraw is a raster and a commit the page's frame waits on; on a
  // slow machine more of the frames are a refresh's, which always redraw)...
  assert.ok(left >= 3, `the canvas was redrawn in ${streaming.length - left} of ${streaming.length} frames`);
  // ...but never in two frames in a row: it is at most a frame behind the run.
  const twoInARow = streaming.findIndex((n, k) => n === 0 && streaming[k + 1] === 0);
  assert.equal(twoInARow, -1, `no redraw in two frames in a row: ${streaming.join('')}`);
  assert.ok(r.viewEndMs >= r.lastMs, `at the end the timeline shows up to ${r.viewEndMs} ms, the run ends at ${r.lastMs} ms`);
});

test('a run that ends in the frame a refresh of its fast stream falls due shows its whole end, not held lists', async () => {
  await open();
  const r = await page.evaluate(async () => {
    const lab = window.lab;
    const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
    const views = document.querySelector('.ll-views');
    // The views' clock, moved by hand: the end must come exactly when a refresh is due.
    let clock = performance.now();
    const realNow = performance.now.bind(performance);
    performance.now = () => clock;
    try {
      const batches = lab.scenario.fastStreamBatches();
      // A fast stream, a batch a frame 16 ms apart, until its refreshes are held...
      let k = 0;
      for (; k < 20; k++) {
        lab.store.appendCore(batches[k]);
        clock += 16;
        await frame();
      }
      const heldBefore = document.querySelector('section[aria-label="Loop inspector"]').dataset.held ?? null;
      // ...then, past a refresh's due time, the last batch and the run's end before the next frame.
      clock += 300;
      for (; k < batches.length; k++) lab.store.appendCore(batches[k]);
      lab.handle.runEnded();
      let frames = 0;
      while (views.dataset.run !== 'ended' && frames < 10) {
        clock += 16;
        await frame();
        frames++;
      }
      const inspector = document.querySelector('section[aria-label="Loop inspector"]');
      return {
        heldBefore,
        run: views.dataset.run,
        shown: inspector.dataset.at,
        end: String(lab.store.endIndex),
        held: [inspector.dataset.held ?? null, document.querySelector('[aria-label="Event log"]').dataset.held ?? null],
      };
    } finally {
      performance.now = realNow;
    }
  });
  assert.equal(r.heldBefore, 'true', 'the stream was fast enough to hold the lists');
  assert.equal(r.run, 'ended');
  assert.equal(r.shown, r.end, 'the inspector shows the last event');
  assert.deepEqual(r.held, [null, null]);
});

test('a run that only ticks now and then shows the same last event in the scrubber and the inspector at every frame', async () => {
  await open();
  const mismatches = await page.evaluate(async () => {
    const lab = window.lab;
    const loop = new lab.SyntheticLoop();
    loop.spawn('once', [{ runMs: 1, then: 'done' }]);
    const scrub = document.querySelector('input[aria-label="Scrub through the recording"]');
    const inspector = document.querySelector('section[aria-label="Loop inspector"]');
    const seen = [];
    // An idle C++ loop still ticks every frame: a few events a frame, for a second.
    for (let i = 0; i < 60; i++) {
      lab.store.appendCore(loop.frameTick());
      await new Promise((r) => requestAnimationFrame(() => r()));
      seen.push([scrub.max, inspector.dataset.at]);
    }
    return { frames: seen.length, differ: seen.filter(([max, at]) => max !== at) };
  });
  assert.deepEqual(mismatches.differ, [], `of ${mismatches.frames} frames`);
});

test('with reduced motion the frames do not animate', async () => {
  await open();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await run(() => window.lab.scenario.roundRobin());
  assert.equal(await page.locator('.ll-views').getAttribute('data-reduced-motion'), 'true');
  // Updates come in steps (at most two a second), so wait for the step that shows the tasks.
  await page.locator('[aria-label="Tasks"] li').first().waitFor();
  const transition = await page.locator('[aria-label="Tasks"] li').first().evaluate((e) => getComputedStyle(e).transitionDuration);
  assert.equal(transition, '0s');
});

test('the timeline follows the page\'s dark theme', async () => {
  await open();
  const corner = () =>
    page.locator('.ll-stage canvas').evaluate((c) => [...c.getContext('2d').getImageData(2, 2, 1, 1).data.slice(0, 3)]);
  await run(() => window.lab.scenario.timers());
  const light = await corner();
  await run(() => (document.documentElement.dataset.theme = 'dark'));
  const dark = await corner();
  await run(() => delete document.documentElement.dataset.theme);
  assert.ok(light.every((v) => v > 200), `light background ${light}`);
  assert.ok(dark.every((v) => v < 60), `dark background ${dark}`);
});

test('with more tasks than rows, the C++ lane scrolls by button, key and wheel', async () => {
  await open();
  await run(() => window.lab.scenario.many(40, 2000));
  const timeline = page.getByRole('region', { name: 'Timeline' });
  assert.equal(await timeline.getAttribute('data-rows'), '40');
  assert.equal(await timeline.getAttribute('data-first-row'), '0');
  const earlier = page.getByRole('button', { name: 'Earlier tasks' });
  assert.equal(await earlier.isDisabled(), true);
  await page.getByRole('button', { name: 'Later tasks' }).click();
  await drawn();
  assert.equal(await timeline.getAttribute('data-first-row'), '14');
  const names = new Set((await targets('[data-kind="bar"]')).map((b) => b.name));
  assert.ok(names.has('task 14') && !names.has('task 0'), `rows shown: ${[...names].slice(0, 5)}`);
  await page.locator('.ll-target[data-kind="bar"]').first().focus();
  await page.keyboard.press('PageUp');
  await drawn();
  assert.equal(await timeline.getAttribute('data-first-row'), '0');
  const lane = await page.locator('.ll-stage canvas').boundingBox();
  await page.mouse.move(lane.x + lane.width / 2, lane.y + 90);
  await page.mouse.wheel(0, 100);
  await drawn();
  assert.equal(await timeline.getAttribute('data-first-row'), '3');
});
