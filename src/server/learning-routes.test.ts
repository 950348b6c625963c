// The learning-loop API in process (app.request) against a real SQLite file and the fixture curriculum.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { migrations } from './db/migrations.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../curriculum/load.ts';
import { openDb, type Db } from './db/open.ts';
import { createLearningRoutes } from './learning-routes.ts';
import { createPlanRoutes } from './plan-routes.ts';

const curriculum = loadCurriculum([join(import.meta.dirname, '../../test/fixtures/content')]);

let dbFile: string;
let db: Db;
let app: Hono;
let clock: Date;

const build = () => {
  const a = new Hono();
  a.route('/api', createLearningRoutes({ db, curriculum, now: () => clock }));
  return a;
};

beforeEach(async () => {
  dbFile = join(mkdtempSync(join(tmpdir(), 'shirube-loop-')), 'test.db');
  db = await openDb(dbFile);
  clock = new Date(2025, 2, 10, 21, 0, 0); // 2025-03-10 21:00 local
  app = build();
});
afterEach(async () => {
  await db.destroy();
});

const send = (method: string, path: string, body?: unknown, type = 'application/json') =>
  app.request(path, {
    method,
    headers: { 'content-type': type },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const getJson = async (path: string) => (await app.request(path)).json();

const day = {
  minutes: 45,
  learned: '- Q/K/V の役割\r\n\r\n',
  implemented: '```ts\nconst q = x.matmul(wq);\n```',
  blockers: '- 形が合わない → 転置',
  next: '- 位置エンコーディング',
  concepts: ['attention', 'heads', 'attention'],
};

describe('learning log', () => {
  it('saves a day, normalizes the Markdown, and saving again changes nothing', async () => {
    const res = await send('PUT', '/api/log/2025-03-10', day);
    expect(res.status).toBe(200);
    const saved = await res.json();
    expect(saved).toMatchObject({ date: '2025-03-10', minutes: 45, learned: '- Q/K/V の役割', concepts: ['attention', 'heads'] });
    expect(saved.createdAt).toBe(clock.toISOString());
    clock = new Date(clock.getTime() + 60_000);
    const again = await (await send('PUT', '/api/log/2025-03-10', day)).json();
    expect(again.updatedAt).toBe(saved.updatedAt);
    const changed = await (await send('PUT', '/api/log/2025-03-10', { ...day, minutes: 50 })).json();
    expect(changed.updatedAt).toBe(clock.toISOString());
    expect(changed.createdAt).toBe(saved.createdAt);
    expect(await getJson('/api/log/2025-03-10')).toEqual(changed);
    expect(await getJson('/api/log')).toEqual([changed]);
  });

  it.each([
    ['/api/log/2025-02-30', day, /^date: expected a real date as YYYY-MM-DD$/],
    ['/api/log/yesterday', day, /^date: expected a real date/],
    ['/api/log/2025-03-10', { ...day, minutes: -5 }, /^minutes: expected an integer number of minutes from 0 to 1440$/],
    ['/api/log/2025-03-10', { ...day, minutes: 1441 }, /^minutes: expected at most 1440 minutes/],
    ['/api/log/2025-03-10', { ...day, minutes: '30' }, /^minutes: expected an integer/],
    ['/api/log/2025-03-10', { ...day, concepts: ['attention', 'ghost'] }, /^concepts\.1: "ghost" is not a concept id$/],
    ['/api/log/2025-03-10', { ...day, mood: 'good' }, /Unrecognized key: "mood"/],
    ['/api/log/2025-03-10', { ...day, learned: 'あ'.repeat(40_000) }, /^learned: expected at most 100000 bytes/],
    ['/api/log/2025-03-10', '{oops', /not valid JSON/],
  ])('rejects PUT %s %j with 400 and keeps what was saved', async (path, body, message) => {
    await send('PUT', '/api/log/2025-03-10', day);
    const before = await getJson('/api/log');
    const res = await send('PUT', path, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(message);
    expect(await getJson('/api/log')).toEqual(before);
  });

  it('404s a missing day and deletes one', async () => {
    expect((await app.request('/api/log/2025-03-09')).status).toBe(404);
    await send('PUT', '/api/log/2025-03-09', { minutes: 15 });
    expect((await send('DELETE', '/api/log/2025-03-09')).status).toBe(200);
    expect((await send('DELETE', '/api/log/2025-03-09')).status).toBe(404);
  });

  it('gives the streak, heat-map days and weekly totals', async () => {
    for (const [date, minutes] of [['2025-03-07', 20], ['2025-03-08', 15], ['2025-03-09', 30], ['2025-03-04', 60]] as const) {
      await send('PUT', `/api/log/${date}`, { minutes });
    }
    // Today (the clock) is 03-10 with nothing logged: the run 07–09 ends yesterday.
    const s = await getJson('/api/log/stats?roadmap=fixture-road');
    expect(s).toMatchObject({ today: '2025-03-10', to: '2025-03-10', from: '2024-03-11', totalMinutes: 125 });
    expect(s.streak).toEqual({ current: 3, longest: 3, lastDay: '2025-03-09' });
    expect(s.weeks).toEqual([{ weekStart: '2025-03-03', minutes: 125, days: 4 }]);
    expect(s.weeklyTargetMinutes).toEqual({ min: 360, max: 480 });
    expect((await getJson('/api/log/stats?today=2025-03-12')).streak.current).toBe(0);
    expect((await app.request('/api/log/stats?today=2025-13-01')).status).toBe(400);
    expect((await app.request('/api/log/stats?roadmap=ghost')).status).toBe(404);
  });

  it("measures weeks against the saved plan's hours, and the recommended hours without a plan", async () => {
    const both = new Hono();
    both.route('/api', createLearningRoutes({ db, curriculum, now: () => clock }));
    both.route('/api', createPlanRoutes({ db, curriculum, now: () => clock }));
    const stats = async () => (await (await both.request('/api/log/stats?roadmap=fixture-road')).json()).weeklyTargetMinutes;
    // fixture-road recommends 6–8 h a week
    expect(await stats()).toEqual({ min: 360, max: 480 });
    const put = await both.request('/api/plan/fixture-road', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start: '2025-03-03', hoursPerWeek: 4.5 }),
    });
    expect(put.status).toBe(200);
    // 4.5 h = 270 minutes
    expect(await stats()).toEqual({ min: 270, max: 270 });
    // no roadmap: no target
    expect((await (await both.request('/api/log/stats')).json()).weeklyTargetMinutes).toBeNull();
  });

  it('exports Markdown in the seed template and imports it back without loss', async () => {
    await send('PUT', '/api/log/2025-03-09', day);
    await send('PUT', '/api/log/2025-03-10', { minutes: 15, learned: '### 実装したこと\n見出しに見える行', concepts: ['basics'] });
    const before = await getJson('/api/log');
    const res = await app.request('/api/log/export.md');
    expect(res.headers.get('content-type')).toMatch(/text\/markdown/);
    const md = await res.text();
    expect(md).toContain('## 日付: 2025/03/09\n- 学習時間: 45分\n- 関連概念: attention, heads\n\n### 今日学んだこと\n');

    const fresh = join(mkdtempSync(join(tmpdir(), 'shirube-loop-')), 'other.db');
    const db2 = await openDb(fresh);
    const app2 = new Hono().route('/api', createLearningRoutes({ db: db2, curriculum, now: () => clock }));
    const imported = await app2.request('/api/log/import', { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: md });
    expect(await imported.json()).toEqual({ mode: 'merge', entries: 2, created: 2, updated: 0, unchanged: 0, removed: 0 });
    const after = await (await app2.request('/api/log')).json();
    const strip = (l: { createdAt: string; updatedAt: string }[]) => l.map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(before));
    await db2.destroy();

    // Importing into the same log changes nothing.
    const same = await (await send('POST', '/api/log/import', { markdown: md })).json();
    expect(same).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
  });

  it('imports nothing when any entry of the file is bad', async () => {
    await send('PUT', '/api/log/2025-03-01', day);
    const before = await getJson('/api/log');
    const md = ['## 日付: 2025/03/02', '- 学習時間: 10分', '### 今日学んだこと', 'ok', '## 日付: 2025/03/03', '- 関連概念: ghost', '### 明日の目標', 'x'].join('\n');
    let res = await send('POST', '/api/log/import?mode=replace', md, 'text/markdown');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('markdown: 2025-03-03: concepts.0: "ghost" is not a concept id');
    res = await send('POST', '/api/log/import', '## 日付: 2025/03/32\n', 'text/markdown');
    expect((await res.json()).error).toMatch(/^markdown: line 1: "2025\/03\/32" is not a real date/);
    expect((await send('POST', '/api/log/import?mode=all', md, 'text/markdown')).status).toBe(400);
    expect(await getJson('/api/log')).toEqual(before);
  });

  it('replace mode makes the log exactly the file', async () => {
    await send('PUT', '/api/log/2025-03-01', day);
    const res = await send('POST', '/api/log/import?mode=replace', '## 日付: 2025/03/02\n- 学習時間: 10分\n', 'text/markdown');
    expect(await res.json()).toMatchObject({ mode: 'replace', created: 1, removed: 1 });
    expect((await getJson('/api/log')).map((e: { date: string }) => e.date)).toEqual(['2025-03-02']);
  });
});

