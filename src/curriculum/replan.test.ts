// Re-planning on the fixture roadmap, worked out by hand. Middle hours: basics 1.5 (1–2),
// attention 6 (5–7), heads 1 (entry override), extra 0 → 8.5 h. At 4 h a week from Mon 2026-01-05
// the original plan is 4 + 4 + 0.5 h, so 4.5, 0.5 and 0 h are left at the ends of weeks 1–3.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from './load.ts';
import { replan } from './replan.ts';

const curriculum = loadCurriculum([join(import.meta.dirname, '../../test/fixtures/content')]);
const settings = { start: '2026-01-05', hoursPerWeek: 4 };

describe('replan', () => {
  it('burns down planned against actual hours, counting finished concepts whole and logged time capped', () => {
    const r = replan(curriculum, 'fixture-road', settings, {
      today: '2026-01-19',
      progress: [{ conceptId: 'basics', status: 'done', finishedAt: '2026-01-08T10:00:00.000Z' }],
      log: [
        { date: '2026-01-07', minutes: 60, concepts: ['basics'] },
        { date: '2026-01-14', minutes: 120, concepts: ['attention'] },
      ],
    });
    expect(r.currentWeek).toBe(3);
    // Week 1: basics done (1.5 h) → 7 h left. Week 2: + 2 h logged on attention → 5 h left.
    expect(r.burndown).toEqual([
      { week: 1, end: '2026-01-11', planned: 4.5, actual: 7 },
      { week: 2, end: '2026-01-18', planned: 0.5, actual: 5 },
      { week: 3, end: '2026-01-25', planned: 0, actual: null },
    ]);
    expect(r.hoursBehind).toBe(4.5);
    // Nothing of importance ≤ 3 is left to drop: attention is ★5, heads ★4, extra has no hours.
    expect(r.suggestions).toEqual([]);
    // From week 3: attention 6 − 2 logged = 4 h, heads 1 h.
    expect(r.current.weeks.map((w) => [w.start, w.hours])).toEqual([
      ['2026-01-19', 4],
      ['2026-01-26', 1],
    ]);
  });

  it('suggests skipping low-importance concepts when behind', () => {
    const r = replan(curriculum, 'fixture-road', settings, {
      today: '2026-01-19',
      progress: [],
      log: [{ date: '2026-01-07', minutes: 60, concepts: ['basics'] }],
    });
    // Spent 1 h of basics' 1.5 → 7.5 h left at the ends of weeks 1 and 2; planned 0.5 → 7 h behind.
    expect(r.burndown[1]).toEqual({ week: 2, end: '2026-01-18', planned: 0.5, actual: 7.5 });
    expect(r.hoursBehind).toBe(7);
    expect(r.suggestions).toEqual([{ conceptId: 'basics', importance: 3, hours: 1.5 }]);
  });

  it('is on track before the start and during the first week', () => {
    const r = replan(curriculum, 'fixture-road', settings, { today: '2026-01-06', progress: [], log: [] });
    expect(r.currentWeek).toBe(1);
    expect(r.hoursBehind).toBe(0);
    expect(r.burndown.every((b) => b.actual === null)).toBe(true);
    expect(r.current).toEqual(r.original);
    expect(replan(curriculum, 'fixture-road', settings, { today: '2026-01-01', progress: [], log: [] }).currentWeek).toBe(0);
  });

  it('names bad input', () => {
    expect(() => replan(curriculum, 'ghost', settings, { today: '2026-01-06', progress: [], log: [] })).toThrow(/roadmap: unknown roadmap "ghost"/);
    expect(() => replan(curriculum, 'fixture-road', { ...settings, start: '2026-02-30' }, { today: '2026-03-01', progress: [], log: [] })).toThrow(/start: /);
  });
});
