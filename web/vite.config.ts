// Builds the playground into the repo's dist/: index.html (the full page) and
// embed.html (the compact view for iframes). Relative asset URLs (`base: './'`)
// so any static host can serve the folder from any path, no special headers.
import { defineConfig, type Plugin } from 'vite';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

// `virtual:looplab-bindings` is the bindings' createRuntime once they are built
// (wasm_bindings/generated/ is git-ignored), else undefined: the page then runs
// the JS loop alone and says why `loop` is missing, instead of failing to build.
function optionalBindings(): Plugin {
  const id = 'virtual:looplab-bindings';
  const index = `${repo}wasm_bindings/js/index.js`;
  const glue = `${repo}wasm_bindings/generated/looplab_wasm.mjs`;
  return {
    name: 'looplab-optional-bindings',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load: (resolved) => {
      if (resolved !== `\0${id}`) return null;
      return existsSync(index) && existsSync(glue)
        ? `export { createRuntime } from ${JSON.stringify(index)};`
        : 'export const createRuntime = undefined;';
    },
  };
}

export default defineConfig({
  root: web,
  base: './',
  publicDir: false,
  build: {
    outDir: `${repo}dist`,
    emptyOutDir: true,
    target: 'es2022',
    // Monaco's editor API alone is ~2.8 MB; it loads lazily, so the warning says nothing useful.
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: { index: `${web}index.html`, embed: `${web}embed.html` },
    },
  },
  worker: {
    // The sandbox worker runs from a Blob in an opaque-origin frame, where module
    // imports would need CORS: it must be one self-contained classic script.
    format: 'iife',
    plugins: () => [optionalBindings()],
  },
  plugins: [optionalBindings()],
  server: {
    // The runtime source view and the bindings live outside web/.
    fs: { allow: [repo] },
  },
});
