// The paced trace feed (web/src/runner/traceFeed.ts), in node with a fake
// clock and frames run by hand: the store must end with exactly what the
// sandbox sent, in the order it was sent, however the work is spread over
// frames; and the sandbox's loops must be held only while the page is far behind.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bundle, repo } from './views-bundle.mjs';

let T;
before(async () => {
  const src = ['runner/traceFeed.ts', 'trace/store.ts', 'trace/synthetic.ts']
    .map((m) => `export * from ${JSON.stringify(join(repo, 'web/src', m))};`)
    .join('\n');
  const { file } = await bundle(src, 'trace-feed');
  T = await import(file);
});

/**
 * A feed over a fresh store, with a clock that advances `msPerEvent` for
 * every core event the store takes in (the cost of appending), frames that
 * run only when the test says, and timers that fire only when it says.
 */
function setup({ msPerEvent = 0.01, msPerName = 0, budgetMs = 4, sliceEvents = 100, backlogLimit = 50_000, frames = true } = {}) {
  const store = new T.TraceStore();
  const log = [];
  let clock = 1000;
  const sink = {
    reset: (o) => store.reset(o),
    appendCore: (b) => {
      log.push({ op: 'core', count: b.count, names: Array.isArray(b?.names) ? b.names.length : 0, endBefore: store.endIndex });
      clock += msPerEvent * (Number.isInteger(b?.count) ? b.count : 0) + msPerName * (Array.isArray(b?.names) ? b.names.length : 0);
      store.appendCore(b);
    },
    appendJs: (events) => {
      log.push({ op: 'js', endBefore: store.endIndex, count: events.length });
      clock += msPerEvent * (Array.isArray(events) ? events.length : 0);
      store.appendJs(events);
    },
    appendBlocked: (startMs, endMs) => {
      log.push({ op: 'blocked', endBefore: store.endIndex });
      store.appendBlocked(startMs, endMs);
    },
  };
  let frameCallbacks = [];
  const timers = new Map();
  let nextTimer = 1;
  let acks = 0;
  const feed = new T.TraceFeed(sink, {
    budgetMs,
    sliceEvents,
    backlogLimit,
    now: () => clock,
    requestFrame: (cb) => {
      if (frames) frameCallbacks.push(cb);
    },
    setTimer: (cb) => {
      const id = nextTimer++;
      timers.set(id, cb);
      return id;
    },
    clearTimer: (id) => timers.delete(id),
    onCoreTaken: () => acks++,
  });
  return {
    store,
    feed,
    log,
    get acks() {
      return acks;
    },
    /** One animation frame, `afterMs` after the last (1/60 s); returns the core events it applied. */
    frame(afterMs = 1000 / 60) {
      clock += afterMs;
      const before = store.endIndex;
      const due = frameCallbacks;
      frameCallbacks = [];
      for (const cb of due) cb();
      return store.endIndex - before;
    },
    /** The fallback timers come due (the page got no frame for 100 ms). */
    timersFire() {
      clock += 100;
      const due = [...timers.values()];
      timers.clear();
      for (const cb of due) cb();
    },
    timersPending: () => timers.size,
  };
}

/** One big first batch, as a snippet spawning many tasks sends: names, failures and recorder drops in it. */
function bigBatch(tasks = 2000, dropped = 3) {
  const loop = new T.SyntheticLoop({ budgetMs: 0 });
  for (let i = 0; i < tasks; i++) {
    loop.spawn(`task ${i}`, [{ runMs: 0.01, then: i % 7 === 0 ? 'fail' : 'yield' }, { runMs: 0.01, then: 'done' }]);
  }
  const batch = loop.frameTick();
  batch.dropped = dropped;
  return { loop, batch };
}

