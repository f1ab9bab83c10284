// The page's watch on the sandbox (web/src/runner/sandboxWatch.ts), in node
// on a fake clock: a learner is told the loops are blocked only when the
// worker has stopped answering for over a second, told again when it answers,
// and told the sandbox is gone only when its frame stops answering; a stopped
// watch says nothing more.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bundle, repo } from './views-bundle.mjs';

let W;
before(async () => {
  const { file } = await bundle(`export * from ${JSON.stringify(join(repo, 'web/src/runner/sandboxWatch.ts'))};`, 'sandbox-watch');
  W = await import(file);
});

/**
 * A watch on a fake clock whose timers fire when the test advances time. The
 * worker answers each ping, and the frame each frame-ping, while `answers` /
 * `alive` hold; an answer comes as a message after the ping (never inside it).
 */
function setup({ timerAlignMs = 0 } = {}) {
  let clock = 0;
  let timers = [];
  const said = [];
  const worker = { answers: true, pings: 0 };
  const frame = { alive: true, pings: 0 };
  let answerDue = false;
  let frameAnswerDue = false;
  const watch = new W.SandboxWatch({
    ping: () => {
      worker.pings++;
      if (worker.answers) answerDue = true;
    },
    pingFrame: () => {
      frame.pings++;
      if (frame.alive) frameAnswerDue = true;
    },
    onBlocked: (blocked) => said.push({ at: clock, blocked }),
    onFrameGone: (answeredBefore) => said.push({ at: clock, gone: true, answeredBefore }),
    now: () => clock,
    setTimer: (fn, ms) => {
      // A hidden tab's timers: none sooner than the alignment, which may be a minute.
      const t = { at: clock + Math.max(ms, timerAlignMs), fn };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      timers = timers.filter((x) => x !== t);
    },
  });
  /** Advances the clock to `ms`, delivering answers first and firing timers due on the way. */
  const advanceTo = (ms) => {
    for (;;) {
      if (answerDue) {
        answerDue = false;
        watch.answered();
      }
      if (frameAnswerDue) {
        frameAnswerDue = false;
        watch.frameAnswered();
      }
      const next = timers.filter((t) => t.at <= ms).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers = timers.filter((t) => t !== next);
      clock = next.at;
      next.fn();
    }
    clock = ms;
  };
  return { watch, said, worker, frame, advanceTo, pending: () => timers.length, answerNow: () => watch.answered() };
}

test('a worker that answers every ping is never reported blocked, however long the run', () => {
  const { watch, said, worker, advanceTo } = setup();
  watch.start();
  advanceTo(60_000);
  assert.deepEqual(said, []);
  assert.ok(worker.pings >= 60_000 / W.CHECK_EVERY_MS - 1, `it kept asking (${worker.pings} pings)`);
});

test('a worker that stops answering is reported blocked once, after a second and before a second and a look', () => {
  const { watch, said, worker, advanceTo } = setup();
  watch.start();
  advanceTo(2_000);
  worker.answers = false; // the snippet spins from here
  const pingsBefore = worker.pings;
  advanceTo(2_000 + W.BLOCKED_AFTER_MS - 1);
  assert.deepEqual(said, [], 'not before a second has passed');
  advanceTo(2_000 + W.BLOCKED_AFTER_MS + 2 * W.CHECK_EVERY_MS);
  assert.equal(said.length, 1);
  assert.equal(said[0].blocked, true);
  advanceTo(30_000);
  assert.equal(said.length, 1, 'said once, not on every look; the frame, still there, is not gone');
  assert.equal(worker.pings - pingsBefore, 1, 'one ping waits; no pile of them behind the blocked thread');
});

test('the report clears when the worker answers again, and a later block is reported again', () => {
  const { watch, said, worker, advanceTo, answerNow } = setup();
  watch.start();
  worker.answers = false;
  advanceTo(3_000);
  answerNow(); // the long turn returned: the waiting ping is answered
  worker.answers = true;
  advanceTo(5_000);
  worker.answers = false;
  advanceTo(8_000);
  assert.deepEqual(
    said.map((s) => s.blocked),
    [true, false, true],
  );
});

test('a frame that stops answering is reported gone once, after 3 s, and the watch stops', () => {
  const { watch, said, worker, frame, advanceTo, pending } = setup();
  watch.start();
  advanceTo(1_000);
  worker.answers = false; // its process crashed: neither the worker nor the frame answers
  frame.alive = false;
  advanceTo(1_000 + W.FRAME_GONE_AFTER_MS - W.CHECK_EVERY_MS);
  assert.ok(!said.some((s) => s.gone), 'not before 3 s');
  advanceTo(1_000 + W.FRAME_GONE_AFTER_MS + W.CHECK_EVERY_MS);
  assert.deepEqual(said.filter((s) => s.gone).length, 1);
  assert.equal(said.find((s) => s.gone).answeredBefore, true, 'it had answered before it went');
  assert.equal(pending(), 0, 'no timer left');
  const pings = frame.pings;
  advanceTo(60_000);
  assert.equal(frame.pings, pings, 'nothing more is asked');
});

test("looks a minute apart (a hidden tab's throttled timers) never take a sandbox that answers for blocked or gone", () => {
  const { watch, said, worker, frame, advanceTo } = setup({ timerAlignMs: 60_000 });
  watch.start();
  advanceTo(600_000); // ten looks, a minute apart; every ask is answered at once
  assert.deepEqual(said, []);
  assert.ok(worker.pings >= 5 && frame.pings >= 5, `it kept asking both (${worker.pings}, ${frame.pings})`);
});

test('a frame gone before the run reached it is reported as never having answered', () => {
  const { watch, said, frame, advanceTo } = setup();
  frame.alive = false;
  watch.start();
  advanceTo(W.FRAME_GONE_AFTER_MS + W.CHECK_EVERY_MS);
  assert.deepEqual(
    said.filter((s) => s.gone).map((s) => s.answeredBefore),
    [false],
  );
});

test('a stopped watch pings no more and says nothing, even if an answer comes late', () => {
  const { watch, said, worker, advanceTo, pending, answerNow } = setup();
  watch.start();
  worker.answers = false;
  advanceTo(2_000);
  assert.equal(said.length, 1);
  watch.stop();
  const pings = worker.pings;
  assert.equal(pending(), 0, 'no timer left');
  answerNow(); // the stopped run's worker answered after all
  advanceTo(10_000);
  assert.equal(worker.pings, pings);
  assert.equal(said.length, 1, 'no "answers again" for a run that has ended');
});

test('a watch started again for the next run starts afresh', () => {
  const { watch, said, worker, frame, advanceTo } = setup();
  watch.start();
  worker.answers = false;
  frame.alive = false;
  advanceTo(2_500); // the first run is stopped before it was said blocked long, or its frame gone
  watch.stop();
  advanceTo(10_000);
  worker.answers = true; // the next run's worker and frame answer
  frame.alive = true;
  watch.start();
  advanceTo(20_000);
  assert.deepEqual(
    said.filter((s) => s.gone),
    [],
    "the first run's silence is not held against the next",
  );
});
