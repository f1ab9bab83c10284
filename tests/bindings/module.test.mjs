// A host that makes a runtime per run in several workers (the sandbox makes
// one per Run) compiles the wasm once and hands each runtime the compiled
// module: the runtimes then share its machine code, and nothing else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRuntime } from '../../wasm_bindings/js/index.js';
import { virtualRuntime, wasmBinary } from './helpers.mjs';

const wasmModule = await WebAssembly.compile(wasmBinary);

/** Round-robins three generators, then sleeps: what the talk's run() and sleep do. */
async function roundRobin(h, tag) {
  const { loop, print } = h;
  function* worker(name, n) {
    for (let i = 1; i <= n; i++) {
      print(`${tag}:${name}${i}`);
      yield;
    }
    yield loop.sleep(0.1);
    print(`${tag}:${name} woke at ${loop.now()}`);
  }
  return h.runUntilSettled(loop.run([worker('a', 3), worker('b', 2), worker('c', 1)]));
}

test('a runtime made from the compiled module runs a snippet exactly as one made from the bytes', async () => {
  const fromBytes = await virtualRuntime();
  const fromModule = await virtualRuntime({ wasmBinary: undefined, wasmModule });
  await roundRobin(fromBytes, 'x');
  await roundRobin(fromModule, 'x');
  assert.deepEqual(fromModule.printed, fromBytes.printed);
  assert.ok(fromModule.printed.includes('x:a woke at 0.1'), fromModule.printed.join('\n'));
  const events = (h) => h.batches.reduce((n, b) => n + b.count, 0);
  assert.equal(events(fromModule), events(fromBytes));
  assert.ok(events(fromModule) > 0);
});

test('runtimes sharing one module keep their own loops: one run\'s tasks never show in the other', async () => {
  const one = await virtualRuntime({ wasmBinary: undefined, wasmModule });
  const two = await virtualRuntime({ wasmBinary: undefined, wasmModule });
  one.loop.spawn((function* () { yield one.loop.sleep(1); })(), 'only in one');
  await Promise.all([roundRobin(one, 'one'), roundRobin(two, 'two')]);
  assert.ok(one.printed.every((line) => line.startsWith('one:')));
  assert.ok(two.printed.every((line) => line.startsWith('two:')));
  assert.equal(two.printed.length, one.printed.length);
  const names = (h) => h.batches.flatMap((b) => b.names.map(([, name]) => name));
  assert.ok(names(one).includes('only in one'));
  assert.ok(!names(two).includes('only in one'));
});

test('createRuntime says what is wrong with the wasm it is given', async () => {
  await assert.rejects(createRuntime({ wasmModule: wasmBinary }), {
    name: 'TypeError',
    message: /wasmModule must be looplab_wasm\.wasm compiled \(a WebAssembly\.Module\)/,
  });
  await assert.rejects(createRuntime({ wasmBinary, wasmModule }), { name: 'TypeError', message: /wasmBinary or wasmModule, not both/ });
});