/** The store as the views read it: every column of every event, and the side tables and counters. */
function contents(store) {
  const events = [];
  for (let i = store.firstIndex; i < store.endIndex; i++) {
    events.push([store.kindAt(i), store.idAt(i), store.refAt(i), store.msAt(i), store.timeAt(i), store.valueAt(i)]);
  }
  return {
    firstIndex: store.firstIndex,
    endIndex: store.endIndex,
    events,
    names: [...store.names],
    errors: [...store.errors],
    droppedByRecorder: store.droppedByRecorder,
    jsEventCount: store.jsEventCount,
    // The JS loop's items as the timeline and log read them.
    js: [...store.index.log].filter((e) => e.type === 'js').map((e) => ({ ms: e.ms, index: e.index, ...e.item })),
    problems: [...store.problems],
  };
}

function reference(feedOps) {
  const store = new T.TraceStore();
  feedOps(store);
  return contents(store);
}

function drain(h, maxFrames = 1000) {
  let frames = 0;
  while (h.feed.pendingWork > 0 && frames < maxFrames) {
    h.frame();
    frames++;
  }
  return frames;
}

test('a small batch into an empty feed is in the store at once', () => {
  const h = setup();
  const loop = new T.SyntheticLoop();
  loop.spawn('a', [{ runMs: 1, then: 'done' }]);
  const batch = loop.frameTick();
  h.feed.appendCore(batch);
  assert.equal(h.store.endIndex, batch.count);
  assert.equal(h.feed.pendingEvents, 0);
  assert.equal(h.acks, 1);
});

test('a batch bigger than the budget is spread over frames, and the store ends with exactly the unsplit batch', () => {
  const h = setup();
  const { batch } = bigBatch();
  assert.ok(batch.names.length === 2000 && batch.errors.length > 0, 'the batch carries names and failures');
  h.feed.appendCore(batch);
  const firstEvents = h.log.findIndex((c) => c.count > 0);
  const nameSlices = h.log.slice(0, firstEvents);
  assert.ok(nameSlices.length >= 2 && nameSlices.every((c) => c.count === 0), 'its 2,000 names go first, in slices of their own');
  assert.equal(nameSlices.reduce((n, c) => n + c.names, 0), 2000, 'all of them before any event');
  // 4 ms at 0.01 ms per event: about 400 events now, the rest later.
  assert.ok(h.store.endIndex > 0 && h.store.endIndex <= 500, `applied ${h.store.endIndex} of ${batch.count} at once`);
  assert.equal(h.feed.pendingEvents, batch.count - h.store.endIndex);
  const perFrame = [];
  while (h.feed.pendingEvents > 0 && perFrame.length < 1000) perFrame.push(h.frame());
  assert.equal(h.feed.pendingEvents, 0);
  assert.ok(perFrame.length >= 10, `drained in ${perFrame.length} frames`);
  // Slices are sized to the time left and capped at 100 events: a frame overruns its 4 ms by at most one slice.
  assert.ok(Math.max(...perFrame) <= 500, `at most ${Math.max(...perFrame)} events in a frame`);
  assert.ok(h.log.length > 1 && h.log.every((c) => c.op === 'core' && c.count <= 100), 'applied as slices of at most 100 events');
  assert.deepEqual(contents(h.store), reference((s) => s.appendCore(batch)));
});

test('a slow store gets smaller slices, so a frame keeps to its budget; a fast one gets the most per slice', () => {
  // 0.1 ms an event (code not yet optimised): 40 events fill a 4 ms frame.
  const slow = setup({ msPerEvent: 0.1, sliceEvents: 256 });
  slow.feed.appendCore(bigBatch(1000).batch);
  const perFrame = [];
  while (slow.feed.pendingEvents > 0 && perFrame.length < 1000) perFrame.push(slow.frame());
  // After the first slice has measured the cost, no frame goes over its 4 ms by more than the smallest slice (16 events).
  const worst = Math.max(...perFrame.slice(1));
  assert.ok(worst * 0.1 <= 4 + 16 * 0.1, `a frame applied ${worst} events (${(worst * 0.1).toFixed(1)} ms)`);
  assert.ok(Math.min(...perFrame.slice(1, -1)) >= 20, `a frame applied only ${Math.min(...perFrame.slice(1, -1))} events`);

  // 0.001 ms an event: slices of the full 256, about 4 ms of them a frame.
  const fast = setup({ msPerEvent: 0.001, sliceEvents: 256 });
  fast.feed.appendCore(bigBatch(3000).batch);
  fast.frame();
  assert.ok(fast.log.some((c) => c.op === 'core' && c.count === 256), 'slices of 256');
  assert.ok(fast.store.endIndex >= 3000, `${fast.store.endIndex} events in two windows`);
});

