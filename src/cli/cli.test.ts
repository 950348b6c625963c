// The command line, run as a user runs it (bin/shirube.js in a child process), on a fixture
// curriculum and a temporary database.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/shirube.js');
const env = {
  ...process.env,
  SHIRUBE_CONTENT_DIR: join(root, 'test/fixtures/content'),
  SHIRUBE_DB: join(mkdtempSync(join(tmpdir(), 'shirube-cli-')), 'cli.db'),
};
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
const json = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' }));

describe('shirube (command line)', () => {
  it('lists roadmaps and sets progress that later reads see', () => {
    expect(json('roadmap', 'list', '--json')[0]).toMatchObject({ id: 'fixture-road', conceptCount: 4 });
    const set = json('progress', 'set', 'attention', 'done', '--check', 'qkv', '--json');
    expect(set.status).toBe('done');
    expect(Object.keys(set.subconcepts)).toEqual(['qkv']);
    const all = json('progress', '--json');
    expect(all.map((p: { conceptId: string; status: string }) => [p.conceptId, p.status])).toEqual([['attention', 'done']]);
    const road = json('roadmap', 'show', 'fixture-road', '--json');
    expect(road.concepts.find((c: { id: string }) => c.id === 'attention').status).toBe('done');
    expect(road.counts.done).toBe(1);
  }, 60_000);

  it('plans a roadmap: 8.5 h of fixture entries at 4 h a week take 3 weeks', () => {
    // basics 1.5 h, attention 6 h, heads 1 h (entry override), extra 0 h: 8.5 h in the middle → 3 weeks of 4 h.
    const plan = json('plan', '--roadmap', 'fixture-road', '--start', '2026-01-05', '--hours', '4', '--no-progress', '--json');
    expect(plan.weeks.map((w: { start: string }) => w.start)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
    expect(plan.weeks.map((w: { hours: number }) => w.hours)).toEqual([4, 4, 0.5]);
  }, 60_000);

  it('plans from logged minutes and completed concepts, as the Plan page does', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'shirube-cli-plan-')), 'plan.db');
    const plan = (...more: string[]) =>
      json('plan', '--roadmap', 'fixture-road', '--start', '2026-01-05', '--hours', '4', '--db', db, '--json', ...more);
    expect(plan().weeks.map((w: { hours: number }) => w.hours)).toEqual([4, 4, 0.5]);
    // 2 h logged on attention (6 h in the middle) and basics (1.5 h) done: attention 4 h + heads 1 h left.
    json('log', 'add', '--db', db, '--date', '2026-01-06', '--minutes', '120', '--concepts', 'attention', '--json');
    json('progress', 'set', 'basics', 'done', '--db', db, '--json');
    const moved = plan();
    expect(moved.weeks.map((w: { hours: number }) => w.hours)).toEqual([4, 1]);
    expect(moved.weeks[0].items).toEqual([{ conceptId: 'attention', hours: 4 }]);
    // A day shared by two concepts splits its minutes: 60 min → 0.5 h each off attention and heads.
    json('log', 'add', '--db', db, '--date', '2026-01-07', '--minutes', '60', '--concepts', 'attention,heads', '--json');
    expect(plan().weeks.map((w: { hours: number }) => w.hours)).toEqual([4]);
    const text = execFileSync(process.execPath, [bin, 'plan', '--roadmap', 'fixture-road', '--start', '2026-01-05', '--hours', '4', '--db', db], { env, encoding: 'utf8' });
    expect(text).toMatch(/1 completed concept left out {2}— 3 h logged taken off/);
    // --no-progress plans everything in full again
    expect(plan('--no-progress').weeks.map((w: { hours: number }) => w.hours)).toEqual([4, 4, 0.5]);
  }, 60_000);

  it.each([
    [['plan', '--roadmap', 'fixture-road', '--hours', '0'], /--hours: /],
    [['plan', '--roadmap', 'ghost'], /ghost/],
    [['plan', '--roadmap', 'fixture-road', '--start', '2026-02-30'], /--start: /],
    [['progress', 'set', 'ghost', 'done'], /unknown concept "ghost"/],
    [['progress', 'set', 'attention', 'finished'], /unknown status "finished" \(expected one of: not_started, in_progress, done, skipped\)/],
    [['progress', 'set', 'attention', 'done', '--check', 'nope'], /unknown sub-concept "nope" of "attention"/],
    [['roadmap', 'show', 'ghost'], /unknown roadmap "ghost" \(known: fixture-road\)/],
    [['serve', '--port', 'abc'], /--port: expected an integer/],
  ])('rejects %j with a one-line message and a non-zero exit', (args, message) => {
    const r = run(...args);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('serves the API and a page explaining `npm run build` when the web app is not built', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'shirube-no-web-'));
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--no-build', '--web-root', webRoot], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL in time; stderr: ${stderr}`)), 30_000);
        child.stdout.on('data', () => {
          const m = /http:\/\/[\d.]+:\d+/.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}; stderr: ${stderr}`)));
      });
      expect(stderr).toMatch(/warning: the web app is not built/);
      expect(stderr).toMatch(/npm run build/);
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/npm run build/);
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true });
      expect((await (await fetch(`${url}/api/roadmaps`)).json())[0].id).toBe('fixture-road');
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('reports broken content with file and field', () => {
    const r = spawnSync(process.execPath, [bin, 'content', 'check'], {
      env: { ...env, SHIRUBE_CONTENT: join(root, 'test/fixtures/broken-content') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken-content\/concepts\/broken\.yaml: importance: .*expected number/);
  }, 60_000);
});
