// How much compiling of the C++ runtime's wasm a page's runs cause: the ms of
// V8's wasm compile jobs (wasm.ExecuteCompilationUnits in a Chromium trace;
// most of it is V8 optimising the hot functions a run uses) from Run until
// 0.5 s after the run ends, for a first and a second run of the same snippet
// in one page (bench/page/page-tasks.mjs's 10,000 tasks). That work runs on
// background threads, so on a 2-core machine it takes a core from the page
// and the run. The sandbox frame compiles the module once and every run's
// worker shares it (web/src/sandbox/frame.js), so a second run should need
// next to none.
// Figures only, never pass/fail. Run: node bench/page/wasm-compile.mjs
// (BROWSERS=n fresh pages, default 3; DIST=dir for another build).
import { median, openPlaygroundWithMonaco, runCountingFrames, spawnTasksSnippet } from './playground.mjs';

const BROWSERS = Math.max(1, Number(process.env.BROWSERS ?? 3));
const CODE = spawnTasksSnippet(10_000);

/** ms of wasm compile jobs in each [start, end] window (trace microseconds). */
function compileMs(events, windows) {
  return windows.map(([start, end]) =>
    events
      .filter((e) => e.ph === 'X' && e.name === 'wasm.ExecuteCompilationUnits' && e.ts >= start && e.ts < end)
      .reduce((ms, e) => ms + e.dur / 1000, 0),
  );
}

const results = [];
for (let b = 0; b < BROWSERS; b++) {
  const { browser, page } = await openPlaygroundWithMonaco();
  try {
    await page.waitForTimeout(1000);
    await page.evaluate((code) => window.__looplab.setCode(code), CODE);
    const cdp = await page.context().newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
    const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'blink.user_timing'] },
      transferMode: 'ReportEvents',
    });
    for (const n of [1, 2]) {
      await page.evaluate((name) => performance.mark(name), `wasm-compile:run${n}`);
      await runCountingFrames(page); // Run, until 0.5 s after the run ends
      await page.evaluate((name) => performance.mark(name), `wasm-compile:end${n}`);
    }
    await cdp.send('Tracing.end');
    await complete;
    const at = (name) => events.find((e) => e.name === name)?.ts ?? NaN;
    const [first, second] = compileMs(events, [1, 2].map((n) => [at(`wasm-compile:run${n}`), at(`wasm-compile:end${n}`)]));
    console.log(`wasm compiling during a 10,000-task run: first run ${first.toFixed(0)} ms, second run ${second.toFixed(0)} ms`);
    results.push({ first, second });
  } finally {
    await browser.close();
  }
}
console.log(
  `wasm compiling during a 10,000-task run, median of ${results.length} pages: ` +
    `first run ${median(results.map((r) => r.first)).toFixed(0)} ms, second run ${median(results.map((r) => r.second)).toFixed(0)} ms`,
);
