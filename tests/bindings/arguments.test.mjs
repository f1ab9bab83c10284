// Wrong arguments throw a TypeError or RangeError at the call, in the
// learner's terms, before anything reaches the C++ loop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { virtualRuntime } from './helpers.mjs';

const h = await virtualRuntime();
const { loop } = h;

test("loop.sleep('x') is a TypeError asking for a number of seconds", () => {
  assert.throws(() => loop.sleep('x'), { name: 'TypeError', message: /loop\.sleep: seconds must be a number of seconds, like 0\.5; got "x"/ });
});

test("loop.sleep('1') suggests writing the number without quotes", () => {
  assert.throws(() => loop.sleep('1'), { name: 'TypeError', message: /write 1 without quotes/ });
});

test('a negative delay is a RangeError that says the loop cannot go back in time', () => {
  assert.throws(() => loop.sleep(-1), { name: 'RangeError', message: /loop\.sleep: seconds cannot be negative \(got -1\)/ });
  assert.throws(() => loop.setTimeout(-0.5, () => {}), { name: 'RangeError', message: /loop\.setTimeout/ });
  assert.throws(() => loop.callLater(-2, () => {}), { name: 'RangeError' });
  assert.throws(() => loop.waitFor(loop.sleep(1), -1), { name: 'RangeError' });
});

test('NaN and Infinity are not delays', () => {
  assert.throws(() => loop.sleep(NaN), { name: 'TypeError', message: /got NaN/ });
  assert.throws(() => loop.sleep(Infinity), { name: 'RangeError', message: /finite/ });
});

test('loop.spawn(42) is a TypeError asking for a generator object', () => {
  assert.throws(() => loop.spawn(42), { name: 'TypeError', message: /loop\.spawn: its argument must be a generator object \(what calling a function\* returns\); got 42/ });
});

test('loop.spawn of the generator function itself says to call it first', () => {
  function* worker() {}
  assert.throws(() => loop.spawn(worker), { name: 'TypeError', message: /call it first: loop\.spawn\(worker\(\)\)/ });
});

test('loop.spawn of an async function says to write it as a generator', () => {
  assert.throws(() => loop.spawn(async function fetchIt() {}), { name: 'TypeError', message: /async function fetchIt/ });
});

test('a generator object can be spawned as one task only', () => {
  const g = (function* () { yield; })();
  const first = loop.spawn(g, 'first');
  assert.throws(() => loop.spawn(g), { name: 'TypeError', message: /already running as the task first/ });
  first.cancel();
});

test('a task name must be a string', () => {
  assert.throws(() => loop.spawn((function* () {})(), 7), { name: 'TypeError', message: /task name must be a string/ });
});

test('callbacks must be functions, with a hint when the learner called one', () => {
  assert.throws(() => loop.setTimeout(1, 'print'), { name: 'TypeError', message: /loop\.setTimeout: callback must be a function; got "print" \(did you call it\?/ });
  assert.throws(() => loop.callSoon(undefined), { name: 'TypeError', message: /loop\.callSoon: callback must be a function; got undefined/ });
  function* gen() {}
  assert.throws(() => loop.callSoon(gen), { name: 'TypeError', message: /generator function/ });
});

test('loop.gather names the argument that is not awaitable', () => {
  assert.throws(() => loop.gather(loop.sleep(1), 3), { name: 'TypeError', message: /loop\.gather: argument 2 must be an awaitable/ });
});

test('loop.run wants a list of generator objects', () => {
  assert.throws(() => loop.run((function* () {})()), { name: 'TypeError', message: /loop\.run: its argument \(the list of generators\) must be an array/ });
  assert.throws(() => loop.run([(function* () {})(), 5]), { name: 'TypeError', message: /loop\.run: item 2 of the list must be a generator object/ });
});

test('loop.runUntilComplete and loop.waitFor want an awaitable', () => {
  assert.throws(() => loop.runUntilComplete(1), { name: 'TypeError', message: /loop\.runUntilComplete: its argument must be an awaitable/ });
  assert.throws(() => loop.waitFor('soon', 1), { name: 'TypeError', message: /loop\.waitFor: the first argument must be an awaitable/ });
});

test('a wrong argument throws at the call, with the stack pointing at the caller', () => {
  let err;
  try {
    loop.sleep('x');
  } catch (e) {
    err = e;
  }
  assert.match(err.stack.split('\n').slice(1, 4).join('\n'), /arguments\.test\.mjs/);
});

test('runtime.setSpeed accepts 0.05 to 1 and says so otherwise', () => {
  assert.throws(() => h.rt.setSpeed(2), { name: 'RangeError', message: /from 0\.05 to 1/ });
  assert.throws(() => h.rt.setSpeed('fast'), { name: 'RangeError' });
  h.rt.setSpeed(0.5);
});

test('createRuntime without the wasm bytes says what to pass', async () => {
  const { createRuntime } = await import('../../wasm_bindings/js/index.js');
  await assert.rejects(createRuntime({}), { name: 'TypeError', message: /wasmBinary must be the bytes of looplab_wasm\.wasm/ });
  await assert.rejects(createRuntime({ wasmBinary: new Uint8Array(), clock: 'fast' }), { name: 'TypeError', message: /clock must be 'real' or 'virtual'/ });
});
