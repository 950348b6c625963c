// Shared set-up for the browser tests: build the web app once into a temporary folder, start the
// real server in process on a temporary SQLite file, and drive Debian's Chromium through
// playwright-core. CHROMIUM overrides the browser path.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildWeb, CHROMIUM, CHROMIUM_LAUNCH, ROOT } from '../chromium.ts';
import { startServer, type RunningServer } from '../../src/server/main.ts';

export { buildWeb, CHROMIUM, ROOT };

export interface Fixture {
  webRoot: string;
  dir: string;
  dbFile: string;
  server: RunningServer;
  browser: Browser;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function setUp(): Promise<Fixture> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM`,
    );
  }
  const webRoot = buildWeb();
  const dir = mkdtempSync(join(tmpdir(), 'shirube-e2e-'));
  const dbFile = join(dir, 'progress.db');
  const server = await startServer({ port: 0, dbFile, webRoot });
  const browser = await chromium.launch(CHROMIUM_LAUNCH).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  const fixture: Fixture = {
    webRoot,
    dir,
    dbFile,
    browser,
    server,
    async restart() {
      await fixture.server.close();
      fixture.server = await startServer({ port: 0, dbFile, webRoot });
    },
    async close() {
      await browser.close();
      await fixture.server.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(webRoot, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** A fresh context and page (Japanese, desktop size); an uncaught page error fails the test. */
export async function newPage(
  fx: Fixture,
  opts: { width?: number; height?: number } = {},
): Promise<import('playwright-core').Page> {
  const context = await fx.browser.newContext({
    locale: 'ja-JP',
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (err) => {
    throw err;
  });
  return page;
}
