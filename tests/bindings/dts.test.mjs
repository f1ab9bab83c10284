// wasm_bindings/looplab.d.ts is what the editor shows a learner on hover: it
// must declare exactly what a snippet really gets. This test reads the .d.ts
// with TypeScript's parser and compares it with a live runtime's globals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';
import { DEBUG } from '../../wasm_bindings/js/index.js';
import { virtualRuntime } from './helpers.mjs';

const path = new URL('../../wasm_bindings/looplab.d.ts', import.meta.url);
const source = ts.createSourceFile('looplab.d.ts', readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);

const declared = { globals: [], interfaces: new Map() };
for (const node of source.statements) {
  if (ts.isVariableStatement(node)) for (const d of node.declarationList.declarations) declared.globals.push(d.name.text);
  if (ts.isFunctionDeclaration(node)) declared.globals.push(node.name.text);
  if (ts.isInterfaceDeclaration(node)) {
    declared.interfaces.set(node.name.text, node.members.filter((m) => m.name).map((m) => m.name.text).sort());
  }
}

const h = await virtualRuntime();
const { loop } = h;

/** Public members of an object and its class prototypes (own props, getters, methods). */
function membersOf(obj) {
  const names = new Set();
  for (let o = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) if (k !== 'constructor' && !k.startsWith('_') && k !== 'toLooplabString') names.add(k);
  }
  return [...names].sort();
}

test('the .d.ts parses without errors', () => {
  assert.deepEqual(source.parseDiagnostics.map((d) => d.messageText), []);
});

test('the globals a snippet gets are exactly the ones the .d.ts declares', () => {
  assert.deepEqual(Object.keys(h.rt.globals).sort(), declared.globals.sort());
});

test('loop has exactly the methods of interface Loop', () => {
  assert.deepEqual(membersOf(loop), declared.interfaces.get('Loop'));
});

test('a task has exactly the members of interface Task (and Awaitable)', () => {
  const task = loop.spawn((function* () {})());
  const expected = [...declared.interfaces.get('Task'), ...declared.interfaces.get('Awaitable')].sort();
  assert.deepEqual(membersOf(task), expected);
});

test('a timer handle has exactly the members of interface TimerHandle', () => {
  assert.deepEqual(membersOf(loop.setTimeout(1, () => {})), declared.interfaces.get('TimerHandle'));
  assert.deepEqual(membersOf(loop.callSoon(() => {})), declared.interfaces.get('TimerHandle'));
});

test('sleep, gather and waitFor give Awaitables: thenables', () => {
  for (const a of [loop.sleep(1), loop.gather(), loop.waitFor(loop.sleep(1), 2)]) {
    assert.deepEqual(membersOf(a), declared.interfaces.get('Awaitable'));
  }
});

test('every declaration has a doc comment for the hover', () => {
  const undocumented = [];
  const visit = (node, name) => {
    if (!ts.getJSDocCommentsAndTags(node).length) undocumented.push(name);
  };
  for (const node of source.statements) {
    if (ts.isInterfaceDeclaration(node)) {
      visit(node, node.name.text);
      for (const m of node.members) if (m.name) visit(m, `${node.name.text}.${m.name.text}`);
    } else if (ts.isFunctionDeclaration(node)) visit(node, node.name.text);
    else if (ts.isVariableStatement(node)) visit(node, node.declarationList.declarations[0].name.text);
  }
  assert.deepEqual(undocumented.filter((n) => n !== 'Awaitable.then'), []);
  assert.ok(h.rt[DEBUG]); // (keeps the import honest)
});
