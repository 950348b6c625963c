// Streaks and weekly totals, worked out by hand.
import { describe, expect, it } from 'vitest';
import { addDays, computeLogStats, weekStart } from './log.ts';

const days = (...pairs: [string, number][]) => pairs.map(([date, minutes]) => ({ date, minutes }));

describe('computeLogStats', () => {
  // 2025-03-10 is a Monday.
  const log = days(
    ['2025-03-01', 30], // Sat: a run of 3 (1, 2, 3)
    ['2025-03-02', 15],
    ['2025-03-03', 1],
    ['2025-03-05', 0], // an entry with 0 minutes does not count
    ['2025-03-07', 20], // Fri: a run of 4 (7, 8, 9, 10)
    ['2025-03-08', 60],
    ['2025-03-09', 45],
    ['2025-03-10', 25],
  );

  it('counts the run ending today', () => {
    const s = computeLogStats(log, '2025-03-10', '2025-03-01', '2025-03-10');
    expect(s.streak).toEqual({ current: 4, longest: 4, lastDay: '2025-03-10' });
  });

  it('counts the run ending yesterday when today has nothing yet', () => {
    expect(computeLogStats(log, '2025-03-11', '2025-03-01', '2025-03-11').streak.current).toBe(4);
  });

  it('is 0 when neither today nor yesterday has a minute', () => {
    expect(computeLogStats(log, '2025-03-12', '2025-03-01', '2025-03-12').streak).toEqual({ current: 0, longest: 4, lastDay: '2025-03-10' });
    // On 03-05 (0 minutes logged) yesterday 03-04 had nothing either.
    expect(computeLogStats(log, '2025-03-05', '2025-03-01', '2025-03-05').streak).toEqual({ current: 0, longest: 3, lastDay: '2025-03-03' });
    // On 03-04 the run 1–3 still counts (it ends yesterday).
    expect(computeLogStats(log, '2025-03-04', '2025-03-01', '2025-03-04').streak.current).toBe(3);
  });

  it('ignores days after today', () => {
    expect(computeLogStats(log, '2025-03-08', '2025-03-01', '2025-03-10').streak).toEqual({ current: 2, longest: 3, lastDay: '2025-03-08' });
  });

  it('sums Monday-start weeks and lists heat-map days in range', () => {
    const s = computeLogStats(log, '2025-03-10', '2025-03-02', '2025-03-10', { min: 360, max: 480 });
    // Week of Mon 02-24: 03-02 → 15. Week of Mon 03-03: 03-03, 07, 08, 09 → 1+20+60+45 = 126 over 4 days. Week of 03-10: 25.
    expect(s.weeks).toEqual([
      { weekStart: '2025-02-24', minutes: 15, days: 1 },
      { weekStart: '2025-03-03', minutes: 126, days: 4 },
      { weekStart: '2025-03-10', minutes: 25, days: 1 },
    ]);
    expect(s.totalMinutes).toBe(166);
    expect(s.days.map((d) => d.date)).toEqual(['2025-03-02', '2025-03-03', '2025-03-05', '2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10']);
    expect(s.weeklyTargetMinutes).toEqual({ min: 360, max: 480 });
  });

  it('crosses months and years', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(weekStart('2025-01-01')).toBe('2024-12-30');
    const s = computeLogStats(days(['2024-12-30', 15], ['2024-12-31', 15], ['2025-01-01', 15]), '2025-01-01', '2024-12-01', '2025-01-01');
    expect(s.streak.current).toBe(3);
  });
});
