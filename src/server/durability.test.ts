// An acknowledged write survives the server process being killed outright (SIGKILL).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDb } from './db/open.ts';
import { getProgress } from './db/progress.ts';

const root = join(import.meta.dirname, '../..');

it('keeps every acknowledged write after SIGKILL', async () => {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'shirube-kill-')), 'kill.db');
  const child = spawn(process.execPath, [join(root, 'bin/shirube.js'), 'serve', '--port', '0', '--db', dbFile], {
    env: { ...process.env, SHIRUBE_CONTENT_DIR: join(root, 'test/fixtures/content') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const ids = ['basics', 'attention', 'heads', 'extra'];
  for (const id of ids) {
    const res = await fetch(`${url}/api/progress/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'done' }),
    });
    expect(res.status).toBe(200);
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;

  const db = await openDb(dbFile);
  for (const id of ids) expect((await getProgress(db, id)).status).toBe('done');
  await db.destroy();
}, 60_000);
