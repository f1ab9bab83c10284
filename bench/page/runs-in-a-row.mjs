// The same 10,000-task run (bench/page/page-tasks.mjs's snippet) five times in
// a row in one page: for each run's place in the row, the frames over 25 ms
// and the CPU the browser spent from Run until 0.5 s after the run, by kind
// of thread. It shows how a page warms up: its first runs pay for V8
// compiling and optimising the page's code, and for its heap growing, on the
// renderers' thread pools and main threads; later runs do not. On a 2-core
// machine that extra work is what makes a first run's frames late.
// The CPU figures come from /proc (Linux): the ms each thread of every
// Chromium process ran, summed by kind (the playground and the sandbox frame
// are two renderer processes; "pool" is a renderer's ThreadPoolForegroundWorker
// threads: V8's compilers and garbage collector, and raster). One browser runs
// at a time, so every Chromium thread on the machine is this bench's.
// Figures only, never pass/fail. Run: node bench/page/runs-in-a-row.mjs
// (RUNS=n in a row, default 5; BROWSERS=n fresh browsers, default 3; DIST=dir for another build).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { median, openPlaygroundWithMonaco, runCountingFrames, spawnTasksSnippet } from './playground.mjs';

const RUNS = Math.max(1, Number(process.env.RUNS ?? 5));
const BROWSERS = Math.max(1, Number(process.env.BROWSERS ?? 3));
const CODE = spawnTasksSnippet(10_000);
const MS_PER_TICK = 10; // /proc's clock ticks: 100 a second (getconf CLK_TCK) on Linux
const KINDS = ['renderer main', 'renderer pool', 'renderer compositor', 'workers', 'GPU process', 'browser process', 'other'];

/** The kind of a Chromium thread, from its process's type and its own name. */
function kindOf(processType, thread) {
  if (processType === 'renderer') {
    if (thread === 'chromium' || thread.startsWith('CrRendererMain')) return 'renderer main';
    if (thread.startsWith('ThreadPoolForeg')) return 'renderer pool';
    if (thread.startsWith('Compositor')) return 'renderer compositor';
    if (thread.startsWith('DedicatedWorker')) return 'workers';
    return 'other';
  }
  if (processType === 'gpu-process') return 'GPU process';
  if (processType === 'browser') return 'browser process';
  return 'other';
}

/** CPU ms so far of every Chromium thread: Map `pid:tid` -> { kind, ms }. */
function cpuByThread() {
  const threads = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!/chrom/i.test(readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
      const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ms = (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK; // utime + stime
        threads.set(`${pid}:${tid}`, { kind: kindOf(type, name), ms });
      }
    } catch {
      // The process or thread ended while being read: it is not this run's.
    }
  }
  return threads;
}

/** CPU ms by kind between two cpuByThread() readings. */
function spent(before, after) {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const [key, { kind, ms }] of after) byKind[kind] += Math.max(0, ms - (before.get(key)?.ms ?? 0));
  return byKind;
}

if (!existsSync('/proc/self/stat')) {
  console.log('runs in a row: skipped (it reads each thread\'s CPU time from /proc, which only Linux has)');
  process.exit(0);
}

const byRun = Array.from({ length: RUNS }, () => []);
for (let b = 0; b < BROWSERS; b++) {
  const { browser, page } = await openPlaygroundWithMonaco();
  try {
    await page.waitForTimeout(1000);
    await page.evaluate((code) => window.__looplab.setCode(code), CODE);
    for (let r = 0; r < RUNS; r++) {
      const before = cpuByThread();
      const { intervals } = await runCountingFrames(page);
      const frames = { count: intervals.length, late: intervals.filter((x) => x > 25).length };
      byRun[r].push({ ...frames, cpu: spent(before, cpuByThread()) });
      await page.waitForTimeout(800);
    }
  } finally {
    await browser.close();
  }
}

byRun.forEach((rs, r) => {
  const late = rs.reduce((n, x) => n + x.late, 0);
  const frames = rs.reduce((n, x) => n + x.count, 0);
  const total = median(rs.map((x) => KINDS.reduce((ms, k) => ms + x.cpu[k], 0)));
  const parts = KINDS.map((k) => `${k} ${median(rs.map((x) => x.cpu[k]))}`).join(', ');
  console.log(
    `run ${r + 1} in a row (${rs.length} browsers): ${late} of ${frames} frames over 25 ms; ` +
      `browser CPU ${total} ms (median): ${parts}`,
  );
});
