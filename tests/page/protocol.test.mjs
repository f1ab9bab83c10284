// The sandbox-to-page messages (web/src/protocol.ts), in node: a trace batch's
// task names, the frame's printed lines and the JS loop's records travel
// packed (typed arrays) and reach the page as what they were; a malformed packing is
// refused like any other message of the wrong shape, because the other side
// runs code from a link.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bundle, repo } from './views-bundle.mjs';

let P;
before(async () => {
  const { file } = await bundle(`export * from ${JSON.stringify(join(repo, 'web/src/protocol.ts'))};`, 'protocol');
  P = await import(file);
});

const NAMES = [
  [3, 'hello'],
  [4, ''],
  [9, 'goodbye, world'],
  [12, 'ünïcödé 🚀'],
];

function traceMessage(extra = {}) {
  const batch = { version: 1, frame: 1, wallMs: 0, loopTime: 0, count: 0, f64: new Float64Array(0), u32: new Uint32Array(0), names: [], errors: [], dropped: 0 };
  return { source: P.SOURCE, type: 'trace', runId: 1, batch, ...extra };
}

test('task names packed by the sandbox reach the page as the batch\'s [id, name] pairs, in order', () => {
  const m = P.parseSandboxMessage(traceMessage({ packedNames: P.packNames(NAMES) }));
  assert.ok(m, 'the message is accepted');
  assert.deepEqual(m.batch.names, NAMES);
  assert.equal(m.packedNames, undefined);
  // A structured clone (what postMessage does) keeps them.
  assert.deepEqual(P.parseSandboxMessage(structuredClone(traceMessage({ packedNames: P.packNames(NAMES) }))).batch.names, NAMES);
});

test('the packing\'s buffers can be transferred, and a name that is not well-formed text spoils only itself', () => {
  const names = [[1, 'a\uD800b'], [2, 'after']];
  const packed = P.packNames(names);
  const m = traceMessage({ packedNames: packed });
  const moved = structuredClone(m, { transfer: P.buffersOf(m) });
  assert.equal(packed.utf8.byteLength, 0, 'the sender no longer holds the bytes');
  assert.equal(packed.ids.byteLength + packed.ends.byteLength, 0, 'nor the ids and ends');
  assert.deepEqual(P.parseSandboxMessage(moved).batch.names, [[1, 'a\uFFFDb'], [2, 'after']]);
});

test('a batch sent with its names unpacked is taken as it is', () => {
  const m = traceMessage();
  m.batch.names = NAMES;
  assert.deepEqual(P.parseSandboxMessage(m).batch.names, NAMES);
});

test('a malformed packing is refused as a message of the wrong shape', () => {
  const good = P.packNames(NAMES);
  const bad = [
    { ...good, ids: [3, 4, 9, 12] }, // not a Uint32Array
    { ...good, ends: good.ends.subarray(1) }, // lengths differ
    { ...good, ends: Uint32Array.from([5, 3, 19, 29]) }, // goes backwards
    { ...good, ends: Uint32Array.from([5, 5, 19, 1000]) }, // past the text
    { ...good, utf8: 'hello' }, // not bytes
    { ...good, utf8: Uint8Array.from([0xff, 0xfe]) }, // not UTF-8
  ];
  for (const packedNames of bad) assert.equal(P.parseSandboxMessage(traceMessage({ packedNames })), null, JSON.stringify(packedNames));
});

/** Lines packed as the sandbox frame packs them (web/src/sandbox/frame.js). */
function packLines(lines) {
  return {
    loops: Uint8Array.from(lines, (l) => (l.loop === 'js' ? 1 : 0)),
    ms: Float64Array.from(lines, (l) => l.ms),
    ...P.packTexts(lines.map((l) => l.text)),
  };
}

const LINES = [
  { loop: 'cpp', ms: 0, text: 'first' },
  { loop: 'js', ms: 1000.5, text: '' },
  { loop: 'cpp', ms: 2000, text: 'ünïcödé 🚀, and a long one: ' + 'x'.repeat(5000) },
];

function printsMessage(packedLines) {
  return { source: P.SOURCE, type: 'prints', runId: 1, lines: [], packedLines };
}

test('printed lines packed by the sandbox frame reach the page as the lines, in order', () => {
  const m = P.parseSandboxMessage(structuredClone(printsMessage(packLines(LINES))));
  assert.ok(m, 'the message is accepted');
  assert.deepEqual(m.lines, LINES);
});

test('a malformed packing of lines is refused as a message of the wrong shape', () => {
  const good = packLines(LINES);
  const bad = [
    { ...good, loops: Uint8Array.from([0, 1, 2]) }, // no loop 2
    { ...good, ms: Float64Array.from([0, NaN, 1]) }, // not a time
    { ...good, ms: good.ms.subarray(1) }, // lengths differ
    { ...good, ends: Uint32Array.from([5, 3, 10]) }, // goes backwards
    { ...good, utf8: good.utf8.subarray(0, 10) }, // shorter than its ends
    { ...good, loops: [0, 1, 0] }, // not a Uint8Array
    packLines([]), // no lines at all
  ];
  for (const packedLines of bad) assert.equal(P.parseSandboxMessage(printsMessage(packedLines)), null);
});

const JS_RECORDS = [
  { kind: 'js', api: 'setTimeout', phase: 'scheduled', id: 1, ms: 0.5, delayMs: 1000, deadlineMs: 1000.5, label: 'hello' },
  { kind: 'js', api: 'promise', phase: 'run_begin', id: 2, ms: 1.25 },
  { kind: 'js', api: 'requestAnimationFrame', phase: 'cancelled', id: 3, ms: 2 },
  { kind: 'unrecorded', ms: 3, count: 4500 },
  { kind: 'js', api: 'setInterval', phase: 'run_end', id: 4, ms: 4, deadlineMs: 0, label: 'tick 🚀' },
  { kind: 'js', api: 'queueMicrotask', phase: 'run_begin', id: 5, ms: 5, delayMs: 0 },
];

function jsTraceMessage(packedEvents) {
  return { source: P.SOURCE, type: 'js-trace', runId: 1, events: [], packedEvents };
}

test("the JS loop's records packed by the sandbox reach the page as the records, fields absent where they were", () => {
  const packed = P.packJsRecords(JS_RECORDS);
  const moved = structuredClone(jsTraceMessage(packed), { transfer: P.buffersOf(packed) });
  assert.equal(packed.ms.byteLength, 0, 'the sender no longer holds the columns');
  const { events } = P.parseSandboxMessage(moved);
  // Made into records a slice at a time, as the page's trace feed takes them.
  assert.equal(events.length, JS_RECORDS.length);
  assert.deepEqual(events.slice(0, events.length), JS_RECORDS);
  assert.deepEqual(events.slice(2, 4), JS_RECORDS.slice(2, 4));
});

test("a malformed packing of the JS loop's records is refused as a message of the wrong shape", () => {
  const good = P.packJsRecords(JS_RECORDS);
  const bad = [
    { ...good, codes: Uint8Array.from([1, 2, 3, 0, 1, 200]) }, // no api for code 200
    { ...good, ms: Float64Array.from([0, 1, Infinity, 3, 4, 5]) }, // not a time
    { ...good, ids: good.ids.subarray(1) }, // lengths differ
    { ...good, delayMs: [1, 2, 3, 4, 5, 6] }, // not a Float64Array
    { ...good, labels: { ends: good.labels.ends, utf8: Uint8Array.from([0xff]) } }, // not UTF-8
  ];
  for (const packedEvents of bad) assert.equal(P.parseSandboxMessage(jsTraceMessage(packedEvents)), null);
});
