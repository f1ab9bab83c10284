// The trace model behind the timeline, the loop inspector and the event log,
// checked in node on synthetic traces written to docs/trace-format.md.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bundle, importTraceModel, repo } from './views-bundle.mjs';

let T;
let Layout;
before(async () => {
  T = await importTraceModel();
  const { file } = await bundle(`export * from ${JSON.stringify(join(repo, 'web/src/views/timelineLayout.ts'))};`, 'timeline-layout');
  Layout = await import(file);
});

/** The talk's round-robin: each task yields `n` times, then finishes. */
function roundRobin(loop, names, yields) {
  return names.map((name) => loop.spawn(name, [...Array(yields).fill({ runMs: 1, then: 'yield' }), { runMs: 1, then: 'done' }]));
}

function feed(store, batches) {
  for (const b of batches) store.appendCore(b);
}

test('stepping through a round-robin rotates the ready queue front to back, as the talk\'s run() does', () => {
  const loop = new T.SyntheticLoop();
  const store = new T.TraceStore();
  const [a, b, c] = roundRobin(loop, ['a', 'b', 'c'], 2);
  store.appendCore(loop.frameTick(0)); // spawns only
  assert.deepEqual(store.stateAt(store.endIndex).readyQueue(), [a, b, c]);
  const seen = [];
  for (let i = 0; i < 3; i++) {
    store.appendCore(loop.frameTick(1)); // exactly one resume
    seen.push(store.stateAt(store.endIndex).readyQueue());
  }
  assert.deepEqual(seen, [[b, c, a], [c, a, b], [a, b, c]]);
});

test('the running item is the one between resume_begin and resume_end', () => {
  const loop = new T.SyntheticLoop();
  const store = new T.TraceStore();
  const [a] = roundRobin(loop, ['a'], 1);
  feed(store, loop.runUntilIdle());
  let sawRunning = false;
  for (let i = store.firstIndex; i <= store.endIndex; i++) {
    const s = store.stateAt(i);
    const inside = i > 0 && store.kindAt(i - 1) === T.Kind.resumeBegin;
    if (inside) {
      assert.equal(s.running, a);
      assert.equal(s.tasks.get(a).state, 'running');
      sawRunning = true;
    }
    if (i > 0 && store.kindAt(i - 1) === T.Kind.resumeEnd) assert.equal(s.running, 0);
  }
  assert.ok(sawRunning);
});

test('the timer heap lists pending timers in deadline order and loses them when they fire or are cancelled', () => {
  const b = new T.TraceBuilder();
  b.event(0, T.Kind.timerSet, 5, 0, 0.3)
    .event(0, T.Kind.timerSet, 6, 0, 0.1)
    .event(0, T.Kind.timerSet, 7, 0, 0.3)
    .event(0, T.Kind.timerSet, 8, 0, 0.2)
    .event(0.1, T.Kind.timerFired, 6, 0, 0.1)
    .event(0.1, T.Kind.timerCancelled, 8, 0, 0);
  const store = new T.TraceStore();
  store.appendCore(b.batch(0, 0));
  assert.deepEqual(store.stateAt(4).timerHeap().map((t) => t.id), [6, 8, 5, 7]);
  assert.deepEqual(store.stateAt(6).timerHeap().map((t) => t.id), [5, 7]);
});

