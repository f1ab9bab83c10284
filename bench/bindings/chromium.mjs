// `npm run bench:bindings`, the browser half: the same suite in headless
// Chromium (Debian's, through the page tests' harness), served from the
// repository root by the project's plain static server.
import { fileURLToPath } from 'node:url';
import { openBrowser } from '../../tests/page/harness.mjs';
import { formatResults } from './suite.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const browser = await openBrowser({
  dist: root,
  args: [
    '--enable-precise-memory-info', // performance.memory to the byte
    '--js-flags=--expose-gc',
  ],
});
try {
  const page = await browser.context.newPage();
  await page.goto(`${browser.baseUrl}bench/bindings/page.html`);
  await page.waitForFunction(() => window.benchResults || window.benchError, null, { timeout: 300_000 });
  const { benchResults, benchError } = await page.evaluate(() => ({ benchResults: window.benchResults, benchError: window.benchError }));
  if (benchError) throw new Error(benchError);
  const version = browser.context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]));
  console.log(formatResults(`Chromium ${version}`, benchResults).join('\n'));
} finally {
  await browser.close();
}