test('a big name table goes in slices sized to the budget at the measured cost of a name', () => {
  // 0.02 ms a name (a cold page): a 4 ms budget is 200 names, and 1,024 at once would take 20 ms.
  const h = setup({ msPerEvent: 0.001, msPerName: 0.02 });
  const { batch } = bigBatch(5000);
  h.feed.appendCore(batch);
  const namesSoFar = () => h.log.reduce((n, c) => n + c.names, 0);
  // On arrival the first slice is sized at the assumed cost (0.005 ms): 800 names.
  let seen = namesSoFar();
  assert.ok(seen > 0 && seen <= 1024, `${seen} names on arrival`);
  const namesIn = [];
  while (h.feed.pendingWork > 0 && namesIn.length < 1000) {
    h.frame();
    namesIn.push(namesSoFar() - seen);
    seen = namesSoFar();
  }
  const perFrame = namesIn.filter((n) => n > 0);
  assert.ok(perFrame.length >= 20, `5,000 names went in over ${perFrame.length} frames`);
  // Once the first slice has measured the cost, a frame keeps to its 4 ms but for the smallest slice (16 names).
  const worst = Math.max(...perFrame);
  assert.ok(worst * 0.02 <= 4 + 16 * 0.02, `a frame applied ${worst} names (${(worst * 0.02).toFixed(1)} ms)`);
  assert.deepEqual(contents(h.store), reference((s) => s.appendCore(batch)));
});

test('a batch that arrives just before a frame shares that frame\'s budget, and the next frame, or a late one, has a whole one', () => {
  // 0.01 ms an event: a 4 ms budget is 400 events.
  const h = setup({ msPerEvent: 0.01, budgetMs: 4, sliceEvents: 100 });
  const { batch } = bigBatch(2000);
  h.feed.appendCore(batch);
  const onArrival = h.store.endIndex;
  assert.ok(onArrival >= 300 && onArrival <= 500, `${onArrival} events applied on arrival`);
  // The frame comes 2 ms later: the message and the frame share one budget,
  // so the frame adds at most the smallest slice (it used to add 4 ms more).
  const inFrame = h.frame(2);
  assert.ok(inFrame <= 16, `the frame right after the arrival applied ${inFrame} more events`);
  const next = h.frame();
  assert.ok(next >= 300 && next <= 500, `the next frame applied ${next} events`);
  drain(h);
  assert.deepEqual(contents(h.store), reference((s) => s.appendCore(batch)));

  // A frame that comes a whole frame or more after the arrival (a slow frame, a hidden page's timer) has its own budget.
  const late = setup({ msPerEvent: 0.01, budgetMs: 4, sliceEvents: 100 });
  late.feed.appendCore(bigBatch(2000).batch);
  const inLateFrame = late.frame(40);
  assert.ok(inLateFrame >= 300 && inLateFrame <= 500, `the frame 40 ms after the arrival applied ${inLateFrame} events`);
});

