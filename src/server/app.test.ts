// In-process API tests (app.request, no port) against a real SQLite file and a fixture curriculum.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../curriculum/load.ts';
import { openDb, type Db } from './db/open.ts';
import { createApp } from './app.ts';

const curriculum = loadCurriculum([join(import.meta.dirname, '../../test/fixtures/content')]);

let dbFile: string;
let db: Db;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  dbFile = join(mkdtempSync(join(tmpdir(), 'shirube-api-')), 'test.db');
  db = await openDb(dbFile);
  app = createApp({ db, curriculum });
});
afterEach(async () => {
  await db.destroy();
});

const put = (path: string, body: unknown) =>
  app.request(path, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('GET /api/roadmaps', () => {
  it('lists roadmaps with status counts', async () => {
    const res = await app.request('/api/roadmaps');
    expect(res.status).toBe(200);
    const list = await res.json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: 'fixture-road',
      conceptCount: 4,
      counts: { not_started: 4, in_progress: 0, done: 0, skipped: 0 },
    });
  });

  it('shows a roadmap with hours (entry overrides concept), weeks, milestones and readiness', async () => {
    const r = await (await app.request('/api/roadmaps/fixture-road')).json();
    const byId = Object.fromEntries(r.concepts.map((c: { id: string }) => [c.id, c]));
    expect(byId.attention).toMatchObject({
      hours: { min: 5, max: 7 },
      week: 1,
      importance: 5,
      status: 'not_started',
      ready: false,
    });
    expect(byId.heads.hours).toEqual({ min: 1, max: 1 });
    expect(byId.basics.ready).toBe(true);
    expect(byId.extra.hours).toBeNull();
    expect(r.milestones[0].deliverables[0].id).toBe('talk');
  });

  it('404s an unknown roadmap with a message', async () => {
    const res = await app.request('/api/roadmaps/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'roadmap "nope" does not exist' });
  });
});

describe('progress', () => {
  it('round-trips a status with its dates and history', async () => {
    const t0 = Date.now();
    const res = await put('/api/progress/attention', { status: 'in_progress' });
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.status).toBe('in_progress');
    expect(Date.parse(p.changedAt)).toBeGreaterThanOrEqual(t0 - 1000);
    expect(p.startedAt).toBe(p.changedAt);
    expect(p.completedAt).toBeNull();

    const done = await (await put('/api/progress/attention', { status: 'done' })).json();
    expect(done.startedAt).toBe(p.startedAt);
    expect(done.completedAt).toBe(done.changedAt);
    expect(done.history.map((h: { status: string }) => h.status)).toEqual(['in_progress', 'done']);

    const again = await (await put('/api/progress/attention', { status: 'done' })).json();
    expect(again.history).toHaveLength(2);
    expect(again.changedAt).toBe(done.changedAt);

    const reopened = await (await put('/api/progress/attention', { status: 'in_progress' })).json();
    expect(reopened.completedAt).toBeNull();
    expect(reopened.startedAt).toBe(p.startedAt);

    const concept = await (await app.request('/api/concepts/attention')).json();
    expect(concept.progress.status).toBe('in_progress');
  });

  it('checks and unchecks sub-concepts', async () => {
    await put('/api/progress/attention', { subconcepts: { qkv: true, scaled: true } });
    const p = await (
      await put('/api/progress/attention', { subconcepts: { scaled: false } })
    ).json();
    expect(Object.keys(p.subconcepts)).toEqual(['qkv']);
    expect(p.status).toBe('not_started');
  });

  it('updates readiness and next-up when prerequisites are done', async () => {
    let next = await (await app.request('/api/next')).json();
    expect(next.map((n: { concept: { id: string } }) => n.concept.id)).toEqual(['basics', 'extra']);
    await put('/api/progress/basics', { status: 'done' });
    next = await (await app.request('/api/next?limit=1')).json();
    expect(next.map((n: { concept: { id: string } }) => n.concept.id)).toEqual(['attention']);
    const list = await (await app.request('/api/roadmaps')).json();
    expect(list[0].counts.done).toBe(1);
  });

  it.each([
    [
      { status: 'finished' },
      /status: Invalid option: expected one of "not_started"\|"in_progress"\|"done"\|"skipped"/,
    ],
    [{}, /give "status" or "subconcepts"/],
    [{ status: 'done', colour: 'red' }, /Unrecognized key: "colour"/],
    [{ subconcepts: { qkv: 'yes' } }, /subconcepts\.qkv: Invalid input: expected boolean/],
    [
      { subconcepts: { nope: true } },
      /subconcepts: "nope" is not a sub-concept of "attention" \(expected one of: qkv, scaled\)/,
    ],
    ['{not json', /not valid JSON/],
    ['', /body is empty/],
  ])('rejects %j with 400 and a message', async (body, message) => {
    const res = await put('/api/progress/attention', body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(message);
    const p = await (await app.request('/api/progress/attention')).json();
    expect(p.status).toBe('not_started');
  });

  it('404s progress on an unknown concept and a bad next query', async () => {
    expect((await put('/api/progress/ghost', { status: 'done' })).status).toBe(404);
    expect((await app.request('/api/concepts/ghost')).status).toBe(404);
    expect((await app.request('/api/next?limit=0')).status).toBe(400);
    expect((await app.request('/api/next?roadmap=ghost')).status).toBe(404);
  });

  it('keeps progress across a restart on the same database file', async () => {
    await put('/api/progress/heads', { status: 'skipped', subconcepts: {} });
    await db.destroy();
    db = await openDb(dbFile);
    app = createApp({ db, curriculum });
    const p = await (await app.request('/api/progress/heads')).json();
    expect(p.status).toBe('skipped');
  });

  it('keeps progress when a title changes, because progress is keyed by id', async () => {
    await put('/api/progress/attention', { status: 'done' });
    const renamed = structuredClone(curriculum);
    renamed.concepts.get('attention')!.title = { ja: '注意機構（改題）', en: 'Attention, renamed' };
    const app2 = createApp({ db, curriculum: renamed });
    const c = await (await app2.request('/api/concepts/attention')).json();
    expect(c.title.en).toBe('Attention, renamed');
    expect(c.progress.status).toBe('done');
  });
});

