// What the page hands the sandbox: the worker bundle's text and the wasm
// bytes, fetched here (same origin, so no CORS is needed on a plain static
// host) because the opaque-origin frame could not fetch them itself.
import workerUrl from '../sandbox/worker.ts?worker&url';

// Present only once the bindings are built (wasm_bindings/generated/ is
// git-ignored); without them the page runs the JS loop alone.
const wasmUrls = import.meta.glob<string>('../../../wasm_bindings/generated/looplab_wasm.wasm', {
  query: '?url',
  import: 'default',
  eager: true,
});
const wasmUrl = Object.values(wasmUrls)[0];

export const hasCppRuntime = wasmUrl !== undefined;

export interface SandboxAssets {
  workerCode: string;
  wasmBinary: ArrayBuffer | null;
}

let loading: Promise<SandboxAssets> | null = null;

/** Fetched once per page. */
export function loadSandboxAssets(): Promise<SandboxAssets> {
  loading ??= (async () => {
    const [workerCode, wasmBinary] = await Promise.all([
      fetchOk(workerUrl).then((r) => r.text()),
      wasmUrl ? fetchOk(wasmUrl).then((r) => r.arrayBuffer()) : Promise.resolve(null),
    ]);
    return { workerCode, wasmBinary };
  })();
  return loading;
}

async function fetchOk(url: string) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`could not load ${url} (HTTP ${r.status})`);
  return r;
}