test('each task\'s state follows the trace: ready, running, sleeping until t, waiting on X, done, failed, cancelled', () => {
  const K = T.Kind;
  const b = new T.TraceBuilder();
  b.name(1, 'sleeper').name(2, 'waiter').name(3, 'doomed').name(4, 'victim');
  for (const id of [1, 2, 3, 4]) b.event(0, K.taskSpawned, id).event(0, K.scheduled, id, T.Reason.spawn);
  b.event(0, K.resumeBegin, 1).event(0, K.timerSet, 9, 1, 0.5).event(0, K.suspended, 1, T.Wait.sleep, 0.5).event(0, K.resumeEnd, 1);
  b.event(0, K.resumeBegin, 2).event(0, K.suspended, 2, T.Wait.task, 1).event(0, K.resumeEnd, 2);
  b.event(0, K.resumeBegin, 3).event(0, K.taskFailed, 3).event(0, K.resumeEnd, 3);
  b.event(0, K.taskCancelled, 4);
  b.error(3, 'boom');
  const store = new T.TraceStore();
  store.appendCore(b.batch(0, 0));
  const s = store.stateAt(store.endIndex);
  assert.deepEqual(s.tasks.get(1), { state: 'sleeping', waitKind: T.Wait.sleep, waitValue: 0.5 });
  assert.deepEqual(s.tasks.get(2), { state: 'waiting', waitKind: T.Wait.task, waitValue: 1 });
  assert.equal(s.tasks.get(3).state, 'failed');
  assert.equal(s.tasks.get(4).state, 'cancelled');
  assert.equal(store.errors.get(3), 'boom');
  assert.equal(store.stateAt(8).tasks.get(1).state, 'ready');
  assert.equal(store.nameOf(2), 'waiter');
  assert.equal(store.nameOf(77), 'task 77');
});

test('each resume becomes a run bar on its task\'s row, callbacks share one row, waits fill the gaps', () => {
  const loop = new T.SyntheticLoop();
  const store = new T.TraceStore();
  const [a] = roundRobin(loop, ['a'], 2);
  const cb = loop.callSoon(2);
  feed(store, loop.runUntilIdle());
  const row = store.index.taskRows.get(a);
  assert.equal(row.bars.length, 3);
  for (const bar of T.runBars(row)) assert.ok(bar.endMs - bar.startMs > 0.99 && bar.endMs - bar.startMs < 1.01);
  assert.equal(row.gaps.length, 2);
  assert.ok(T.waitGaps(row).every((g) => g.waitKind === T.Wait.yield && g.toMs >= g.fromMs));
  assert.deepEqual(T.runBars(store.index.callbackRow).map((b) => b.id), [cb]);
});

test('a C++ timer\'s lateness is when it fired minus its deadline, quantised to frames', () => {
  const loop = new T.SyntheticLoop({ frameMs: 1000 / 60 });
  const store = new T.TraceStore();
  loop.spawn('sleeper', [{ runMs: 0, then: { sleepS: 0.5 } }, { runMs: 0, then: 'done' }]);
  const cb = loop.callLater(0.25, 1);
  feed(store, loop.runUntilIdle());
  const timers = [...store.index.timers.values()];
  assert.equal(timers.length, 2);
  for (const t of timers) {
    assert.ok(t.latenessMs >= 0 && t.latenessMs < 1000 / 60, `lateness ${t.latenessMs} within one frame`);
    assert.ok(Math.abs(t.firedMs - t.deadlineMs - t.latenessMs) < 1e-9);
  }
  assert.ok(timers.some((t) => t.id === cb && t.owner === 0));
  assert.ok(timers.some((t) => t.owner !== 0));
});

test('a JS timer\'s lateness is when it ran minus its deadline; each interval run is its own item', () => {
  const store = new T.TraceStore();
  store.appendJs(T.jsCallback('setTimeout', 1, 10, 513, 2, { delayMs: 500, label: 'hello' }));
  store.appendJs([
    { kind: 'js', api: 'setInterval', phase: 'scheduled', id: 2, ms: 0, delayMs: 100, deadlineMs: 100 },
    { kind: 'js', api: 'setInterval', phase: 'run_begin', id: 2, ms: 101, deadlineMs: 100 },
    { kind: 'js', api: 'setInterval', phase: 'run_end', id: 2, ms: 102 },
    { kind: 'js', api: 'setInterval', phase: 'run_begin', id: 2, ms: 204, deadlineMs: 200 },
    { kind: 'js', api: 'setInterval', phase: 'run_end', id: 2, ms: 205 },
    { kind: 'js', api: 'setInterval', phase: 'cancelled', id: 2, ms: 250 },
  ]);
  store.appendJs(T.jsCallback('promise', 3, 0, 1, 0.5));
  const [timeout] = store.index.jsRows.get('setTimeout').js;
  assert.equal(timeout.latenessMs, 3);
  assert.equal(timeout.label, 'hello');
  const runs = store.index.jsRows.get('setInterval').js;
  assert.deepEqual(runs.map((r) => [r.startMs, r.latenessMs, r.cancelled]), [[101, 1, false], [204, 4, false], [250, NaN, true]]);
  assert.ok(Number.isNaN(store.index.jsRows.get('promise').js[0].latenessMs), 'a promise reaction has no deadline');
});

