// `npm run bench:bindings`, the browser half: the same suite in headless
// Chromium (Debian's, through playwright-core; flags as in TOOLCHAIN.md),
// served from the repository root by the project's plain static server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/serve.mjs';
import { formatResults } from './suite.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const server = await serveStatic(root, 0);
const profile = await mkdtemp(join(tmpdir(), 'looplab-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-precise-memory-info', // performance.memory to the byte
    '--js-flags=--expose-gc',
  ],
});
try {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/bindings/page.html`);
  await page.waitForFunction(() => window.benchResults || window.benchError, null, { timeout: 300_000 });
  const { benchResults, benchError } = await page.evaluate(() => ({ benchResults: window.benchResults, benchError: window.benchError }));
  if (benchError) throw new Error(benchError);
  const version = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]));
  console.log(formatResults(`Chromium ${version}`, benchResults).join('\n'));
} finally {
  await context.close();
  await new Promise((ok) => server.close(ok));
  await rm(profile, { recursive: true, force: true });
}
