// The plan routes in process against a real SQLite file and the fixture roadmap (8.5 middle hours).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../curriculum/load.ts';
import { openDb, type Db } from './db/open.ts';
import { createApp } from './app.ts';

const curriculum = loadCurriculum([join(import.meta.dirname, '../../test/fixtures/content')]);
let db: Db;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  db = await openDb(join(mkdtempSync(join(tmpdir(), 'shirube-plan-')), 'plan.db'));
  app = createApp({ db, curriculum });
});
afterEach(() => db.destroy());

const send = (method: string, path: string, body: unknown) =>
  app.request(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('/api/plan', () => {
  it('saves settings and re-plans from what is done and logged', async () => {
    const put = await send('PUT', '/api/plan/fixture-road?today=2026-01-05', { start: '2026-01-05', hoursPerWeek: 4 });
    expect(put.status).toBe(200);
    const first = await put.json();
    expect(first.saved).toBe(true);
    expect(first.original.weeks.map((w: { hours: number }) => w.hours)).toEqual([4, 4, 0.5]);

    await send('PUT', '/api/progress/basics', { status: 'done' });
    await send('PUT', '/api/log/2026-01-14', { minutes: 120, concepts: ['attention'] });
    const later = await (await app.request('/api/plan/fixture-road?today=2026-01-19')).json();
    expect(later.currentWeek).toBe(3);
    expect(later.current.weeks[0].start).toBe('2026-01-19');
    // basics done, attention 6 − 2 logged → 4 h, heads 1 h.
    expect(later.current.weeks.map((w: { hours: number }) => w.hours)).toEqual([4, 1]);
    expect(later.hoursBehind).toBeGreaterThan(0);
  });

  it('exports the current plan as iCalendar that an independent parser reads', async () => {
    await send('PUT', '/api/plan/fixture-road?today=2026-01-05', { start: '2026-01-05', hoursPerWeek: 4, days: ['mon', 'wed'] });
    const res = await app.request('/api/plan/fixture-road/ics?today=2026-01-05');
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    const events = cal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const hours = events.filter((e) => !e.startDate.isDate).reduce((sum, e) => sum + e.duration.toSeconds() / 3600, 0);
    expect(hours).toBeCloseTo(8.5, 5);
    expect(events.some((e) => e.summary.includes('注意機構'))).toBe(true);
  });

  it('exports a calendar for a plan saved without study days (every day), and for unsaved defaults', async () => {
    await send('PUT', '/api/plan/fixture-road?today=2026-01-05', { start: '2026-01-05', hoursPerWeek: 7 });
    const res = await app.request('/api/plan/fixture-road/ics?today=2026-01-05');
    expect(res.status).toBe(200);
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    const blocks = cal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e)).filter((e) => !e.startDate.isDate);
    // 7 h a week over 7 days: 1 h a day; 8.5 h → 9 days of study.
    expect(new Set(blocks.map((e) => e.startDate.toString().slice(0, 10))).size).toBe(9);
    await db.deleteFrom('plan_setting').execute();
    expect((await app.request('/api/plan/fixture-road/ics')).status).toBe(200);
  });

  it.each([
    [{ start: '2026-02-30', hoursPerWeek: 4 }, /start: /],
    [{ start: 'soon', hoursPerWeek: 4 }, /start: expected a date YYYY-MM-DD/],
    [{ start: '2026-01-05', hoursPerWeek: 0 }, /hoursPerWeek: expected hours per week greater than 0/],
    [{ start: '2026-01-05', hoursPerWeek: 4, days: ['someday'] }, /days\.0: /],
  ])('rejects %j with 400 and keeps the saved settings', async (body, message) => {
    await send('PUT', '/api/plan/fixture-road', { start: '2026-01-05', hoursPerWeek: 4 });
    const res = await send('PUT', '/api/plan/fixture-road', body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(message);
    const kept = await (await app.request('/api/plan/fixture-road')).json();
    expect(kept.settings).toMatchObject({ start: '2026-01-05', hoursPerWeek: 4 });
  });

  it('404s an unknown roadmap', async () => {
    expect((await app.request('/api/plan/ghost')).status).toBe(404);
  });
});
