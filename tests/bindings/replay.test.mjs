// Replays: createRuntime({ replay }) runs a recording's turns again (each
// frame's tick at its recorded loop time with its recorded number of resumes,
// each step as a step), so a virtual-clock run repeats its C++ trace event for
// event, whatever the frame timing and machine speed of the re-run, and
// pauses by itself after the last recorded turn. Frames, timers and the wall
// clock are the test's: nothing here waits on real time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRACE_KIND as K, batchEvents, createRuntime } from '../../wasm_bindings/js/index.js';
import { settle, virtualRuntime, wasmBinary } from './helpers.mjs';

/**
 * A runtime whose onTrace keeps each batch with the turn that made it.
 * `msPerRead` makes the fake wall clock move on every read, so a busy tick
 * spends its 8 ms budget after a number of resumes that depends on it.
 */
async function recordingRuntime(options = {}) {
  const turns = [];
  const h = await virtualRuntime({
    ...options,
    onTrace: (batch, turn) => {
      h.batches.push(batch);
      turns.push(turn);
    },
  });
  h.turns = turns;
  return h;
}

/** Two tasks that only yield (busy: each tick ends on its budget), sleeps, a callback timer, and an async function the JS loop resumes. */
function scenario(h) {
  const { loop, print } = h;
  function* spinner(name, n) {
    for (let i = 0; i < n; i++) {
      if (i % 100 === 0) print(`${name} ${i}`);
      yield;
    }
    print(`${name} done`);
  }
  function* sleeper(name, seconds) {
    print(`${name} sleeps`);
    yield loop.sleep(seconds);
    print(`${name} woke at ${loop.now()}`);
  }
  loop.spawn(spinner('a', 600), 'a');
  loop.spawn(spinner('b', 450), 'b');
  loop.spawn(sleeper('s1', 0.05), 's1');
  loop.setTimeout(0.02, () => print('callback'));
  void (async () => {
    await loop.sleep(0.03);
    print('async woke');
    loop.spawn(sleeper('s2', 0.01), 's2');
  })();
}

/** Runs the scenario with uneven frames, a speed change and a few single steps; returns the recording. */
async function record() {
  const h = await recordingRuntime({ msPerRead: 0.35 });
  scenario(h);
  await h.start();
  const gaps = [16, 17, 5, 33, 16, 9];
  for (let i = 0; i < 400 && !h.rt.isIdle(); i++) {
    if (i === 6) h.rt.setSpeed(0.5);
    if (i === 10) {
      h.rt.pause();
      for (let s = 0; s < 3; s++) h.rt.step();
      await settle();
      h.rt.start();
    }
    await h.frame(gaps[i % gaps.length]);
  }
  assert.equal(h.rt.isIdle(), true, 'the recorded run finished');
  return h;
}

/** Replays `turns` with other frame timing and another machine speed; resolves once the replay has paused. */
async function replay(turns, { msPerRead = 3, frameMs = 1, holdEvery = 0 } = {}) {
  let ended = 0;
  let frames = 0;
  const h = await recordingRuntime({
    msPerRead,
    replay: turns,
    onReplayEnd: () => ended++,
    // Every holdEvery-th frame is held, as the sandbox holds frames while the page is behind.
    holdFrame: () => holdEvery > 0 && ++frames % holdEvery === 0,
  });
  scenario(h);
  await h.start();
  for (let i = 0; i < 10 * turns.length + 10 && ended === 0; i++) await h.frame(frameMs);
  h.ended = () => ended;
  return h;
}

const events = (batches) => batches.flatMap(batchEvents);

test('a replayed run repeats the recording event for event, whatever the frame timing and machine speed', async () => {
  const original = await record();
  const turns = original.turns;
  assert.ok(turns.some((t) => t.step), 'the recording has single steps');
  assert.ok(turns.some((t) => !t.step && t.resumes > 1), 'and busy ticks');
  const again = await replay(turns);
  assert.equal(again.ended(), 1);
  assert.equal(again.rt.isReplaying(), false);
  // Identical C++ traces: kinds, ids, refs, and (on the virtual clock) times and values too.
  assert.deepEqual(events(again.batches), events(original.batches));
  assert.deepEqual(again.turns, turns, 'the re-run records the same turns, so it can be replayed again');
  assert.deepEqual(
    again.batches.map((b) => [b.frame, b.wallMs, b.loopTime]),
    original.batches.map((b) => [b.frame, b.wallMs, b.loopTime]),
    'each batch carries its recorded frame, wall ms and loop time',
  );
  assert.deepEqual(again.printed, original.printed);
});

