// Shared harness for the page tests: serves the built dist/ with the plain
// static server (no special headers, like any static host) and drives Debian's
// Chromium through playwright-core (Playwright's own browser download fails
// here; see shared/TOOLCHAIN.md for the launch flags).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/serve.mjs';

/** Chromium's flags here (shared/TOOLCHAIN.md): as root, and with no network to reach. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts the server (over `dist`) and the browser; call `close()` when done.
 * `args` adds Chromium flags to CHROMIUM_ARGS.
 */
export async function openBrowser({ dist = 'dist', args = [] } = {}) {
  const server = await serveStatic(dist, 0);
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  const profile = await mkdtemp(join(tmpdir(), 'looplab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
  });
  return {
    baseUrl,
    context,
    /** A fresh page that fails the test on uncaught page errors if `strict`. */
    async newPage() {
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e));
      return page;
    },
    async close() {
      await context.close();
      await new Promise((ok) => server.close(ok));
      await rm(profile, { recursive: true, force: true });
    },
  };
}
