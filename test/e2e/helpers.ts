// Shared set-up for the browser tests: build the web app once into a temporary folder, start the
// real server in process on a temporary SQLite file, and drive Debian's Chromium through
// playwright-core. CHROMIUM overrides the browser path.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server/main.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Builds src/web with Vite into a fresh temporary folder and returns it. */
export function buildWeb(): string {
  const out = mkdtempSync(join(tmpdir(), 'shirube-web-'));
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return out;
}

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
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    })
    .catch(async (err: unknown) => {
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