test('held frames do not use up the turns of a replay', async () => {
  const original = await record();
  const again = await replay(original.turns, { holdEvery: 3 });
  assert.equal(again.ended(), 1);
  assert.deepEqual(events(again.batches), events(original.batches));
});

test('a replay cut inside a tick pauses after the last resume it asks for, then goes on from there', async () => {
  const original = await record();
  const all = events(original.batches);
  // A busy tick past the first few: replay up to its third resume.
  const at = original.turns.findIndex((t, i) => i > 3 && !t.step && t.resumes > 5);
  const turns = [...original.turns.slice(0, at), { ...original.turns[at], resumes: 3 }];
  // (A wall clock that stands still between frames, so wallMs() can be compared exactly.)
  const again = await replay(turns, { msPerRead: 0 });
  assert.equal(again.ended(), 1);
  const got = events(again.batches);
  // The recording up to the end of that tick's third resume, then the tick's end after 3 resumes.
  const start = original.batches.slice(0, at).reduce((n, b) => n + b.count, 0);
  let resumeEnds = 0;
  let end = start;
  while (resumeEnds < 3) if (all[end++].kind === K.resume_end) resumeEnds++;
  assert.deepEqual(got.slice(0, end), all.slice(0, end));
  assert.equal(got.length, end + 1);
  assert.deepEqual([got[end].kind, got[end].ref], [K.tick_end, 3]);
  // Paused where the recording was: no frame asked for, the clocks at the recorded frame's times.
  assert.equal(again.frames.queue.size, 0);
  assert.equal(again.loop.now(), turns[at].loopTime);
  assert.equal(again.rt.wallMs(), turns[at].wallMs);
  // Step resumes what the recording resumed next.
  const nextResume = all.slice(end).find((e) => e.kind === K.resume_begin);
  assert.equal(again.rt.step(), true);
  const stepped = events(again.batches.slice(-1)).find((e) => e.kind === K.resume_begin);
  assert.equal(stepped.id, nextResume.id);
  // Resumed, it runs on its own virtual clock from there, and its wall time goes on from the recording's.
  await settle();
  again.rt.start();
  await again.frame(16);
  assert.ok(again.batches.at(-1).wallMs >= turns[at].wallMs, 'the wall time does not jump back');
  for (let i = 0; i < 400 && !again.rt.isIdle(); i++) await again.frame(16);
  // Every line again (in an order that now depends on this run's own frames).
  const lines = (h) => h.printed.map((l) => l.replace(/woke at .*/, 'woke')).sort();
  assert.deepEqual(lines(again), lines(original));
});

test('step() is refused while a replay runs, and an empty replay pauses at its first frame', async () => {
  const original = await record();
  const h = await recordingRuntime({ replay: original.turns.slice(0, 4) });
  scenario(h);
  assert.throws(() => h.rt.step(), /a replay is running; it pauses by itself after its last recorded turn/);
  let ended = 0;
  const empty = await recordingRuntime({ replay: [], onReplayEnd: () => ended++ });
  scenario(empty);
  await empty.start();
  assert.equal(ended, 1);
  assert.equal(empty.rt.isReplaying(), false);
  assert.equal(empty.batches.length, 0, 'no turn ran');
  assert.equal(empty.frames.queue.size, 0, 'paused');
  assert.equal(empty.rt.step(), true, 'and steps from there');
});

test('a replay that is not a list of recorded turns is refused with a clear message', async () => {
  const turn = { loopTime: 0, wallMs: 0, resumes: 1, step: false };
  const bad = [
    [{ clock: 'real', replay: [] }, /replay needs clock: 'virtual'/],
    [{ clock: 'virtual', replay: 'all of it' }, /replay must be an array of frames/],
    [{ clock: 'virtual', replay: [null] }, /replay\[0\] must be a frame/],
    [{ clock: 'virtual', replay: [{ ...turn, loopTime: 1 }, { ...turn, loopTime: 0.5 }] }, /replay\[1\]\.loopTime must be a finite number of seconds, not before the frame before it \(1\)/],
    [{ clock: 'virtual', replay: [{ ...turn, wallMs: NaN }] }, /replay\[0\]\.wallMs must be a finite number/],
    [{ clock: 'virtual', replay: [{ ...turn, resumes: -1 }] }, /replay\[0\]\.resumes must be a whole number/],
    [{ clock: 'virtual', replay: [{ ...turn, step: 'no' }] }, /replay\[0\]\.step must be true \(a step\) or false \(a tick\)/],
    [{ clock: 'virtual', replay: [], onReplayEnd: 'later' }, /onReplayEnd must be a function/],
  ];
  for (const [options, message] of bad) {
    await assert.rejects(createRuntime({ wasmBinary, ...options }), message);
  }
});