describe('milestones', () => {
  it('lists deliverables as a checklist, checks one with today as 完了日 and a link', async () => {
    const list = await getJson('/api/milestones/fixture-road');
    expect(list.milestones[0]).toMatchObject({ milestoneId: 'week-2', week: 2, doneCount: 0, total: 1 });
    expect(list.milestones[0].items[0]).toEqual({
      id: 'talk', kind: 'deliverable', title: { ja: '発表', en: 'Talk' }, source: '発表',
      done: false, completedAt: null, link: null, updatedAt: null,
    });
    let m = await (await send('PUT', '/api/milestones/fixture-road/week-2/talk', { done: true, link: 'https://github.com/me/talk' })).json();
    expect(m.items[0]).toMatchObject({ done: true, completedAt: '2025-03-10', link: 'https://github.com/me/talk', updatedAt: clock.toISOString() });
    expect(m.doneCount).toBe(1);
    clock = new Date(2025, 2, 12);
    m = await (await send('PUT', '/api/milestones/fixture-road/week-2/talk', { done: true })).json();
    expect(m.items[0].completedAt).toBe('2025-03-10'); // done again keeps the first 完了日
    m = await (await send('PUT', '/api/milestones/fixture-road/week-2', { items: { talk: { completedAt: '2025-03-05' } } })).json();
    expect(m.items[0].completedAt).toBe('2025-03-05');
    m = await (await send('PUT', '/api/milestones/fixture-road/week-2/talk', { done: false })).json();
    expect(m.items[0]).toMatchObject({ done: false, completedAt: null, link: 'https://github.com/me/talk' });
    m = await (await send('PUT', '/api/milestones/fixture-road/week-2/talk', { link: '' })).json();
    expect(m.items[0]).toMatchObject({ link: null, updatedAt: null });
    expect((await getJson('/api/milestones')).map((r: { roadmapId: string }) => r.roadmapId)).toEqual(['fixture-road']);
  });

  it.each([
    ['/api/milestones/ghost/week-2/talk', { done: true }, 404, /roadmap "ghost" does not exist/],
    ['/api/milestones/fixture-road/week-9/talk', { done: true }, 404, /milestone "week-9" does not exist in roadmap "fixture-road" \(expected one of: week-2\)/],
    ['/api/milestones/fixture-road/week-2/slides', { done: true }, 404, /item "slides" is not a deliverable or condition of "week-2" \(expected one of: talk\)/],
    ['/api/milestones/fixture-road/week-2', { items: { slides: { done: true } } }, 400, /^items: "slides" is not a deliverable/],
    ['/api/milestones/fixture-road/week-2/talk', { link: 'javascript:alert(1)' }, 400, /^link: expected an http\(s\) URL/],
    ['/api/milestones/fixture-road/week-2/talk', { completedAt: '2025-02-29' }, 400, /^completedAt: expected a real date/],
    ['/api/milestones/fixture-road/week-2/talk', { done: false, completedAt: '2025-03-01' }, 400, /done: false contradicts/],
    ['/api/milestones/fixture-road/week-2/talk', {}, 400, /give "done", "completedAt" or "link"/],
  ])('rejects PUT %s %j', async (path, body, status, message) => {
    await send('PUT', '/api/milestones/fixture-road/week-2/talk', { done: true });
    const before = await getJson('/api/milestones/fixture-road');
    const res = await send('PUT', path, body);
    expect(res.status).toBe(status);
    expect((await res.json()).error).toMatch(message);
    expect(await getJson('/api/milestones/fixture-road')).toEqual(before);
  });
});