test('each tick records how much of its frame budget it used', () => {
  const loop = new T.SyntheticLoop({ budgetMs: 8 });
  const store = new T.TraceStore();
  loop.spawn('worker', [{ runMs: 2, then: 'yield' }, { runMs: 2, then: 'done' }]);
  feed(store, loop.runUntilIdle());
  const ticks = store.index.ticks;
  assert.ok(ticks.length >= 2);
  const t = ticks[0];
  assert.equal(t.budgetS, 0.008);
  assert.ok(Math.abs(t.usedS - 0.002) < 1e-9);
  assert.equal(t.resumes, 1);
});

test('a busy-wait becomes one block with its length, whichever way the sandbox sends it', () => {
  const store = new T.TraceStore();
  store.appendBlocked(100, 1600);
  store.appendJs([{ kind: 'blocked', startMs: 2000, endMs: 2100 }]);
  assert.deepEqual(store.index.blocked, [{ startMs: 100, endMs: 1600 }, { startMs: 2000, endMs: 2100 }]);
  assert.equal(store.index.endMs, 2100);
});

test('the event log has one entry per run bar, wait, timer, JS callback and block the timeline draws', () => {
  const loop = new T.SyntheticLoop();
  const store = new T.TraceStore();
  roundRobin(loop, ['a', 'b'], 1);
  loop.callLater(0.05, 1);
  feed(store, loop.runUntilIdle());
  store.appendJs(T.jsCallback('setTimeout', 1, 0, 40, 1, { delayMs: 40 }));
  store.appendBlocked(10, 70);
  const ix = store.index;
  const count = (type) => [...ix.log].filter((e) => e.type === type).length;
  const bars = [...ix.taskRows.values(), ix.callbackRow].reduce((n, r) => n + r.bars.length, 0);
  const gaps = [...ix.taskRows.values()].reduce((n, r) => n + r.gaps.length, 0);
  assert.equal(count('run'), bars);
  assert.equal(count('wait'), gaps);
  assert.equal(count('timer'), ix.timers.size);
  assert.equal(count('js'), 1);
  assert.equal(count('blocked'), 1);
  assert.equal(count('spawn'), 2);
  assert.equal(count('final'), 2);
});

test('a bounded recording drops the oldest events, says how many, and still rebuilds every retained state exactly', () => {
  const make = () => {
    const loop = new T.SyntheticLoop({ budgetMs: 0 });
    roundRobin(loop, ['a', 'b', 'c', 'd'], 40);
    loop.spawn('sleepy', Array(10).fill({ runMs: 0.5, then: { sleepS: 0.03 } }));
    return loop.runUntilIdle();
  };
  const full = new T.TraceStore();
  feed(full, make());
  const bounded = new T.TraceStore({ capacity: 128 });
  feed(bounded, make());
  assert.equal(bounded.endIndex, full.endIndex);
  assert.ok(bounded.droppedByStore > 0);
  assert.equal(bounded.droppedByStore, bounded.firstIndex);
  assert.ok(bounded.length <= 128);
  const view = (s) => ({ q: s.readyQueue(), h: s.timerHeap().map((t) => t.id), r: s.running, t: [...s.tasks] });
  for (let i = bounded.firstIndex; i <= bounded.endIndex; i += 7) {
    assert.deepEqual(view(bounded.stateAt(i)), view(full.stateAt(i)), `state at ${i}`);
  }
  // The log keeps the newest entries, exactly as the unbounded one has them.
  const brief = (e) => `${e.type}@${e.ms}`;
  const kept = [...bounded.index.log].map(brief);
  assert.ok(kept.length > 0 && kept.length < full.index.log.length);
  assert.equal(bounded.index.logDropped + kept.length, full.index.log.length);
  assert.deepEqual(kept, [...full.index.log].slice(-kept.length).map(brief));
});

