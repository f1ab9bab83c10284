// Awaitables are thenables: `await loop.sleep(1)` works in an async function.
// The C++ loop fires the timer; JavaScript's microtasks resume the function,
// so what runs after the await runs on the JS loop, not the C++ one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { virtualRuntime } from './helpers.mjs';

test('await loop.sleep() in an async function resumes after the C++ loop fires the timer, on the JS loop', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  async function main() {
    print('before');
    await loop.sleep(0.5);
    print('after');
    return loop.now();
  }
  // `await` calls then() in a microtask, after the first frame (t = 0): the
  // sleep is a task of the C++ loop that starts on the next frame (t = 10 ms)
  // and its timer fires 0.5 s later.
  const outcome = await h.runUntilSettled(main());
  assert.deepEqual(outcome, { value: 0.51 });
  assert.deepEqual(
    h.lines.map((l) => [l.loop, l.text]),
    [
      ['js', 'before'],
      ['js', 'after'],
    ],
  );
  assert.equal(h.lines[1].ms, 510);
});

test('await on a task gives its result; await on a failed task throws its error', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const ok = loop.spawn((function* () { yield loop.sleep(0.1); return 'ok'; })());
  const bad = loop.spawn((function* () { yield; throw new RangeError('bad'); })());
  async function main() {
    const a = await ok;
    try {
      await bad;
    } catch (e) {
      return [a, e];
    }
  }
  const { value } = await h.runUntilSettled(main());
  assert.equal(value[0], 'ok');
  assert.ok(value[1] instanceof RangeError);
  assert.equal(value[1].message, 'bad');
});

test('await loop.gather() in an async function gives the results in order', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  function* after(s, v) {
    yield loop.sleep(s);
    return v;
  }
  const outcome = await h.runUntilSettled((async () => await loop.gather(after(0.2, 'x'), after(0.1, 'y')))());
  assert.deepEqual(outcome, { value: ['x', 'y'] });
});

test("awaiting what loop.run and loop.runUntilComplete return goes through their then(), which a tracer of the JS loop can see", async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const gen = () => (function* () { yield loop.sleep(0.1); return 1; })();
  const promises = [loop.run([gen()]), loop.runUntilComplete(loop.spawn(gen()))];
  // The sandbox records the JS loop's promise reactions by wrapping then(): a
  // plain Promise is awaited without it, and the JS lane missed the resume.
  const awaitedThrough = new Set();
  const then = Promise.prototype.then;
  Promise.prototype.then = function (...args) {
    if (promises.includes(this)) awaitedThrough.add(this);
    return then.apply(this, args);
  };
  try {
    const outcome = await h.runUntilSettled((async () => [await promises[0], await promises[1]])());
    assert.deepEqual(outcome, { value: [[1], 1] });
  } finally {
    Promise.prototype.then = then;
  }
  assert.equal(awaitedThrough.size, 2);
  for (const p of promises) {
    assert.ok(p instanceof Promise, 'still a Promise: catch and finally work');
    assert.equal(typeof p.finally, 'function');
  }
});

test('once neither loop has anything left to do, the runtime names the tasks nothing will resume, and what each waits on', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const stuck = loop.spawn((function* () { yield new Promise(() => {}); })(), 'stuck');
  loop.spawn((function* () { yield stuck; })(), 'waiter');
  loop.spawn((function* () { yield loop.sleep(0.1); })(), 'finishes');
  await h.start();
  await h.until(() => h.rt.isIdle());
  assert.deepEqual(h.rt.unfinishedTasks(), [
    { name: 'stuck', waitingOn: 'a Promise that nothing settled' },
    { name: 'waiter', waitingOn: 'the task stuck' },
  ]);
});