describe('notes', () => {
  it('stores raw Markdown, is idempotent, and the last write wins', async () => {
    expect(await getJson('/api/notes/attention')).toEqual({ conceptId: 'attention', body: '', createdAt: null, updatedAt: null });
    const body = '# メモ\n$QK^\\top$ <script>alert(1)</script>\n';
    const first = await (await send('PUT', '/api/notes/attention', { body })).json();
    expect(first).toEqual({ conceptId: 'attention', body, createdAt: clock.toISOString(), updatedAt: clock.toISOString() });
    clock = new Date(clock.getTime() + 1000);
    expect(await (await send('PUT', '/api/notes/attention', { body })).json()).toEqual(first);
    const second = await (await send('PUT', '/api/notes/attention', { body: 'later' })).json();
    expect(second).toMatchObject({ body: 'later', createdAt: first.createdAt, updatedAt: clock.toISOString() });
    expect(await getJson('/api/notes')).toEqual([second]);
  });

  it('rejects a note over 100 kB with 413 and keeps the old one', async () => {
    await send('PUT', '/api/notes/attention', { body: 'keep' });
    const res = await send('PUT', '/api/notes/attention', { body: 'あ'.repeat(33_334) }); // 100 002 bytes
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/^body: expected at most 100000 bytes/);
    expect((await send('PUT', '/api/notes/attention', { body: 'x'.repeat(100_000) })).status).toBe(200);
    expect((await send('PUT', '/api/notes/attention', { text: 'x' })).status).toBe(400);
    expect((await send('PUT', '/api/notes/ghost', { body: 'x' })).status).toBe(404);
    expect((await getJson('/api/notes/attention')).body).toHaveLength(100_000);
  });
});

