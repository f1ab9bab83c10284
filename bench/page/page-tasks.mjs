// The playground page itself (Monaco, output, views and the sandbox together)
// while a snippet spawns 10,000 tasks that yield twice (130,118 trace events): animation-frame
// intervals on the page from Run until the run is done and the views have
// had half a second to catch up. bench/page/views-render.mjs measures the
// views alone on a synthetic trace; this is what a learner's page does.
//
// Four runs, each first run in a fresh browser:
//  - first run, Run pressed as soon as the page has set the code (an example
//    chosen, a link opened);
//  - second run of the same page, the code unchanged;
//  - first run, Run pressed right after the learner typed into the editor:
//    touching the editor starts Monaco's TypeScript checker (editor/monaco.ts),
//    whose first program and checks take about 1.9 s of a core; the run shares the
//    CPU with it;
//  - first run, Run pressed after the page sat idle for 6 s (a learner reading
//    the example first): a fresh page's first run then missed more frames than
//    one pressed at 1 s (28 against 10 frames over 25 ms in 12 browsers each).
//    In traces, such a run's raster threads spend ~40 ms filling raster
//    buffers anew (ZeroCopyRasterBuffer::Playback), which a run at 1 s reuses.
// Each is measured in BROWSERS fresh browsers (default 3): on this 2-core
// machine one browser's figure varies by a few frames a second from the next,
// so each is printed, then the median of them.
// Figures only, never pass/fail. Run: node bench/page/page-tasks.mjs
// (TASKS=n for another count, YIELDS=n yields a task; BROWSERS=n; DIST=dir for another build).
// Each run prints how many trace events the views took in (the scrubber's count):
// the target is 10,000 tasks and 100,000 events.
import { median, openPlaygroundWithMonaco, runCountingFrames, spawnTasksSnippet } from './playground.mjs';

const TASKS = Number(process.env.TASKS ?? 10_000);
const YIELDS = Number(process.env.YIELDS ?? 2);
const BROWSERS = Math.max(1, Number(process.env.BROWSERS ?? 3));
const CODE = spawnTasksSnippet(TASKS, YIELDS);

/** A fresh browser with the playground open and Monaco loaded, given time to settle. */
async function openPlayground() {
  const { browser, page } = await openPlaygroundWithMonaco();
  // Monaco goes on setting itself up for a while after it shows; a learner reads first.
  await page.waitForTimeout(1000);
  return { browser, page };
}

/** Sets the code (then types a space at its end, with `typed`), presses Run and counts frames until 0.5 s after the run. */
async function measureRun(page, { typed = false } = {}) {
  await page.evaluate((code) => window.__looplab.setCode(code), CODE);
  if (typed) {
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' ');
  }
  const { ranMs, intervals, spanMs } = await runCountingFrames(page);
  // What the views took in, as the scrubber says it ("Live: 120,123 events").
  const events = Number((await page.locator('.ll-position').textContent()).replace(/[^0-9]/g, ''));
  const sorted = [...intervals].sort((x, y) => x - y);
  return {
    ranMs,
    events,
    frames: intervals.length,
    fps: (intervals.length / spanMs) * 1000,
    p95: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    late: intervals.filter((x) => x > 25).length,
  };
}

const SCENARIOS = [
  'first run, Run pressed as the page set the code',
  'second run',
  'first run, Run pressed right after typing in the editor',
  'first run, Run pressed after the page sat idle for 6 s',
];
/** How long the idle scenario's page sits before Run, counted from Monaco's load. */
const IDLE_MS = 6000;

function report(run, r) {
  console.log(
    `playground page, ${run}: ${TASKS} tasks spawned, ${r.events} trace events; the run took ${r.ranMs.toFixed(0)} ms; ` +
      `${r.fps.toFixed(1)} frames a second (until 0.5 s after it), frame interval p95 ${r.p95.toFixed(1)} / max ${r.max.toFixed(1)} ms, ` +
      `${r.late} of ${r.frames} frames over 25 ms`,
  );
}

const results = new Map(SCENARIOS.map((s) => [s, []]));
const measured = (scenario, r) => {
  report(scenario, r);
  results.get(scenario).push(r);
};

/** Runs `measure(page)` in a fresh browser with the playground open (see openPlayground), then closes it. */
async function inFreshPage(measure) {
  const { browser, page } = await openPlayground();
  try {
    await measure(page);
  } finally {
    await browser.close();
  }
}

for (let b = 0; b < BROWSERS; b++) {
  await inFreshPage(async (page) => {
    measured(SCENARIOS[0], await measureRun(page));
    measured(SCENARIOS[1], await measureRun(page));
  });
  await inFreshPage(async (page) => measured(SCENARIOS[2], await measureRun(page, { typed: true })));
  await inFreshPage(async (page) => {
    await page.waitForTimeout(IDLE_MS - 1000); // openPlayground waited the first second
    measured(SCENARIOS[3], await measureRun(page));
  });
}
for (const [scenario, rs] of results) {
  const fps = rs.map((r) => r.fps);
  console.log(
    `playground page, ${scenario}, median of ${rs.length} browsers: ${median(fps).toFixed(1)} frames a second ` +
      `(${Math.min(...fps).toFixed(1)}-${Math.max(...fps).toFixed(1)}), ${median(rs.map((r) => r.late))} frames over 25 ms`,
  );
}