test('a long bounded run reuses the room of dropped runs and waits, and every kept bar, wait and log line stays exact', () => {
  const make = () => {
    const loop = new T.SyntheticLoop({ budgetMs: 0 });
    roundRobin(loop, ['a', 'b', 'c'], 1500);
    loop.spawn('sleepy', Array(200).fill({ runMs: 0.5, then: { sleepS: 0.01 } }));
    loop.spawn('fails', [{ runMs: 1, then: 'yield' }, { runMs: 1, then: 'fail' }]);
    return loop.runUntilIdle();
  };
  const full = new T.TraceStore();
  feed(full, make());
  const bounded = new T.TraceStore({ capacity: 2048 });
  feed(bounded, make());
  assert.ok(bounded.droppedByStore > 10_000, `dropped ${bounded.droppedByStore}`);
  const ix = bounded.index;
  const rows = [...ix.taskRows.values(), ix.callbackRow];
  const keptRuns = rows.reduce((n, r) => n + r.bars.length, 0);
  const keptWaits = rows.reduce((n, r) => n + r.gaps.length, 0);
  // The room taken stays in proportion to what is kept, not to the whole run:
  // a row's region is at most twice its items (or 4), and holes are under half of what is handed out.
  const bound = (kept) => Math.max(1024, 2 * (2 * kept + 4 * rows.length));
  assert.ok(ix.runColumns.used <= bound(keptRuns), `${ix.runColumns.used} slots for ${keptRuns} runs`);
  assert.ok(ix.waitColumns.used <= bound(keptWaits), `${ix.waitColumns.used} slots for ${keptWaits} waits`);
  // Each kept run and wait is the newest of its row in the unbounded store, number for number.
  for (const row of rows) {
    const whole = row.id === 0 ? full.index.callbackRow : full.index.taskRows.get(row.id);
    assert.deepEqual(T.runBars(row), T.runBars(whole).slice(-row.bars.length || Infinity), `runs of ${row.key}`);
    assert.deepEqual(T.waitGaps(row), T.waitGaps(whole).slice(-row.gaps.length || Infinity), `waits of ${row.key}`);
  }
  // So is each kept log line, whatever it points at.
  const line = (e) => JSON.stringify(e.type === 'timer' ? { ...e, timer: e.timer.id } : e);
  const kept = [...ix.log].map(line);
  assert.deepEqual(kept, [...full.index.log].slice(-kept.length).map(line));
  // Spawns and ends, kept as numbers, read back as what happened.
  const ends = [...full.index.log].filter((e) => e.type === 'final').map((e) => `${full.nameOf(e.id)} ${e.state}`);
  assert.deepEqual(ends.sort(), ['a done', 'b done', 'c done', 'fails failed', 'sleepy done']);
  const spawns = [...full.index.log].filter((e) => e.type === 'spawn').map((e) => `${full.nameOf(e.id)} from ${e.parent}`);
  assert.deepEqual(spawns, ['a from 0', 'b from 0', 'c from 0', 'sleepy from 0', 'fails from 0']);
});

