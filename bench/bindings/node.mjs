// `npm run bench:bindings`, the node half: node --expose-gc bench/bindings/node.mjs
import { readFileSync } from 'node:fs';
import { DEBUG, createRuntime } from '../../wasm_bindings/js/index.js';
import { formatResults, runSuite } from './suite.mjs';

const wasmBinary = readFileSync(new URL('../../wasm_bindings/generated/looplab_wasm.wasm', import.meta.url));
const memory = {
  gc: globalThis.gc,
  jsHeapUsed: () => process.memoryUsage().heapUsed,
};
const results = await runSuite({ createRuntime, DEBUG, wasmBinary, memory });
console.log(formatResults(`node ${process.version}`, results).join('\n'));
