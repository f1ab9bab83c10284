// print()'s formatting of a snippet's values (wasm_bindings/js/format.js):
// like console.log, never throwing, even on hostile values, and saying what
// went wrong when a value cannot be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipText, formatValues } from '../../wasm_bindings/js/format.js';

test('values print as console.log would show them, short', () => {
  const cyclic = { name: 'a' };
  cyclic.self = cyclic;
  assert.equal(formatValues(['text', 1, -0, 2n, null, undefined, true]), 'text 1 -0 2n null undefined true');
  assert.equal(formatValues([{ a: 1, b: [1, 2, { c: 'x' }] }]), '{ a: 1, b: [ 1, 2, { c: "x" } ] }');
  assert.equal(formatValues([cyclic]), '{ name: "a", self: [Circular] }');
  assert.match(formatValues([new Array(100).fill(7)]), /^\[ 7, 7, .* \.\.\. 70 more \]$/);
});

test('maps and sets print their entries, as console.log does', () => {
  assert.equal(formatValues([new Map([['a', 1], [2, { b: [3] }]])]), 'Map(2) { "a" => 1, 2 => { b: [ 3 ] } }');
  assert.equal(formatValues([new Set([1, 'two'])]), 'Set(2) { 1, "two" }');
  assert.equal(formatValues([new Map(), new Set()]), 'Map(0) {} Set(0) {}');
  const many = new Set(Array.from({ length: 40 }, (_, i) => i));
  assert.match(formatValues([many]), /^Set\(40\) \{ 0, 1, .*, 29, \.\.\. 10 more \}$/);
  const looped = new Map();
  looped.set('me', looped);
  assert.equal(formatValues([looped]), 'Map(1) { "me" => [Circular] }');
});

test('a value that throws when read prints what it threw, and the rest of the line still prints', () => {
  const getter = { get x() { throw new Error('getter broke'); } };
  const trap = new Proxy({}, { ownKeys() { throw new TypeError('no keys here'); } });
  assert.equal(formatValues(['before', getter, 'after']), 'before [unprintable: Error: getter broke] after');
  assert.equal(formatValues([trap]), '[unprintable: TypeError: no keys here]');
  // What was thrown can be hostile as well.
  const hostile = new Proxy({}, { ownKeys() { throw { toString() { throw new Error('again'); } }; } });
  assert.equal(formatValues([hostile]), '[unprintable: reading it threw]');
});

test('a text longer than its limit keeps its beginning and says how much more there was, never half a character', () => {
  assert.equal(clipText('short', 10), 'short');
  assert.equal(clipText('x'.repeat(1_000_000), 5), 'xxxxx… (999,995 more characters not shown)');
  // '😀' is two UTF-16 units: a cut between them would leave half a character.
  assert.equal(clipText('ab😀cd', 3), 'ab… (4 more characters not shown)');
  assert.equal(clipText('ab😀cd', 4), 'ab😀… (2 more characters not shown)');
});
