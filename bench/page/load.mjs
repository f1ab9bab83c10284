// Page load figures (printed, never pass/fail), on localhost in headless
// Chromium, from navigation:
//   - full page: when the first printed line of a Run appears (Run clicked as
//     soon as the button exists), and the gzipped bytes fetched before it;
//     whether the TypeScript worker was among them (it should load afterwards);
//   - embed.html?autorun=1: when its first printed line appears, and the
//     gzipped bytes fetched before it;
//   - where that time goes: the median time of each step on the way (the
//     page's performance marks `looplab:*`, and when the page itself had the
//     worker code and .wasm), so a change shows which step it moved.
// DIST=<dir> measures another build than dist/ (to compare two builds).
// The static server sends files uncompressed, so "gzipped" is each fetched
// file gzipped here (level 9), which is what a compressing host would send.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openBrowser } from '../../tests/page/harness.mjs';

const REPEATS = Number(process.env.REPEATS ?? 5);
const dist = process.env.DIST ?? 'dist';
const browser = await openBrowser({ dist });

// Records, in the page, when the first printed line appears (ms since navigation).
const FIRST_LINE = () => {
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-loop]')) {
      window.__firstLineMs = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

async function gzBytes(urls) {
  let total = 0;
  for (const url of urls) {
    const path = decodeURIComponent(new URL(url).pathname);
    const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
    total += gzipSync(await readFile(file), { level: 9 }).length;
  }
  return total;
}

async function measure(path, clickRun) {
  const page = await browser.context.newPage();
  await page.addInitScript(FIRST_LINE);
  const fetched = [];
  page.on('request', (r) => {
    if (r.url().startsWith(browser.baseUrl)) fetched.push({ url: r.url(), at: Date.now() });
  });
  // also count worker requests made by the page's workers (Monaco's)
  page.on('worker', (w) => fetched.push({ url: w.url(), at: Date.now() }));
  await page.goto(browser.baseUrl + path, { waitUntil: 'commit' });
  if (clickRun) await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => window.__firstLineMs !== undefined, null, { timeout: 20_000 });
  const firstLineMs = await page.evaluate(() => window.__firstLineMs);
  const marks = await page.evaluate(() => ({
    ...Object.fromEntries(
      performance
        .getEntriesByType('resource')
        .filter((r) => /\/(worker-[^/]*\.js|[^/]*\.wasm)$/.test(r.name))
        .map((r) => [r.name.endsWith('.wasm') ? 'wasm-received' : 'worker-code-received', Math.round(r.responseEnd)]),
    ),
    ...Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('looplab:')).map((m) => [m.name.slice(8), Math.round(m.startTime)])),
  }));
  const cutoff = Date.now();
  const before = [...new Set(fetched.filter((f) => f.at <= cutoff && f.url.startsWith('http')).map((f) => f.url.split('#')[0]))];
  const bytes = await gzBytes(before);
  const tsWorkerBefore = before.some((u) => u.includes('ts.worker'));
  await page.close();
  if (process.env.VERBOSE) console.log(path || 'index', JSON.stringify({ ...marks, firstLine: Math.round(firstLineMs) }));
  return { firstLineMs, bytes, files: before.length, tsWorkerBefore, marks };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The median time of each step, in the order the steps happen.
function medianSteps(runs) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.marks)))];
  const steps = names.map((name) => [name, median(runs.flatMap((r) => (name in r.marks ? [r.marks[name]] : [])))]);
  steps.push(['first line', median(runs.map((r) => r.firstLineMs))]);
  return steps.sort((a, b) => a[1] - b[1]);
}
const rows = [];
for (const [name, path, click] of [
  ['full page: Run works (first line)', '', true],
  ['embed.html?autorun=1: first line', 'embed.html?autorun=1', false],
]) {
  const runs = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await measure(path, click));
  rows.push({
    name,
    ms: median(runs.map((r) => r.firstLineMs)),
    msRange: `${Math.round(Math.min(...runs.map((r) => r.firstLineMs)))}-${Math.round(Math.max(...runs.map((r) => r.firstLineMs)))}`,
    kb: median(runs.map((r) => r.bytes)) / 1024,
    files: median(runs.map((r) => r.files)),
    tsWorkerBefore: runs.some((r) => r.tsWorkerBefore),
    steps: medianSteps(runs),
  });
}
await browser.close();

console.log(`page load, headless Chromium on localhost, median of ${REPEATS} (from navigation)`);
console.log('what                                    | ms (median) | ms (min-max) | KB gzipped fetched before | files | TS worker before?');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(39)} | ${r.ms.toFixed(0).padStart(11)} | ${r.msRange.padStart(12)} | ${r.kb.toFixed(1).padStart(25)} | ${String(r.files).padStart(5)} | ${r.tsWorkerBefore ? 'yes' : 'no'}`,
  );
}
console.log('\nwhere the time goes (median ms from navigation of each step; the sandbox steps are looplab:* marks):');
for (const r of rows) console.log(`${r.name.padEnd(39)} | ${r.steps.map(([name, ms]) => `${name} ${Math.round(ms)}`).join(', ')}`);
console.log('targets (issue 4): full page <= 1500 ms and <= 1200 KB gz, TS worker after; embed first line <= 500 ms and <= 200 KB gz');