test('the recording reads the same in chunks of any size: across chunk edges, after drops, and in the next run', () => {
  const make = (yields) => {
    const loop = new T.SyntheticLoop({ budgetMs: 0 });
    roundRobin(loop, ['a', 'b', 'c'], yields);
    loop.spawn('sleepy', Array(30).fill({ runMs: 0.5, then: { sleepS: 0.01 } }));
    loop.spawn('fails', [{ runMs: 1, then: 'yield' }, { runMs: 1, then: 'fail' }]);
    return loop.runUntilIdle();
  };
  const line = (e) => JSON.stringify(e.type === 'timer' ? { ...e, timer: e.timer.id } : e);
  const read = (store) => {
    const events = [];
    for (let i = store.firstIndex; i < store.endIndex; i++) {
      events.push([store.kindAt(i), store.idAt(i), store.refAt(i), store.msAt(i), store.timeAt(i), store.valueAt(i)]);
    }
    const states = [];
    for (let i = store.firstIndex; i <= store.endIndex; i += 13) {
      const s = store.stateAt(i);
      states.push([i, s.readyQueue(), s.timerHeap().map((t) => t.id), s.running, [...s.tasks]]);
    }
    const log = store.index.log;
    const logAt = [];
    for (let i = 0; i < log.length; i++) logAt.push([log.msAt(i), log.indexAt(i)]);
    return {
      first: store.firstIndex,
      end: store.endIndex,
      events,
      states,
      logDropped: store.index.logDropped,
      log: [...log].map(line),
      logAt,
    };
  };
  for (const capacity of [128, 1000, 1_000_000]) {
    const reference = new T.TraceStore({ capacity });
    feed(reference, make(300));
    const whole = read(reference);
    reference.reset();
    feed(reference, make(40));
    const next = read(reference);
    for (const chunkSize of [1, 16, 100, 1024]) {
      const store = new T.TraceStore({ capacity, chunkSize });
      feed(store, make(300));
      assert.deepEqual(read(store), whole, `capacity ${capacity}, chunks of ${chunkSize}`);
      // A new run in the same store writes over chunks the last one used: nothing of it shows.
      store.reset();
      feed(store, make(40));
      assert.deepEqual(read(store), next, `the next run, capacity ${capacity}, chunks of ${chunkSize}`);
    }
    if (capacity < 1_000_000) assert.ok(whole.first > 0 && whole.logDropped > 0, `capacity ${capacity} dropped events and log lines`);
  }
});

test('a run in a store that held another reads exactly as in a fresh store, and the run before reads as empty', () => {
  // The store hands the next run's index the columns and log chunks the run
  // before grew: a run of many short tasks, then one of few long ones and
  // one like the first, each checked against a fresh store fed only it.
  const manyShort = () => {
    const loop = new T.SyntheticLoop({ budgetMs: 0 });
    roundRobin(loop, Array.from({ length: 400 }, (_, i) => `short ${i}`), 3);
    loop.callLater(0.02, 1);
    return loop.runUntilIdle();
  };
  const fewLong = () => {
    const loop = new T.SyntheticLoop({ budgetMs: 0 });
    roundRobin(loop, ['a', 'b', 'c'], 500);
    loop.spawn('sleepy', Array(40).fill({ runMs: 0.5, then: { sleepS: 0.01 } }));
    loop.spawn('fails', [{ runMs: 1, then: 'yield' }, { runMs: 1, then: 'fail' }]);
    return loop.runUntilIdle();
  };
  const item = (o) => JSON.stringify(o, (k, v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : k === 'timer' ? v.id : v));
  const read = (index) => ({
    rows: index.rows().map((row) => [row.key, T.runBars(row).map(item), T.waitGaps(row).map(item)]),
    callbacks: T.runBars(index.callbackRow).map(item),
    log: [...index.log].map(item),
    lateness: index.lateness,
    endMs: index.endMs,
  });
  const fresh = (batches, capacity) => {
    const store = new T.TraceStore({ capacity, chunkSize: 100 });
    feed(store, batches);
    return read(store.index);
  };
  // Chunks of 100 slots, so that the bounded store's drops release whole chunks of the log.
  for (const capacity of [3000, 1_000_000]) {
    const store = new T.TraceStore({ capacity, chunkSize: 100 });
    for (const make of [manyShort, fewLong, manyShort]) {
      const before = store.index;
      const hadRows = before.rows().length;
      store.reset();
      assert.ok(hadRows === 0 || (before.rows().every((row) => row.bars.length === 0 && row.gaps.length === 0) && before.log.length === 0),
        'the index of the run before reads as empty once the next run has its memory');
      const batches = make();
      feed(store, batches);
      assert.deepEqual(read(store.index), fresh(batches, capacity), `${make.name} after another run, capacity ${capacity}`);
    }
  }
});

