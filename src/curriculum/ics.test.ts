// The .ics export read back with an independent parser (ical.js): one event per study block at the
// expected local times, all-day milestones, and the total time equal to the plan's hours.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { planToIcs } from './ics.ts';
import { loadCurriculum } from './load.ts';
import { PlanError, planRoadmap, type Plan } from './plan.ts';

interface Parsed {
  uid: string;
  summary: string;
  start: string;
  isDate: boolean;
  minutes: number;
  description: string;
}

function parse(text: string): { name: string; events: Parsed[] } {
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toString(),
      isDate: e.startDate.isDate,
      minutes: e.duration.toSeconds() / 60,
      description: e.description,
    };
  });
  return { name: String(cal.getFirstPropertyValue('x-wr-calname')), events };
}

const plan: Plan = {
  weeks: [
    {
      week: 1,
      start: '2026-01-05',
      hours: 3,
      items: [
        {
          conceptId: 'a',
          hours: 2,
          days: [
            { date: '2026-01-05', day: 'mon', hours: 1.5 },
            { date: '2026-01-07', day: 'wed', hours: 0.5 },
          ],
        },
        { conceptId: 'b', hours: 1, days: [{ date: '2026-01-07', day: 'wed', hours: 1 }] },
        { conceptId: 'covered', hours: 0, days: [{ date: '2026-01-07', day: 'wed', hours: 0 }] },
      ],
    },
    {
      week: 2,
      start: '2026-01-12',
      hours: 6,
      items: [{ conceptId: 'c', hours: 6, days: [{ date: '2026-01-12', day: 'mon', hours: 6 }] }],
    },
  ],
  optimistic_finish: '2026-01-12',
  pessimistic_finish: '2026-01-19',
  milestones: [{ id: 'end-of-week-2', week: 2 }],
};

describe('planToIcs', () => {
  it('writes one event per study block and one all-day event per milestone', () => {
    const text = planToIcs(plan, {
      roadmapId: 'road',
      calName: 'しるべ テスト',
      conceptTitle: (id) => `概念 ${id}`,
      milestoneTitle: (id) => `節目 ${id}`,
    });
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const { name, events } = parse(text);
    expect(name).toBe('しるべ テスト');
    expect(events.map((e) => [e.summary, e.start, e.minutes, e.isDate])).toEqual([
      ['しるべ: 概念 a', '2026-01-05T19:00:00', 90, false],
      ['しるべ: 概念 a', '2026-01-07T19:00:00', 30, false],
      ['しるべ: 概念 b', '2026-01-07T19:30:00', 60, false],
      // 6 hours from 19:00 would pass midnight: the day starts at 18:00 instead
      ['しるべ: 概念 c', '2026-01-12T18:00:00', 360, false],
      // week 2 ends on Sunday 18 January
      ['◆ しるべ: 節目 end-of-week-2', '2026-01-18', 24 * 60, true],
    ]);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    expect(events[0].description).toContain('第1週');
    // floating local times: no UTC "Z", no time zone
    expect(text).toMatch(/DTSTART:20260105T190000\r\n/);
  });

  it('honours another start time', () => {
    const { events } = parse(planToIcs(plan, { roadmapId: 'road', startTime: '07:30' }));
    expect(events.slice(0, 3).map((e) => e.start)).toEqual([
      '2026-01-05T07:30:00',
      '2026-01-07T07:30:00',
      '2026-01-07T08:00:00',
    ]);
  });

  it('exports a real plan: the events add up to the planned hours', () => {
    const c = loadCurriculum([join(import.meta.dirname, '../../test/fixtures/content')]);
    const p = planRoadmap(c, 'fixture-road', {
      start: '2026-04-01',
      hoursPerWeek: 4,
      days: ['mon', 'thu', 'sat'],
    });
    const { events } = parse(
      planToIcs(p, {
        roadmapId: 'fixture-road',
        conceptTitle: (id) => c.concepts.get(id)!.title.ja,
      }),
    );
    const blocks = events.filter((e) => !e.isDate);
    const planned = p.weeks.reduce((s, w) => s + w.hours, 0);
    expect(blocks.reduce((s, e) => s + e.minutes, 0)).toBe(planned * 60);
    expect(blocks.length).toBe(
      p.weeks.flatMap((w) => w.items.flatMap((i) => i.days!.filter((d) => d.hours > 0))).length,
    );
    expect(blocks[0].summary).toBe('しるべ: 基礎');
    expect(events.filter((e) => e.isDate).map((e) => e.uid)).toEqual([
      'fixture-road-milestone-week-2@shirube',
    ]);
  });

  it('refuses a plan without study days and a start time that is not a time', () => {
    const noDays: Plan = {
      ...plan,
      weeks: [{ ...plan.weeks[1], items: [{ conceptId: 'c', hours: 6 }] }],
    };
    expect(() => planToIcs(noDays, { roadmapId: 'road' })).toThrow(PlanError);
    expect(() => planToIcs(noDays, { roadmapId: 'road' })).toThrow(/^days: /);
    expect(() => planToIcs(plan, { roadmapId: 'road', startTime: '25:00' })).toThrow(
      /^startTime: expected HH:MM/,
    );
  });
});
