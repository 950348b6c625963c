// Builds the web app when dist/web is missing or older than its sources. Run before `npm start`
// (prestart) and by `shirube serve`, which warns and serves the API alone when this exits non-zero.
// Exit codes: 0 built or already up to date, 1 the build failed, 2 building is not possible here
// (no sources or no Vite, e.g. an install without devDependencies).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const built = join(root, 'dist/web/index.html');
const sources = join(root, 'src/web');
const vite = join(root, 'node_modules/vite/bin/vite.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const hasSources = existsSync(sources);
if (existsSync(built) && (!hasSources || statSync(built).mtimeMs >= newest(sources))) process.exit(0);
if (!hasSources || !existsSync(vite)) {
  console.error(
    `cannot build the web app: ${hasSources ? `Vite is not installed (${vite}); run \`npm ci\`` : `no sources at ${sources}`}`,
  );
  process.exit(2);
}
console.log('building the web app (vite build)…');
const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(r.status === 0 ? 0 : 1);