describe('export and import of everything', () => {
  const fill = async () => {
    await send('PUT', '/api/log/2025-03-09', day);
    await send('PUT', '/api/milestones/fixture-road/week-2/talk', { done: true, link: 'https://example.com/t' });
    await send('PUT', '/api/notes/attention', { body: 'ノート' });
    await db.insertInto('progress').values({ learner_id: 'local', concept_id: 'attention', status: 'done', changed_at: clock.toISOString(), started_at: null, completed_at: clock.toISOString() }).execute();
    await db.insertInto('progress_event').values({ id: undefined, learner_id: 'local', concept_id: 'attention', status: 'done', at: clock.toISOString() }).execute();
  };

  it('round-trips every table through one JSON file into a fresh database', async () => {
    await fill();
    const exported = await (await app.request('/api/export')).json();
    expect(exported).toMatchObject({ format: 'shirube-backup', version: 1 });
    // Every migration that ran, and every table (later migrations add more; all must be exported).
    expect(exported.migrations).toEqual(Object.keys(migrations).sort());
    expect(Object.keys(exported.tables)).toEqual(
      expect.arrayContaining(['log_entry', 'log_entry_concept', 'milestone_check', 'note', 'plan_setting', 'progress', 'progress_event', 'subconcept_check']),
    );

    const db2 = await openDb(join(mkdtempSync(join(tmpdir(), 'shirube-loop-')), 'restore.db'));
    const app2 = new Hono().route('/api', createLearningRoutes({ db: db2, curriculum, now: () => clock }));
    await app2.request('/api/notes/basics', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: 'replaced by the import' }) });
    const res = await app2.request('/api/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exported) });
    expect(res.status).toBe(200);
    expect((await res.json()).tables).toMatchObject({ log_entry: 1, log_entry_concept: 2, note: 1, progress: 1 });
    const again = await (await app2.request('/api/export')).json();
    expect(again.tables).toEqual(exported.tables);
    expect(await (await app2.request('/api/log/2025-03-09')).json()).toEqual(await getJson('/api/log/2025-03-09'));
    await db2.destroy();
  });

  it.each([
    [(b: Record<string, unknown>) => ({ ...b, format: 'other' }), /^format: /],
    [(b: Record<string, unknown>) => ({ ...b, migrations: ['0001_progress', '0099_future'] }), /unknown migrations: 0099_future/],
    [(b: { tables: Record<string, unknown> }) => ({ ...b, tables: { ...b.tables, ghosts: [] } }), /^tables\.ghosts: unknown table/],
    [(b: { tables: Record<string, Record<string, unknown>[]> }) => ({ ...b, tables: { ...b.tables, log_entry: [{ ...b.tables.log_entry[0], minutes: -1 }] } }), /^tables\.log_entry\[0\]\.minutes: /],
    [(b: { tables: Record<string, Record<string, unknown>[]> }) => ({ ...b, tables: { ...b.tables, progress: [{ ...b.tables.progress[0], status: 'finished' }] } }), /^tables\.progress\[0\]\.status: /],
    [(b: { tables: Record<string, Record<string, unknown>[]> }) => ({ ...b, tables: { ...b.tables, note: [b.tables.note[0], b.tables.note[0]] } }), /^tables\.note: .*UNIQUE constraint failed/],
  ])('rejects a bad file and changes nothing (%#)', async (mutate, message) => {
    await fill();
    const exported = await (await app.request('/api/export')).json();
    await send('PUT', '/api/notes/heads', { body: 'after the export' });
    const before = await (await app.request('/api/export')).json();
    const res = await send('POST', '/api/import', mutate(exported as never));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(message);
    const after = await (await app.request('/api/export')).json();
    expect(after.tables).toEqual(before.tables);
  });

  it('keeps everything across a restart on the same file', async () => {
    await fill();
    const before = await (await app.request('/api/export')).json();
    await db.destroy();
    db = await openDb(dbFile);
    app = build();
    expect((await (await app.request('/api/export')).json()).tables).toEqual(before.tables);
  });
});
