// Builds the playground into the repo's dist/: index.html (the full page) and
// embed.html (the compact view for iframes). Relative asset URLs (`base: './'`)
// so any static host can serve the folder from any path, no special headers.
import { defineConfig, type Plugin } from 'vite';
import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
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

// embed.html's first output waits for the sandbox's worker code and .wasm,
// which the page fetches (runner/assets.ts). Preload links in the HTML start
// both fetches while the page's own scripts load, instead of after they ran.
// They are the files that module imports; `crossorigin` makes the preload match
// assets.ts's fetch() (CORS mode, same-origin credentials), so each loads once.
function preloadSandboxAssets(): Plugin {
  const assetsModule = `${web}src/runner/assets.ts`;
  return {
    name: 'looplab-preload-sandbox-assets',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.path.endsWith('/embed.html') || !ctx.bundle) return;
        const files = Object.values(ctx.bundle).flatMap((out) =>
          out.type === 'chunk' && out.moduleIds.includes(assetsModule) ? [...(out.viteMetadata?.importedAssets ?? [])] : [],
        );
        const scripts = files.filter((f) => f.endsWith('.js'));
        const wasm = files.filter((f) => f.endsWith('.wasm'));
        // One worker bundle and at most one .wasm (none before the bindings are built); anything
        // else means the bundling changed, and preloading a wrong file would only cost bytes.
        if (scripts.length !== 1 || wasm.length > 1) {
          this.warn(`not preloading the sandbox assets: expected one worker script and at most one .wasm, found ${files.join(', ') || 'none'}`);
          return;
        }
        const from = dirname(ctx.path);
        return [...scripts, ...wasm].map((file) => ({
          tag: 'link',
          attrs: { rel: 'preload', as: 'fetch', crossorigin: '', href: `./${relative(from, `/${file}`)}` },
          injectTo: 'head' as const,
        }));
      },
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
    // ASCII only (non-ASCII escaped): the page hands the sandbox worker's code to
    // the frame as a string, and a one-byte string is half the message that the
    // frame's process must read before its worker can start (~15 ms less there).
    rolldownOptions: { output: { charset: 'ascii' } },
    plugins: () => [optionalBindings()],
  },
  plugins: [optionalBindings(), preloadSandboxAssets()],
  server: {
    // The runtime source view and the bindings live outside web/.
    fs: { allow: [repo] },
  },
});
