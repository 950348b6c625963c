// What the browser tests (test/e2e) and the browser bench (bench/browser.ts) share: where Debian's
// Chromium is, how it is launched headless in a container, and a quiet Vite build of the web app
// into a fresh temporary folder. CHROMIUM overrides the browser path.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LaunchOptions } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Headless Chromium as root in a container, with nothing reaching out to the network. */
export const CHROMIUM_LAUNCH: LaunchOptions = {
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
};

/**
 * Builds src/web with Vite into a fresh temporary folder (named prefix-…) and returns it. Vite's
 * output is shown only when the build fails, in the thrown error; the folder is then removed.
 */
export function buildWeb(prefix = 'shirube-web-'): string {
  const out = mkdtempSync(join(tmpdir(), prefix));
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  try {
    execFileSync(process.execPath, [vite, 'build', '--outDir', out, '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (e) {
    rmSync(out, { recursive: true, force: true });
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`vite build failed: ${err.stderr?.toString().trim() || err.message}`);
  }
  return out;
}
