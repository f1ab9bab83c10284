// A JS generator is a task of the C++ loop: a bare `yield` gives the loop back,
// `yield awaitable` suspends until it completes and resumes with its value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { virtualRuntime } from './helpers.mjs';

test('a bare yield round-robins between tasks, as the talk\'s run() does', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  function* worker(name, n) {
    for (let i = 1; i <= n; i++) {
      print(`${name}${i}`);
      yield;
    }
  }
  await h.runUntilSettled(loop.run([worker('a', 3), worker('b', 2), worker('c', 1)]));
  assert.deepEqual(h.printed, ['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
});

test('yield null gives the loop back like a bare yield, as Python\'s yield None does', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  function* worker(name, n) {
    for (let i = 1; i <= n; i++) {
      print(`${name}${i}`);
      yield null;
    }
  }
  await h.runUntilSettled(loop.run([worker('a', 2), worker('b', 2)]));
  assert.deepEqual(h.printed, ['a1', 'b1', 'a2', 'b2']);
});

test('yield loop.sleep(s) resumes the task s seconds later on the loop clock', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const times = [];
  const task = loop.spawn(
    (function* () {
      times.push(loop.now());
      yield loop.sleep(0.25);
      times.push(loop.now());
      yield loop.sleep(0);
      times.push(loop.now());
      return 'slept';
    })(),
  );
  const outcome = await h.runUntilSettled(task);
  assert.deepEqual(outcome, { value: 'slept' });
  assert.deepEqual(times, [0, 0.25, 0.25]);
});

test('yield task resumes with the task\'s return value once it finishes', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  function* child() {
    yield loop.sleep(0.1);
    return 42;
  }
  const parent = loop.spawn(
    (function* () {
      const c = loop.spawn(child(), 'child');
      const value = yield c;
      return [value, c.state, c.result];
    })(),
    'parent',
  );
  assert.deepEqual(await h.runUntilSettled(parent), { value: [42, 'done', 42] });
  assert.equal(parent.name, 'parent');
  assert.equal(parent.state, 'done');
});

test('yield of a generator object runs it as a child task and gives its return value', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  function* add(a, b) {
    yield;
    return a + b;
  }
  const t = loop.spawn(
    (function* () {
      return (yield add(1, 2)) + (yield add(3, 4));
    })(),
  );
  assert.deepEqual(await h.runUntilSettled(t), { value: 10 });
});

test('yield of an already finished task continues at once with its result', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const done = loop.spawn((function* () { return 'early'; })());
  await h.runUntilSettled(done);
  const later = loop.spawn((function* () { return yield done; })());
  assert.deepEqual(await h.runUntilSettled(later), { value: 'early' });
});

test('yield of a JS Promise waits for it on the C++ loop and resumes with its value', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  let resolve;
  const p = new Promise((r) => (resolve = r));
  const t = loop.spawn((function* () { return yield p; })());
  await h.start();
  await h.frame();
  assert.equal(t.state, 'pending');
  resolve('from JS');
  assert.deepEqual(await h.runUntilSettled(t), { value: 'from JS' });
});

test('yield of something that is not awaitable throws a TypeError into the generator', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const t = loop.spawn(
    (function* () {
      try {
        yield 42;
      } catch (e) {
        return `${e.name}: ${e.message}`;
      }
      return 'no error';
    })(),
  );
  const { value } = await h.runUntilSettled(t);
  assert.match(value, /^TypeError: a task yielded 42, which the loop cannot wait for/);
});

test('a task has an id, a default name and a state the learner can read', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  const t = loop.spawn((function* () { yield; })());
  assert.equal(typeof t.id, 'number');
  assert.equal(t.name, `task-${t.id}`);
  assert.equal(t.state, 'pending');
  assert.equal(t.result, undefined);
  await h.runUntilSettled(t);
  assert.equal(t.state, 'done');
});