test('core batches, JS records and blocked records reach the store in the order they came', () => {
  const h = setup();
  const { loop, batch } = bigBatch(500);
  const second = loop.frameTick();
  const js = [{ kind: 'js', api: 'setTimeout', phase: 'scheduled', id: 1, ms: 5, delayMs: 0 }];
  h.feed.appendCore(batch);
  h.feed.appendJs(js);
  h.feed.appendBlocked(10, 20);
  h.feed.appendCore(second);
  assert.ok(h.feed.pendingEvents > 0, 'the first batch is still being applied');
  assert.equal(h.store.jsEventCount, 0, 'the JS record waits behind the core batch before it');
  drain(h);
  // A JS record is placed at the core event count when it is appended: after all of the first batch.
  const order = h.log.filter((c) => c.op !== 'core' || c.endBefore === 0 || c.endBefore === batch.count);
  assert.deepEqual(
    order.map((c) => [c.op, c.endBefore]),
    [
      ['core', 0],
      ['js', batch.count],
      ['blocked', batch.count],
      ['core', batch.count],
    ],
  );
  assert.deepEqual(
    contents(h.store),
    reference((s) => {
      s.appendCore(batch);
      s.appendJs(js);
      s.appendBlocked(10, 20);
      s.appendCore(second);
    }),
  );
});

test('a message of thousands of JS records is spread over frames, and the store ends with exactly those records', () => {
  const h = setup({ msPerEvent: 0.01, budgetMs: 4, sliceEvents: 100 });
  const records = [];
  for (let id = 1; id <= 5000; id++) {
    records.push({ kind: 'js', api: 'promise', phase: 'scheduled', id, ms: id / 10 });
    records.push({ kind: 'js', api: 'promise', phase: 'run_begin', id, ms: id / 10 + 0.01 });
    records.push({ kind: 'js', api: 'promise', phase: 'run_end', id, ms: id / 10 + 0.02 });
  }
  h.feed.appendJs(records);
  const firstCost = h.log.reduce((n, c) => n + (c.op === 'js' ? c.count : 0), 0) * 0.01;
  assert.ok(firstCost <= 4 + 1, `the first frame's share cost ${firstCost} ms (budget 4, one slice 1)`);
  const frames = drain(h);
  assert.ok(frames >= 30, `${frames} frames for 150 ms of records at 4 ms a frame`);
  assert.ok(h.log.every((c) => c.op !== 'js' || c.count <= 100), 'no slice bigger than sliceEvents');
  assert.deepEqual(contents(h.store), reference((s) => s.appendJs(records)));
});

test('slow JS records get smaller slices too, so a promise flood keeps each frame to its budget', () => {
  // 0.1 ms a record (a fresh page's first ones): 40 fill a 4 ms frame; slices of 256 took 25 ms.
  const h = setup({ msPerEvent: 0.1, budgetMs: 4, sliceEvents: 256 });
  const records = [];
  for (let id = 1; id <= 1000; id++) records.push(...T.jsCallback('promise', id, id / 10, id / 10 + 0.01, 0.01));
  h.feed.appendJs(records);
  const perFrame = [];
  while (h.feed.pendingWork > 0 && perFrame.length < 1000) {
    const before = h.log.reduce((n, c) => n + (c.op === 'js' ? c.count : 0), 0);
    h.frame();
    perFrame.push(h.log.reduce((n, c) => n + (c.op === 'js' ? c.count : 0), 0) - before);
  }
  assert.equal(h.feed.pendingWork, 0);
  const worst = Math.max(...perFrame);
  assert.ok(worst * 0.1 <= 4 + 16 * 0.1, `a frame applied ${worst} records (${(worst * 0.1).toFixed(1)} ms)`);
  assert.ok(Math.min(...perFrame.slice(0, -1)) >= 20, `a frame applied only ${Math.min(...perFrame.slice(0, -1))} records`);
  assert.deepEqual(contents(h.store), reference((s) => s.appendJs(records)));
});

test('a bad batch is refused whole, with the store\'s own message', () => {
  const h = setup();
  const { batch } = bigBatch();
  const bad = { ...batch, u32: batch.u32.slice() };
  bad.u32[3 * (batch.count - 5)] = 99; // an unknown kind near the end: no slice of it may be kept
  h.feed.appendCore(bad);
  drain(h);
  assert.equal(h.store.endIndex, 0);
  assert.deepEqual(contents(h.store), reference((s) => s.appendCore(bad)));
  assert.match(h.store.problems[0], /rejected: event \d+ has unknown kind 99/);
  assert.equal(h.acks, 1, 'a refused batch was still taken');
});

