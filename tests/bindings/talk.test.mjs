// The talk's scenario, on the C++ loop and the virtual clock: two timeouts set
// for 1.0 s ("goodbye") and 0.5 s ("hello"), and the loop prints hello at 0.5 s
// and goodbye at 1.0 s, because neither waits by blocking.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { virtualRuntime } from './helpers.mjs';

test("the talk's generator set_timeout on loop.run prints hello at 0.5 s, then goodbye at 1.0 s", async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  function* setTimeout(delay, callback) {
    yield loop.sleep(delay);
    callback();
  }
  const outcome = await h.runUntilSettled(
    loop.run([setTimeout(1.0, () => print('goodbye')), setTimeout(0.5, () => print('hello'))]),
  );
  assert.deepEqual(outcome, { value: [undefined, undefined] });
  assert.deepEqual(
    h.lines.map(({ loop: which, ms, text }) => [which, ms, text]),
    [
      ['cpp', 500, 'hello'],
      ['cpp', 1000, 'goodbye'],
    ],
  );
});

test('loop.setTimeout callbacks print hello at 0.5 s, then goodbye at 1.0 s', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  loop.setTimeout(1.0, () => print('goodbye'));
  loop.setTimeout(0.5, () => print('hello'));
  await h.start();
  await h.until(() => h.lines.length === 2);
  assert.deepEqual(
    h.lines.map(({ ms, text }) => [ms, text]),
    [
      [500, 'hello'],
      [1000, 'goodbye'],
    ],
  );
});

test("the talk's polling sleep (yield until the deadline) round-robins on the C++ loop to the same result", async () => {
  // Always-ready work: the fake wall clock must move while the tick runs, or no budget would ever end it.
  const h = await virtualRuntime({ msPerRead: 0.01 });
  const { loop, print, now } = h;
  function* sleep(delay) {
    const expireAt = now() + delay;
    while (now() < expireAt) yield;
  }
  function* setTimeout(delay, callback) {
    yield* sleep(delay);
    callback();
  }
  await h.runUntilSettled(loop.run([setTimeout(1.0, () => print('goodbye')), setTimeout(0.5, () => print('hello'))]));
  assert.deepEqual(h.printed, ['hello', 'goodbye']);
  // A polling loop notices the deadline at its next turn: at or just after it.
  assert.ok(h.lines[0].ms >= 500 && h.lines[0].ms < 520, `hello at ${h.lines[0].ms} ms`);
  assert.ok(h.lines[1].ms >= 1000 && h.lines[1].ms < 1020, `goodbye at ${h.lines[1].ms} ms`);
});

test('loop.runUntilComplete of a gather gives the results in argument order', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  function* after(delay, value) {
    yield loop.sleep(delay);
    return value;
  }
  const outcome = await h.runUntilSettled(loop.runUntilComplete(loop.gather(after(1.0, 'goodbye'), after(0.5, 'hello'))));
  assert.deepEqual(outcome, { value: ['goodbye', 'hello'] });
  assert.equal(h.loop.now(), 1.0);
});
