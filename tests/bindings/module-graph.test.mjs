// The runtime is imported from a Web Worker inside a sandboxed iframe (opaque
// origin), bundled by Vite: its module graph must fetch nothing by itself,
// resolve no URL against import.meta, and contain no node-only code.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

const dir = new URL('../../wasm_bindings/js/', import.meta.url);
const withoutComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .map((f) => [f, withoutComments(readFileSync(new URL(f, dir), 'utf8'))]);
const glue = readFileSync(new URL('../../wasm_bindings/generated/looplab_wasm.mjs', import.meta.url), 'utf8');

test('the JS half imports only its own files and the generated module', () => {
  for (const [file, text] of sources) {
    for (const [, spec] of text.matchAll(/\bfrom\s+'([^']+)'/g)) {
      assert.match(spec, /^\.\.?\//, `${file} imports ${spec}`);
    }
    assert.doesNotMatch(text, /\bimport\s*\(/, `${file} has a dynamic import`);
    assert.doesNotMatch(text, /\bfetch\s*\(|import\.meta|\bprocess\.|\brequire\s*\(/, `${file}`);
  }
});

test('the generated glue does not use import.meta or node modules', () => {
  assert.doesNotMatch(glue, /import\.meta/);
  assert.doesNotMatch(glue, /require\(["']/);
  assert.doesNotMatch(glue, /__dirname/);
});