test('reset drops the queued work and the acknowledgements still owed', () => {
  const h = setup({ backlogLimit: 1000 });
  const { batch } = bigBatch();
  h.feed.appendCore(batch);
  assert.ok(h.feed.pendingEvents > 1000);
  assert.equal(h.acks, 0);
  h.feed.reset({ clock: 'virtual' });
  assert.equal(h.feed.pendingEvents, 0);
  assert.equal(h.store.endIndex, 0);
  assert.equal(h.store.clock, 'virtual');
  for (let i = 0; i < 5; i++) h.frame();
  h.timersFire();
  assert.equal(h.store.endIndex, 0, 'nothing of the old run arrives after the reset');
  assert.equal(h.acks, 0, 'the old run\'s batch is not acknowledged to the new one');
  // The next run's trace flows as usual.
  const { batch: next } = bigBatch(10);
  h.feed.appendCore(next);
  assert.equal(h.store.endIndex, next.count);
  assert.equal(h.acks, 1);
});

/** Feeds `h` a big core batch, a second one and a blocked record; returns the store's contents once all of it is in. */
function feedTwoBatchesAndABlock(h) {
  const { loop, batch } = bigBatch();
  const second = loop.frameTick();
  h.feed.appendCore(batch);
  h.feed.appendCore(second);
  h.feed.appendBlocked(1, 2);
  return reference((s) => {
    s.appendCore(batch);
    s.appendCore(second);
    s.appendBlocked(1, 2);
  });
}

test('flush applies everything queued at once', () => {
  const h = setup();
  const expected = feedTwoBatchesAndABlock(h);
  assert.ok(h.feed.pendingEvents > 0);
  h.feed.flush();
  assert.equal(h.feed.pendingEvents, 0);
  assert.deepEqual(contents(h.store), expected);
});

test("a run's end takes in what is still queued a frame at a time, at twice the budget, and says when all of it is in", () => {
  // 0.01 ms an event: the run's 4 ms budget is 400 events a frame, the end's 8 ms 800.
  const h = setup({ msPerEvent: 0.01, budgetMs: 4, sliceEvents: 100 });
  const expected = feedTwoBatchesAndABlock(h);
  h.frame();
  const queued = h.feed.pendingEvents;
  assert.ok(queued > 5000, `${queued} events still queued when the run ends`);
  let finished = 0;
  h.feed.finish(() => finished++);
  assert.equal(finished, 0, 'not yet: the queued trace is not in the store');
  assert.equal(h.feed.pendingEvents, queued, 'nothing is taken in at once');
  const perFrame = [];
  while (finished === 0 && perFrame.length < 1000) {
    assert.ok(h.feed.pendingWork > 0, 'the end is said only once the queue is empty');
    perFrame.push(h.frame());
  }
  assert.equal(finished, 1);
  assert.equal(h.feed.pendingWork, 0);
  // Every frame but the last takes about 8 ms of events (800); none takes them all.
  assert.ok(perFrame.length >= 5, `taken in over ${perFrame.length} frames`);
  for (const n of perFrame.slice(0, -1)) assert.ok(n >= 700 && n <= 900, `a frame took ${n} events`);
  assert.deepEqual(contents(h.store), expected);
  for (let i = 0; i < 3; i++) h.frame();
  h.timersFire();
  assert.equal(finished, 1, 'said once');
});