test('a run that names its tasks before spawning them grows the rows\' columns while they are empty, not during the spawns', () => {
  // As the trace feed applies a snippet spawning thousands of tasks: the big
  // name table first, in slices of its own, then the events a slice at a time.
  const loop = new T.SyntheticLoop({ budgetMs: 0 });
  roundRobin(loop, Array.from({ length: 5000 }, (_, i) => `task ${i}`), 2);
  const batches = loop.runUntilIdle();
  assert.ok(batches[0].names.length === 5000, 'the first batch names every task');
  const part = (b, from, to, tables) => ({ ...b, count: to - from, f64: b.f64.subarray(2 * from, 2 * to), u32: b.u32.subarray(3 * from, 3 * to), ...tables });
  const noTables = { names: [], errors: [], dropped: 0 };
  const store = new T.TraceStore();
  const columns = () => [store.index.runColumns, store.index.waitColumns];
  let copiesDuringSpawns = 0;
  for (const b of batches) {
    for (let n = 0; n < b.names.length; n += 1024) store.appendCore(part(b, 0, 0, { ...noTables, names: b.names.slice(n, n + 1024) }));
    for (let from = 0; from < b.count; from += 256) {
      const before = columns().map((c) => [c.c, c.used]);
      store.appendCore(part(b, from, Math.min(b.count, from + 256), from === 0 ? { ...noTables, errors: b.errors, dropped: b.dropped } : noTables));
      // Growing columns that hold next to nothing copies next to nothing; past that, count it.
      columns().forEach((c, k) => (copiesDuringSpawns += c.c !== before[k][0] && before[k][1] > 1024 ? 1 : 0));
    }
  }
  assert.equal(copiesDuringSpawns, 0);
  // And every row reads exactly as in a store fed the batches whole.
  const whole = new T.TraceStore();
  feed(whole, batches);
  const rows = (s) => s.index.rows().map((row) => [row.key, T.runBars(row), T.waitGaps(row)]);
  assert.deepEqual(rows(store), rows(whole));
  assert.equal(store.index.rows().length, 5000);
  // What is set aside ahead is bounded: names of 1,000,000 tasks at once give the columns room for
  // 16,384 of them (rows past that make room as they come).
  const huge = new T.TraceStore();
  const names = Array.from({ length: 1_000_000 }, (_, i) => [i + 1, `t${i}`]);
  huge.appendCore(part(batches[0], 0, 0, { ...noTables, names }));
  for (const c of [huge.index.runColumns, huge.index.waitColumns]) assert.ok(c.size <= 2 * 16_384 * 4, `${c.size} slots`);
});

test('rows sharing one set of columns each keep exactly their own items through growth, moves, slides, drops and compaction', () => {
  // What a bounded run does to its rows, seeded: many rows of a few items and
  // a few of thousands, each item ending as the row's next begins, and every
  // so often the oldest dropped from all rows, as the store drops a chunk:
  // rarely and many (rows move and the columns grow), or often and few (rows
  // slide back over what they dropped, between compactions).
  for (const [dropEvery, keepSteps] of [
    [1000, 2000],
    [97, 300],
  ]) {
    rowsThrough(dropEvery, keepSteps);
  }
});

