// Rendering benchmark of the views (issue 5): with 10,000 tasks and 100,000
// core events streaming in, one batch per animation frame as the runtime
// sends them, does the page keep 60 frames per second? Prints figures, never
// passes or fails. Run: node bench/page/views-render.mjs (or npm run bench:page).
//
// The trace is synthetic (web/src/trace/synthetic.ts writes the events the C++
// loop writes), so this measures the views alone: the store's appends and the
// redraws of timeline, inspector and log, in headless Chromium. Batches go
// through a TraceFeed as the page's runner sends them (web/src/runner/traceFeed.ts),
// which applies them a few ms per frame; frames are counted until the feed is
// empty and the views have drawn its last event, so the lag it adds shows.
//
// The stream runs twice in one page: first in a fresh page (its code not yet
// optimised, as a learner's first Run), then again after a remount (as the
// next Run). Before each, the synthetic trace is made and the garbage of
// making it collected (Chromium runs with --expose-gc), so the figures are
// the views' own and not the generator's.
import { openBrowser } from '../../tests/page/harness.mjs';
import { bundleViewsFixture } from '../../tests/page/views-bundle.mjs';

const TASKS = Number(process.env.TASKS ?? 10_000);
const EVENTS = Number(process.env.EVENTS ?? 100_000);

