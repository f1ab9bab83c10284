// Bundles the views' TypeScript for tests that run without the page: the trace
// model in node, and the views alone in Chromium (a fixture page fed with
// synthetic traces). rolldown is the bundler vite 8 itself uses, so the code
// under test is the code the page ships.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

// CSS imports become a <style> element, as vite does in development.
const cssAsStyle = {
  name: 'css-as-style',
  transform(code, id) {
    if (!id.endsWith('.css')) return null;
    return {
      code: `const s = document.createElement('style'); s.textContent = ${JSON.stringify(code)}; document.head.append(s); export default '';`,
      moduleType: 'js',
    };
  },
};

/** Bundles `source` (module text importing repo files by absolute path) into one ES module file; returns its path. */
export async function bundle(source, name = 'entry') {
  const dir = await mkdtemp(join(tmpdir(), 'looplab-views-'));
  const entry = join(dir, `${name}.ts`);
  await writeFile(entry, source);
  const build = await rolldown({ input: entry, plugins: [cssAsStyle], logLevel: 'warn' });
  const file = join(dir, `${name}.mjs`);
  await build.write({ file, format: 'esm' });
  await build.close();
  return { dir, file };
}

/** Imports the trace model (store, replay, builder, synthetic loop) into node. */
export async function importTraceModel() {
  const src = ['format', 'store', 'loopState', 'builder', 'synthetic', 'traceIndex']
    .map((m) => `export * from ${JSON.stringify(join(repo, 'web/src/trace', `${m}.ts`))};`)
    .join('\n');
  const { file } = await bundle(src, 'trace-model');
  return import(file);
}

export { repo };