function rowsThrough(dropEvery, keepSteps) {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const cols = new T.SpanColumns(16);
  const rows = Array.from({ length: 300 }, () => ({ spans: new T.Spans(cols), items: [], first: 0 }));
  const check = () => {
    for (const row of rows) {
      const s = row.spans;
      assert.equal(s.length, row.items.length);
      assert.equal(s.first, row.first);
      const kept = row.items.map((_, i) => ({ start: s.startMs(i), end: s.endMs(i), index: s.index(i), id: s.id(i), kind: s.kind(i), value: s.value(i) }));
      assert.deepEqual(kept, row.items);
      for (const it of row.items) assert.equal(row.items[s.lowerBound(it.start)], it);
    }
    assert.equal(cols.kept, rows.reduce((n, r) => n + r.items.length, 0));
  };
  let mostKept = 0;
  for (let step = 0; step < 40_000; step++) {
    // A tenth of the rows take nine in ten items.
    const row = rows[random() < 0.9 ? Math.floor(random() * 30) : 30 + Math.floor(random() * 270)];
    const last = row.items.at(-1);
    if (last !== undefined && Number.isNaN(last.end)) {
      last.end = step;
      row.spans.close(row.first + row.items.length - 1, step);
    }
    const item = { start: step, end: NaN, index: step, id: step % 1000, kind: step % 5, value: step / 7 };
    assert.equal(row.spans.open(item.id, item.start, item.index, item.kind, item.value), row.first + row.items.length);
    row.items.push(item);
    mostKept = Math.max(mostKept, cols.kept);
    if (step % dropEvery === dropEvery - 1) {
      for (const r of rows) {
        let k = 0;
        while (k < r.items.length && r.items[k].index < step - keepSteps && !Number.isNaN(r.items[k].end)) k++;
        assert.equal(r.spans.dropEndedBefore(step - keepSteps), k);
        r.items.splice(0, k);
        r.first += k;
      }
      // The first half leaves compaction to growth alone; the second also compacts after each drop, as the store does.
      if (step > 20_000) {
        cols.compactIfSparse();
        assert.ok(cols.used <= Math.max(1024, 2 * cols.kept), `${cols.used} slots handed out for ${cols.kept} items kept`);
      }
      check();
      // Growth compacts once holes are half of the room: each row's region is at most
      // twice its items (or 4), so the columns stay within a multiple of what is kept.
      const bound = 8 * mostKept + 16 * rows.length;
      assert.ok(cols.c.start.length <= bound, `${cols.c.start.length} slots at step ${step} for at most ${mostKept} items kept`);
    }
  }
}

test('scrubbing backwards and forwards gives the same state as replaying from the start', () => {
  const loop = new T.SyntheticLoop({ budgetMs: 0 });
  roundRobin(loop, Array.from({ length: 50 }, (_, i) => `t${i}`), 400);
  const store = new T.TraceStore();
  feed(store, loop.runUntilIdle());
  assert.ok(store.endIndex > 40_000, 'enough events for several checkpoints');
  const fresh = (i) => {
    const s = new T.LoopState();
    for (let k = 0; k < i; k++) s.apply(store.kindAt(k), store.idAt(k), store.refAt(k), store.valueAt(k));
    return s;
  };
  for (const i of [40_000, 3, 17_000, 17_001, 16_384, 39_999, 1, store.endIndex]) {
    const s = store.stateAt(i);
    const f = fresh(i);
    assert.deepEqual(s.readyQueue(), f.readyQueue(), `queue at ${i}`);
    assert.deepEqual([...s.tasks], [...f.tasks], `tasks at ${i}`);
    assert.equal(s.running, f.running);
  }
});

test('step back and step forward land just after the neighbouring resume', () => {
  const loop = new T.SyntheticLoop();
  roundRobin(loop, ['a', 'b'], 1);
  const store = new T.TraceStore();
  feed(store, loop.runUntilIdle());
  const first = store.nextResume(0);
  assert.equal(store.kindAt(first - 1), T.Kind.resumeBegin);
  const second = store.nextResume(first);
  assert.ok(second > first);
  assert.equal(store.previousResume(second), first);
  assert.equal(store.previousResume(first), store.firstIndex);
});

