// Bundles the views' TypeScript for tests that run without the page: the trace
// model in node, and the views alone in Chromium (a fixture page fed with
// synthetic traces). rolldown is the bundler vite 8 itself uses, so the code
// under test is the code the page ships.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

// CSS imports become a <style> element, as vite does in development.
const cssAsStyle = {
  name: 'css-as-style',
  transform(code, id) {
    if (!id.endsWith('.css')) return null;
    return {
      code: `const s = document.createElement('style'); s.textContent = ${JSON.stringify(code)}; document.head.append(s); export default '';`,
      moduleType: 'js',
    };
  },
};

/** Bundles `source` (module text importing repo files by absolute path) into one ES module file; returns its path. */
export async function bundle(source, name = 'entry') {
  const dir = await mkdtemp(join(tmpdir(), 'looplab-views-'));
  const entry = join(dir, `${name}.ts`);
  await writeFile(entry, source);
  const build = await rolldown({ input: entry, plugins: [cssAsStyle], logLevel: 'warn' });
  const file = join(dir, `${name}.mjs`);
  await build.write({ file, format: 'esm' });
  await build.close();
  return { dir, file };
}

/** Imports the trace model (store, replay, builder, synthetic loop) into node. */
export async function importTraceModel() {
  const src = ['format', 'store', 'loopState', 'builder', 'synthetic', 'traceIndex', 'spans']
    .map((m) => `export * from ${JSON.stringify(join(repo, 'web/src/trace', `${m}.ts`))};`)
    .join('\n');
  const { file } = await bundle(src, 'trace-model');
  return import(file);
}

export { repo };

/**
 * Builds a page with only the views, fed from synthetic traces, for browser
 * tests that must not wait for the playground or the runtime. `window.lab`
 * holds the store, a TraceFeed over it (paced as the page's runner feeds it),
 * a RunControl that records calls and steps a synthetic loop, and the
 * scenarios the tests replay. Returns the directory to serve.
 */
export async function bundleViewsFixture() {
  const src = (m) => JSON.stringify(join(repo, 'web/src', m));
  const entry = `
import { mountViews } from ${src('views/index.ts')};
import { TraceStore } from ${src('trace/store.ts')};
import { TraceFeed } from ${src('runner/traceFeed.ts')};
import { SyntheticLoop, jsCallback } from ${src('trace/synthetic.ts')};

let store;
let traceFeed;
let handle;
const calls = [];
let loop = new SyntheticLoop();
const control = {
  pause() { calls.push('pause'); },
  resume() { calls.push('resume'); },
  step() { calls.push('step'); store.appendCore(loop.frameTick(1)); },
  setSpeed(f) { calls.push('speed ' + f); },
};
const host = document.getElementById('host');
/** A fresh store and freshly mounted views, as a page load would give. */
function remount(capacity = 1000000) {
  handle?.unmount();
  calls.length = 0;
  loop = new SyntheticLoop();
  store = new TraceStore({ capacity });
  traceFeed = new TraceFeed(store);
  handle = mountViews(host, store, control);
}
remount();
const feed = (batches) => { for (const b of batches) store.appendCore(b); };
const rr = (l, names, yields) => names.map((n) => l.spawn(n, [...Array(yields).fill({ runMs: 1, then: 'yield' }), { runMs: 1, then: 'done' }]));

const scenario = {
  // The talk's run(): tasks that yield and go to the back of the queue.
  roundRobin() {
    loop = new SyntheticLoop();
    const ids = rr(loop, ['hello', 'goodbye', 'again'], 3);
    store.appendCore(loop.frameTick(0));
    return ids;
  },
  // A task that spins for 1.5 s inside one resume: both loops stand still.
  busyWait() {
    loop = new SyntheticLoop();
    loop.spawn('spin', [{ runMs: 1500, then: 'done' }]);
    loop.spawn('after', [{ runMs: 1, then: 'done' }]);
    const batches = loop.runUntilIdle();
    feed(batches);
    const start = batches[0].wallMs;
    store.appendBlocked(start, start + 1500);
    store.appendJs(jsCallback('setTimeout', 1, start - 5, start + 1500.5, 0.2, { delayMs: 0, label: 'tick' }));
  },
  // The talk's setTimeout example on both loops: 'goodbye' after 1 s, 'hello' after 0.5 s.
  timers() {
    loop = new SyntheticLoop();
    loop.callLater(1.0, 0.1);
    loop.callLater(0.5, 0.1);
    loop.spawn('sleeper', [{ runMs: 0.2, then: { sleepS: 0.3 } }, { runMs: 0.2, then: 'done' }]);
    feed(loop.runUntilIdle());
    store.appendJs([
      ...jsCallback('setTimeout', 1, 0.2, 1001.3, 0.1, { delayMs: 1000, label: 'goodbye' }),
      ...jsCallback('setTimeout', 2, 0.3, 500.9, 0.1, { delayMs: 500, label: 'hello' }),
      ...jsCallback('promise', 3, 0.3, 0.4, 0.05),
    ]);
  },
  // A fast stream when fed a batch a frame: 2,000 tasks that yield six times,
  // ~70 batches of ~800 events (thousands between two refreshes of the views).
  // Returns the batches, for the test to feed.
  fastStreamBatches() {
    loop = new SyntheticLoop({ budgetMs: 2 });
    for (let i = 0; i < 2000; i++) loop.spawn('t' + i, [...Array(6).fill({ runMs: 0.01, then: 'yield' }), { runMs: 0.01, then: 'done' }]);
    return loop.runUntilIdle();
  },
  many(tasks, events) {
    loop = new SyntheticLoop({ budgetMs: 0 });
    const perTask = Math.max(1, Math.round(events / tasks / 4));
    rr(loop, Array.from({ length: tasks }, (_, i) => 'task ' + i), perTask);
    feed(loop.runUntilIdle());
  },
};

window.lab = {
  calls, scenario, jsCallback, remount, SyntheticLoop,
  get store() { return store; },
  get feed() { return traceFeed; },
  get handle() { return handle; },
  get loop() { return loop; },
  /**
   * Resolves once the views have drawn what is in the store, DOM included
   * (a streaming run refreshes the DOM a few times a second).
   */
  frame: () =>
    new Promise((ok) => {
      const views = document.querySelector('.ll-views');
      const check = () => {
        if (views.dataset.revision === String(store.revision)) ok();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(() => requestAnimationFrame(check));
    }),
};
`;
  const { dir } = await bundle(entry, 'fixture');
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>views fixture</title></head>' +
      '<body><main id="host"></main><script type="module" src="./fixture.mjs"></script></body></html>',
  );
  return dir;
}
