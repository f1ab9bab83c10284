// loop.gather and loop.waitFor follow asyncio: results in argument order; the
// first failure fails the gather at once while the others keep running; a
// waitFor that runs out of time cancels what it waited for and throws.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { virtualRuntime } from './helpers.mjs';

test('gather gives results in argument order, whatever order they finish in', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  function* after(s, v) {
    yield loop.sleep(s);
    return v;
  }
  const t = loop.spawn(
    (function* () {
      return yield loop.gather(after(0.3, 'a'), loop.spawn(after(0.1, 'b')), loop.sleep(0.2), Promise.resolve('d'));
    })(),
  );
  assert.deepEqual(await h.runUntilSettled(t), { value: ['a', 'b', undefined, 'd'] });
  assert.equal(loop.now(), 0.3);
});

test('gather fails with the first failure as soon as it happens, and the others keep running', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  function* slow() {
    yield loop.sleep(1.0);
    print('slow finished');
    return 'slow';
  }
  function* failing() {
    yield loop.sleep(0.2);
    throw new Error('boom');
  }
  const slowTask = loop.spawn(slow());
  const t = loop.spawn(
    (function* () {
      try {
        yield loop.gather(slowTask, failing());
      } catch (e) {
        return [e.message, loop.now()];
      }
    })(),
  );
  assert.deepEqual(await h.runUntilSettled(t), { value: ['boom', 0.2] });
  assert.equal(slowTask.state, 'pending');
  await h.runUntilSettled(slowTask);
  assert.deepEqual(h.printed, ['slow finished']);
});

test('gather of nothing completes with an empty list', async () => {
  const h = await virtualRuntime();
  assert.deepEqual(await h.runUntilSettled(h.loop.runUntilComplete(h.loop.gather())), { value: [] });
});

test('waitFor gives the result when it comes in time', async () => {
  const h = await virtualRuntime();
  const { loop } = h;
  function* quick() {
    yield loop.sleep(0.1);
    return 'in time';
  }
  assert.deepEqual(await h.runUntilSettled(loop.runUntilComplete(loop.waitFor(quick(), 0.5))), { value: 'in time' });
});

test('waitFor throws a TimeoutError when time runs out, and cancels what it waited for', async () => {
  const h = await virtualRuntime();
  const { loop, print } = h;
  const slow = loop.spawn(
    (function* () {
      try {
        yield loop.sleep(10);
      } finally {
        print('cleaned up');
      }
    })(),
  );
  const t = loop.spawn(
    (function* () {
      try {
        yield loop.waitFor(slow, 0.5);
      } catch (e) {
        return [e.name, loop.now()];
      }
    })(),
  );
  assert.deepEqual(await h.runUntilSettled(t), { value: ['TimeoutError', 0.5] });
  await h.frame();
  assert.equal(slow.state, 'cancelled');
  assert.deepEqual(h.printed, ['cleaned up']);
});