test("a run's end with nothing queued is said at once; a flush says it at once too; a new run makes it stale", () => {
  const empty = setup();
  let said = 0;
  empty.feed.finish(() => said++);
  assert.equal(said, 1);

  const flushed = setup();
  flushed.feed.appendCore(bigBatch().batch);
  let flushSaid = 0;
  flushed.feed.finish(() => flushSaid++);
  assert.equal(flushSaid, 0);
  flushed.feed.flush();
  assert.equal(flushSaid, 1, 'a flush takes everything in, so the end is said');
  assert.equal(flushed.feed.pendingWork, 0);

  const reset = setup({ msPerEvent: 0.01, budgetMs: 4, sliceEvents: 100 });
  reset.feed.appendCore(bigBatch().batch);
  let staleSaid = 0;
  reset.feed.finish(() => staleSaid++);
  reset.feed.reset();
  const { batch: next } = bigBatch(2000);
  reset.feed.appendCore(next);
  drain(reset);
  assert.equal(staleSaid, 0, "the old run's end is not said for the new run's trace");
  // The new run is paced at the run's budget again: about 400 events a frame.
  const again = setup({ msPerEvent: 0.01, budgetMs: 4, sliceEvents: 100 });
  again.feed.finish(() => undefined);
  again.feed.reset();
  again.feed.appendCore(bigBatch(2000).batch);
  again.frame();
  const inFrame = again.frame();
  assert.ok(inFrame >= 300 && inFrame <= 500, `a frame of the new run took ${inFrame} events`);
});

test("a run's end on a page that gets no frames (a hidden tab) takes in the rest when the fallback timer comes, all of it", () => {
  const h = setup({ frames: false, msPerEvent: 0.01 });
  const expected = feedTwoBatchesAndABlock(h);
  assert.ok(h.feed.pendingEvents > 5000);
  let finished = 0;
  h.feed.finish(() => finished++);
  assert.equal(finished, 0);
  h.timersFire();
  assert.equal(finished, 1, 'said after one fallback timer, not a budget every 100 ms');
  assert.equal(h.feed.pendingWork, 0);
  assert.equal(h.timersPending(), 0);
  assert.deepEqual(contents(h.store), expected);
});

test('a batch is acknowledged at once within the backlog limit, and only once the backlog has drained back within it', () => {
  const h = setup({ backlogLimit: 1000 });
  const { loop, batch } = bigBatch(200); // ~1,200 events: ~400 applied at once, the rest within the limit
  h.feed.appendCore(batch);
  assert.ok(h.feed.pendingEvents > 0 && h.feed.pendingEvents <= 1000);
  assert.equal(h.acks, 1, 'acknowledged at once: the backlog is within the limit');
  const more = [];
  for (let i = 0; i < 20; i++) {
    loop.spawn(`more ${i}`, Array(20).fill({ runMs: 0.01, then: 'yield' }));
    more.push(loop.frameTick());
  }
  const moreEvents = more.reduce((n, b) => n + b.count, 0);
  for (const b of more) h.feed.appendCore(b);
  assert.ok(h.feed.pendingEvents > 1000, `backlog ${h.feed.pendingEvents}`);
  assert.equal(h.acks, 1, 'held: the backlog is over the limit');
  let heldFrames = 0;
  while (h.feed.pendingEvents > 1000) {
    h.frame();
    if (h.feed.pendingEvents > 1000) {
      assert.equal(h.acks, 1);
      heldFrames++;
    }
  }
  assert.ok(heldFrames > 0, 'the acknowledgements were held for some frames');
  assert.equal(h.acks, 1 + more.length, 'all owed acknowledgements go once the backlog is within the limit');
  drain(h);
  assert.equal(h.store.endIndex, batch.count + moreEvents);
});

test('without animation frames (a hidden page) the fallback timer drains the feed', () => {
  const h = setup({ frames: false, backlogLimit: 1000 });
  const { batch } = bigBatch();
  h.feed.appendCore(batch);
  assert.ok(h.feed.pendingEvents > 0);
  let rounds = 0;
  while (h.feed.pendingEvents > 0 && rounds < 1000) {
    assert.equal(h.timersPending(), 1, 'one fallback timer waits while work is queued');
    h.timersFire();
    rounds++;
  }
  assert.equal(h.feed.pendingEvents, 0);
  assert.ok(rounds > 1, `drained in ${rounds} timer rounds, a budget at a time`);
  assert.equal(h.acks, 1);
  assert.equal(h.timersPending(), 0, 'no timer once the feed is empty');
  assert.deepEqual(contents(h.store), reference((s) => s.appendCore(batch)));
});