describe('concepts and guides', () => {
  it('returns a concept with parent, children, unlocks, labs and roadmaps', async () => {
    const c = await (await app.request('/api/concepts/attention')).json();
    expect(c.children.map((x: { id: string }) => x.id)).toEqual(['heads']);
    expect(c.unlocks.map((x: { id: string }) => x.id)).toEqual(['heads']);
    expect(c.prerequisites).toEqual([
      { id: 'basics', title: { ja: '基礎', en: 'Basics' }, status: 'not_started' },
    ]);
    expect(c.labs).toEqual([{ id: 'self-attention', available: false }]);
    expect(c.roadmaps).toEqual([
      { id: 'fixture-road', title: { ja: 'テスト用ロードマップ', en: 'Fixture roadmap' }, week: 1 },
    ]);
    const h = await (await app.request('/api/concepts/heads')).json();
    expect(h.parent.id).toBe('attention');
  });

  it('lists and shows guides; unknown API routes are JSON 404s', async () => {
    const list = await (await app.request('/api/guides')).json();
    expect(list).toEqual([
      { id: 'help', title: { ja: 'ヘルプ', en: 'Help' }, source: '002', roadmap: 'fixture-road' },
    ]);
    expect((await (await app.request('/api/guides/help')).json()).blocks).toHaveLength(1);
    const res = await app.request('/api/nothing');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/no API route GET \/api\/nothing/);
  });
});

describe('the web app', () => {
  it('explains `npm run build` at / while the web app is not built, keeps the API, and serves the build once it appears', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'shirube-web-missing-'));
    const web = createApp({ db, curriculum, webRoot });
    for (const path of ['/', '/roadmaps/fixture-road']) {
      const res = await web.request(path);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain('npm run build');
      expect(html).toContain('Web アプリがまだビルドされていません');
      expect(html).toContain('The web app has not been built');
    }
    expect(await (await web.request('/api/health')).json()).toEqual({ ok: true });
    expect((await web.request('/api/roadmaps')).status).toBe(200);
    // Built while the server runs: no restart needed.
    writeFileSync(
      join(webRoot, 'index.html'),
      '<!doctype html><title>built</title><div id="root"></div>',
    );
    writeFileSync(join(webRoot, 'app.js'), 'console.log(1)');
    const index = await web.request('/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>built</title>');
    expect(await (await web.request('/concepts/attention')).text()).toContain(
      '<title>built</title>',
    );
    expect(await (await web.request('/app.js')).text()).toBe('console.log(1)');
  });

  it('sends every response cross-origin isolated (COOP same-origin, COEP require-corp): page, script, API, errors', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'shirube-web-isolated-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>built</title>');
    writeFileSync(join(webRoot, 'app.js'), 'console.log(1)');
    const web = createApp({ db, curriculum, webRoot });
    for (const path of [
      '/',
      '/app.js',
      '/concepts/attention',
      '/api/health',
      '/api/nowhere',
      '/api/roadmaps/nope',
    ]) {
      const res = await web.request(path);
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy'), path).toBe('require-corp');
    }
  });
});