const browser = await openBrowser({ dist: await bundleViewsFixture(), args: ['--js-flags=--expose-gc'] });
try {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(browser.baseUrl);
  await page.waitForFunction(() => window.lab !== undefined);
  for (const run of ['first run, fresh page', 'second run, after a remount']) {
  const r = await page.evaluate(
    async ({ tasks, events }) => {
      const lab = window.lab;
      lab.remount();
      // Round-robin tasks that yield once: ~9 events each, about `events` in all.
      const loop = new lab.SyntheticLoop({ budgetMs: 8 });
      const yields = Math.max(1, Math.round((events / tasks - 5) / 4));
      for (let i = 0; i < tasks; i++) {
        loop.spawn(`task ${i}`, [...Array(yields).fill({ runMs: 0.03, then: 'yield' }), { runMs: 0.03, then: 'done' }]);
      }
      const batches = loop.runUntilIdle();
      const total = batches.reduce((n, b) => n + b.count, 0);
      window.gc?.();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

      // Time every animation-frame callback the views and the feed run, and
      // the store's appends (the feed's slices) wherever they happen.
      const raf = window.requestAnimationFrame.bind(window);
      let viewsMs = 0;
      let appendMs = 0;
      let appendInCallbacksMs = 0;
      let inCallback = false;
      const store = lab.store;
      const feed = lab.feed;
      const storeAppend = store.appendCore.bind(store);
      store.appendCore = (batch) => {
        const s = performance.now();
        storeAppend(batch);
        const d = performance.now() - s;
        appendMs += d;
        if (inCallback) appendInCallbacksMs += d;
      };
      // A frame whose draw refreshed the DOM (inspector, log, overlay) moves
      // the views' data-revision; the others only painted the canvas.
      const views = document.querySelector('.ll-views');
      let detailFrame = false;
      let sent = 0;
      let lastSentAt = NaN;
      let drawnAt = NaN;
      const allDrawn = () => sent === batches.length && feed.pendingEvents === 0 && views.dataset.revision === String(store.revision);
      window.requestAnimationFrame = (cb) =>
        raf((t) => {
          const before = views.dataset.revision;
          const s = performance.now();
          inCallback = true;
          cb(t);
          inCallback = false;
          viewsMs += performance.now() - s;
          if (views.dataset.revision !== before) detailFrame = true;
          if (Number.isNaN(drawnAt) && allDrawn()) drawnAt = performance.now();
        });
      const detailCost = [];
      const canvasCost = [];
      const stamps = [];
      const viewCost = [];
      const appendCost = [];
      let maxBacklog = 0;
      let framesAfterLast = 0;
      await new Promise((done) => {
        const frame = (t) => {
          stamps.push(t);
          // The views' own work: their callbacks less the store appends the feed made in its callback.
          const own = viewsMs - appendInCallbacksMs;
          viewCost.push(own);
          (detailFrame ? detailCost : canvasCost).push(own);
          appendCost.push(appendMs);
          viewsMs = appendMs = appendInCallbacksMs = 0;
          detailFrame = false;
          if (sent === batches.length) {
            framesAfterLast++;
            // Ten seconds without the last event drawn: say so rather than wait forever.
            if (!Number.isNaN(drawnAt) || framesAfterLast > 600) return done();
          } else {
            feed.appendCore(batches[sent++]);
            if (sent === batches.length) lastSentAt = performance.now();
          }
          maxBacklog = Math.max(maxBacklog, feed.pendingEvents);
          raf(frame);
        };
        raf(frame);
      });
      await lab.frame();
      window.requestAnimationFrame = raf;
      delete store.appendCore;

      const intervals = stamps.slice(2).map((t, k) => t - stamps[k + 1]);
      const pct = (xs, p) => {
        const s = [...xs].sort((a, b) => a - b);
        return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
      };
      const elapsed = (stamps.at(-1) ?? 0) - (stamps[1] ?? 0);
      // Scrubbing after the run: the state at the middle, then one step later.
      const middle = Math.floor(lab.store.endIndex / 2);
      let s = performance.now();
      lab.store.stateAt(middle);
      const scrubFar = performance.now() - s;
      s = performance.now();
      lab.store.stateAt(middle + 5);
      const scrubNear = performance.now() - s;
      return {
        total,
        batches: batches.length,
        frames: intervals.length,
        framesAfterLast,
        lag: drawnAt - lastSentAt,
        maxBacklog,
        tasks,
        fps: ((intervals.length) / elapsed) * 1000,
        interval: [pct(intervals, 50), pct(intervals, 95), Math.max(...intervals)],
        late: intervals.filter((x) => x > 1.5 * (1000 / 60)).length,
        view: [pct(viewCost.slice(1), 50), pct(viewCost.slice(1), 95), Math.max(...viewCost.slice(1))],
        canvas: [pct(canvasCost, 50), pct(canvasCost, 95), Math.max(...canvasCost)],
        detail: [pct(detailCost, 50), pct(detailCost, 95), Math.max(...detailCost)],
        detailFrames: detailCost.length,
        append: [pct(appendCost.slice(1), 50), pct(appendCost.slice(1), 95), Math.max(...appendCost.slice(1))],
        scrubFar,
        scrubNear,
        targets: document.querySelector('section[aria-label="Timeline"]').dataset.targets,
      };
    },
    { tasks: TASKS, events: EVENTS },
  );
  const f = (xs) => xs.map((x) => x.toFixed(2)).join(' / ');
  console.log(`views render, ${run}: ${r.tasks} tasks, ${r.total} core events streamed in ${r.batches} batches (one per frame, through the TraceFeed)`);
  console.log(`  frames per second while streaming and catching up: ${r.fps.toFixed(1)}`);
  console.log(`  frame interval ms (median / p95 / max): ${f(r.interval)}; frames over 25 ms: ${r.late} of ${r.frames}`);
  const lag = Number.isNaN(r.lag) ? 'not drawn after 600 frames' : `${r.lag.toFixed(1)} ms (${r.framesAfterLast} frames)`;
  console.log(`  last batch sent to last event drawn: ${lag}; largest backlog: ${r.maxBacklog} core events`);
  console.log(`  views' frame callbacks ms per frame, store appends left out (median / p95 / max): ${f(r.view)}`);
  console.log(`    canvas-only frames (median / p95 / max): ${f(r.canvas)}`);
  console.log(`    frames that also refreshed the DOM, ${r.detailFrames} of them (median / p95 / max): ${f(r.detail)}`);
  console.log(`  store appends ms per frame (median / p95 / max): ${f(r.append)}`);
  console.log(`  scrub to the middle: ${r.scrubFar.toFixed(2)} ms; one step further: ${r.scrubNear.toFixed(2)} ms`);
  console.log(`  focusable timeline items after the run: ${r.targets}`);
  }
} finally {
  await browser.close();
}
