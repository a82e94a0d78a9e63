import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { tempDir } from '@pairtrail/testing';
import { startServer, type RunningServer } from '../../apps/api/src/main';

/** Debian's Chromium, as .ci/run installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, if they cannot: said, and a failure in CI (PAIRTRAIL_REQUIRE_BROWSER). */
export const browserMissing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (browserMissing && process.env.PAIRTRAIL_REQUIRE_BROWSER) throw new Error(`The browser tests need ${browserMissing}.`);
// eslint-disable-next-line no-console
if (browserMissing) console.warn(`Skipping the browser tests: ${browserMissing}.`);

/** `describe` where the browser is installed; a skip, said above, where it is not. */
export const describeWithBrowser = browserMissing ? describe.skip : describe;

/** Headless Chromium, kept from reaching out to the network on its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A browser session of its own, signed in at `url` with `token`; `watch` is given the page before it opens (to hear its console). */
export async function signedInPage(browser: Browser, url: string, token: string, watch?: (page: Page) => void): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  watch?.(page);
  await page.goto(url);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Menu' }).waitFor();
  return page;
}

/** What axe finds serious or critical on the page against WCAG 2.2 AA, a line each: none is the aim. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** A server over a fresh data directory, `admin` its administrator's token, as the browser tests serve one. */
export async function serveForBrowser(admin: string): Promise<{ dir: ReturnType<typeof tempDir>; server: RunningServer }> {
  const dir = tempDir();
  const server = await startServer({
    dataDir: join(dir.path, 'data'),
    port: 0,
    env: { ...process.env, PAIRTRAIL_LOG_LEVEL: 'silent', PAIRTRAIL_RATE_LIMIT: '0', PAIRTRAIL_ADMIN_TOKEN: admin, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' },
  });
  return { dir, server };
}

/** The browser, once the server's read models hold all that was recorded for the tests. */
export async function browserOnceCaughtUp(server: RunningServer): Promise<Browser> {
  await server.runtime.projections.waitFor((await server.runtime.store.stats()).lastPosition);
  return launchBrowser();
}

/** Stops what `serveForBrowser` and `browserOnceCaughtUp` started, whichever of them did start. */
export async function stopServed(browser?: Browser, served?: { dir?: { remove(): void }; server?: RunningServer }): Promise<void> {
  await browser?.close();
  await served?.server?.stop();
  served?.dir?.remove();
}
