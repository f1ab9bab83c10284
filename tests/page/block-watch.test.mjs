// The page's watch on the sandbox's thread (web/src/runner/blockWatch.ts), in
// node on a fake clock: a learner is told the loops are blocked only when the
// worker has stopped answering for over a second, told again when it answers,
// and a stopped watch says nothing more.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bundle, repo } from './views-bundle.mjs';

let W;
before(async () => {
  const { file } = await bundle(`export * from ${JSON.stringify(join(repo, 'web/src/runner/blockWatch.ts'))};`, 'block-watch');
  W = await import(file);
});

/** A watch on a fake clock whose timers fire when the test advances time; `answers` decides whether the worker answers each ping at once. */
function setup() {
  let clock = 0;
  let timers = [];
  const said = [];
  const worker = { answers: true, pings: 0 };
  const watch = new W.BlockWatch({
    ping: () => {
      worker.pings++;
      if (worker.answers) queueAnswer();
    },
    onChange: (blocked) => said.push({ at: clock, blocked }),
    now: () => clock,
    setTimer: (fn, ms) => {
      const t = { at: clock + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      timers = timers.filter((x) => x !== t);
    },
  });
  // The worker's answer comes as a message, after the ping went out (never inside it).
  let answerDue = false;
  const queueAnswer = () => {
    answerDue = true;
  };
  /** Advances the clock to `ms`, delivering any answer first and firing timers due on the way. */
  const advanceTo = (ms) => {
    for (;;) {
      if (answerDue) {
        answerDue = false;
        watch.answered();
      }
      const next = timers.filter((t) => t.at <= ms).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers = timers.filter((t) => t !== next);
      clock = next.at;
      next.fn();
    }
    clock = ms;
  };
  return { watch, said, worker, advanceTo, pending: () => timers.length, answerNow: () => watch.answered() };
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
  assert.equal(said.length, 1, 'said once, not on every look');
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
  const { watch, said, worker, advanceTo } = setup();
  watch.start();
  worker.answers = false;
  advanceTo(500); // the first run is stopped before a second passed
  worker.answers = true; // the next run's worker answers
  watch.start();
  advanceTo(5_000);
  assert.deepEqual(said, [], "the first run's unanswered ping is not held against the next");
});