test('bad input is refused with a message that says what is wrong, and the good input still counts', () => {
  const store = new T.TraceStore();
  const good = new T.TraceBuilder().event(0, T.Kind.taskSpawned, 1).batch(0, 0);
  store.appendCore({ ...good, version: 2 });
  store.appendCore({ ...good, count: 5 });
  store.appendCore({ ...good, u32: Uint32Array.of(99, 1, 0) });
  store.appendJs([{ kind: 'js', api: 'fetch', phase: 'scheduled', id: 1, ms: 0 }, ...T.jsCallback('promise', 2, 0, 1, 1)]);
  store.appendBlocked(10, 5);
  store.appendCore(good);
  assert.deepEqual(store.problems, [
    'Trace batch of frame 1 rejected: trace format version 2, but these views read version 1',
    'Trace batch of frame 1 rejected: f64 holds 2 numbers, 10 needed for 5 events',
    'Trace batch of frame 1 rejected: event 0 has unknown kind 99 (known: 1..14)',
    'JS trace event rejected: unknown api "fetch"',
    'Blocked record rejected: expected finite startMs <= endMs, got 10..5',
  ]);
  assert.equal(store.length, 1);
  assert.equal(store.jsEventCount, 3);
  assert.throws(() => new T.TraceStore({ capacity: 3 }), /capacity must be an integer of at least 16 events, got 3/);
});

test('subscribers hear every change until they unsubscribe, and reset forgets the run', () => {
  const store = new T.TraceStore();
  let calls = 0;
  const off = store.subscribe(() => calls++);
  store.appendCore(new T.TraceBuilder().event(0, T.Kind.taskSpawned, 1).name(1, 'x').batch(0, 0));
  store.appendJs(T.jsCallback('promise', 1, 0, 1, 1));
  store.appendBlocked(0, 60);
  assert.equal(calls, 3);
  store.reset({ clock: 'virtual' });
  assert.equal(calls, 4);
  assert.equal(store.length, 0);
  assert.equal(store.names.size, 0);
  assert.equal(store.clock, 'virtual');
  assert.equal(store.index.log.length, 0);
  off();
  store.appendBlocked(0, 60);
  assert.equal(calls, 4);
});

test('callbacks the sandbox ran unrecorded are counted, a bad count is refused, and a new run starts from zero', () => {
  const store = new T.TraceStore();
  store.appendJs([{ kind: 'unrecorded', ms: 5, count: 1234 }, { kind: 'unrecorded', ms: 9, count: 6 }]);
  assert.equal(store.jsUnrecorded, 1240);
  store.appendJs([{ kind: 'unrecorded', ms: 9, count: -1 }]);
  assert.equal(store.jsUnrecorded, 1240);
  assert.match(store.problems.at(-1), /count must be a positive whole number, got -1/);
  store.reset();
  assert.equal(store.jsUnrecorded, 0);
});

test('the time axis puts its labels at round steps, and keeps them at least 70 px apart on a narrow timeline', () => {
  for (const [spanMs, plotW] of [[1060, 1100], [1060, 250], [3000, 140], [87.5, 600], [20_000, 900]]) {
    const step = Layout.axisStep(spanMs, plotW);
    const labels = Math.floor(spanMs / step) + 1;
    assert.ok(labels <= 9, `${labels} labels over ${spanMs} ms`);
    assert.ok(labels >= 2, `${labels} labels over ${spanMs} ms`);
    assert.ok(labels < 3 || (plotW / spanMs) * step >= 70, `labels ${((plotW / spanMs) * step).toFixed(0)} px apart over ${plotW} px`);
    assert.match(String(step / 10 ** Math.floor(Math.log10(step))), /^(1|2|5)$/, `a round step: ${step} ms`);
  }
  // The round-robin's second on a 250 px phone timeline: 0, 500, 1000 ms (it was every 200 ms, labels overlapping).
  assert.equal(Layout.axisStep(1060, 250), 500);
});
