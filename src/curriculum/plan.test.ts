// The planner against schedules worked out by hand on small in-memory curricula, its properties
// over random roadmaps (fast-check), and the real llm-basics-6w roadmap at 7 hours a week.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conceptSchema, roadmapSchema, type HoursRange } from './schema.ts';
import { loadCurriculum, type Curriculum } from './load.ts';
import { planRoadmap, PlanError, type Plan, type PlanOptions } from './plan.ts';

interface ConceptSpec {
  id: string;
  hours?: HoursRange;
  prerequisites?: string[];
  parent?: string;
}
interface EntrySpec {
  concept: string;
  week?: number;
  hours?: HoursRange;
}
interface MilestoneSpec {
  id: string;
  week: number;
  concepts?: string[];
}

const text = { ja: 'テキスト', en: 'Text' };
const h = (min: number, max = min): HoursRange => ({ min, max });

function curriculumOf(
  concepts: ConceptSpec[],
  entries: EntrySpec[],
  milestones: MilestoneSpec[] = [],
  id = 'road',
): Curriculum {
  const parsed = concepts.map((c) =>
    conceptSchema.parse({
      ...c,
      title: text,
      level: 'basic',
      importance: 3,
      summary: text,
      body: text,
      sources: [{ seed: '000', section: 'test', label: c.id }],
    }),
  );
  const roadmap = roadmapSchema.parse({
    id,
    title: text,
    description: text,
    source: '000',
    weeks: 6,
    weeklyHours: { recommended: h(6, 8), minimum: h(4, 5) },
    entries,
    milestones: milestones.map((m) => ({ ...m, title: text, source: 'test' })),
  });
  return {
    concepts: new Map(parsed.map((c) => [c.id, c])),
    roadmaps: new Map([[id, roadmap]]),
    guides: new Map(),
    questions: new Map(),
  };
}

/** Weeks as "concept:hours" strings, the way the schedules were worked out on paper. */
const shape = (plan: Plan) =>
  plan.weeks.map((w) => w.items.map((i) => `${i.conceptId}:${i.hours}`).join(' '));

// a(2–4) → b(4–6) → d(3); c(1, but 2 in the roadmap) → d. Roadmap order d, c, b, a: the order must
// follow the prerequisites, ties by roadmap order: c, a, b, d with 2, 3, 5, 3 hours (middle).
const abcd = () =>
  curriculumOf(
    [
      { id: 'a', hours: h(2, 4) },
      { id: 'b', hours: h(4, 6), prerequisites: ['a'] },
      { id: 'c', hours: h(1) },
      { id: 'd', hours: h(3), prerequisites: ['b', 'c'] },
    ],
    [
      { concept: 'd', week: 3 },
      { concept: 'c', week: 1, hours: h(2) },
      { concept: 'b', week: 2 },
      { concept: 'a', week: 1 },
    ],
    [
      { id: 'first-two', week: 2, concepts: ['a', 'b'] },
      { id: 'a-only', week: 1, concepts: ['a'] },
      { id: 'at-week-5', week: 5 },
    ],
  );

describe('planRoadmap: schedules worked out by hand', () => {
  it('orders by prerequisites, fills each week to its hours and splits what does not fit', () => {
    const plan = planRoadmap(abcd(), 'road', { start: '2026-01-05', hoursPerWeek: 4 });
    // c2 a3 b5 d3 = 13 h poured into 4-hour weeks
    expect(shape(plan)).toEqual(['c:2 a:2', 'a:1 b:3', 'b:2 d:2', 'd:1']);
    expect(plan.weeks.map((w) => [w.week, w.start, w.hours])).toEqual([
      [1, '2026-01-05', 4],
      [2, '2026-01-12', 4],
      [3, '2026-01-19', 4],
      [4, '2026-01-26', 1],
    ]);
    expect(plan.milestones).toEqual([
      { id: 'first-two', week: 3 },
      { id: 'a-only', week: 2 },
      { id: 'at-week-5', week: 5 },
    ]);
    expect(plan.weeks[0].items[0]).not.toHaveProperty('days');
  });

  it('computes the optimistic and pessimistic finish from the low and high ends', () => {
    // 7 h a week over every day = 1 h a day from Monday 2026-01-05.
    const plan = planRoadmap(abcd(), 'road', { start: '2026-01-05', hoursPerWeek: 7 });
    expect(shape(plan)).toEqual(['c:2 a:3 b:2', 'b:3 d:3']);
    // low: 2 + 2 + 4 + 3 = 11 h → the 11th day; high: 2 + 4 + 6 + 3 = 15 h → the 15th day
    expect(plan.optimistic_finish).toBe('2026-01-15');
    expect(plan.pessimistic_finish).toBe('2026-01-19');
  });

  it('spreads each week over the study days and names the days of every item', () => {
    // 6 h a week on Tuesday and Saturday: 3 h each; week 1 is Mon 5 – Sun 11 January.
    const plan = planRoadmap(abcd(), 'road', {
      start: '2026-01-05',
      hoursPerWeek: 6,
      days: ['tue', 'sat'],
    });
    expect(plan.weeks).toEqual([
      {
        week: 1,
        start: '2026-01-05',
        hours: 6,
        items: [
          { conceptId: 'c', hours: 2, days: [{ date: '2026-01-06', day: 'tue', hours: 2 }] },
          {
            conceptId: 'a',
            hours: 3,
            days: [
              { date: '2026-01-06', day: 'tue', hours: 1 },
              { date: '2026-01-10', day: 'sat', hours: 2 },
            ],
          },
          { conceptId: 'b', hours: 1, days: [{ date: '2026-01-10', day: 'sat', hours: 1 }] },
        ],
      },
      {
        week: 2,
        start: '2026-01-12',
        hours: 6,
        items: [
          {
            conceptId: 'b',
            hours: 4,
            days: [
              { date: '2026-01-13', day: 'tue', hours: 3 },
              { date: '2026-01-17', day: 'sat', hours: 1 },
            ],
          },
          { conceptId: 'd', hours: 2, days: [{ date: '2026-01-17', day: 'sat', hours: 2 }] },
        ],
      },
      {
        week: 3,
        start: '2026-01-19',
        hours: 1,
        items: [{ conceptId: 'd', hours: 1, days: [{ date: '2026-01-20', day: 'tue', hours: 1 }] }],
      },
    ]);
    // low 11 h: 3 + 3 + 3 + 2 → Saturday the 17th; high 15 h: five 3-hour days → Tuesday the 20th
    expect(plan.optimistic_finish).toBe('2026-01-17');
    expect(plan.pessimistic_finish).toBe('2026-01-20');
  });

  it('leaves completed concepts out and takes logged hours off the rest', () => {
    const c = abcd();
    const plan = planRoadmap(c, 'road', {
      start: '2026-01-05',
      hoursPerWeek: 4,
      done: new Set(['a', 'c']),
    });
    expect(shape(plan)).toEqual(['b:4', 'b:1 d:3']);
    expect(plan.milestones).toEqual([
      { id: 'first-two', week: 2 },
      { id: 'at-week-5', week: 5 },
    ]);
    const logged = planRoadmap(c, 'road', {
      start: '2026-01-05',
      hoursPerWeek: 4,
      done: new Set(['a', 'c']),
      loggedHours: { b: 2 },
    });
    expect(shape(logged)).toEqual(['b:3 d:1', 'd:2']);
    // low: b 4−2 = 2, d 3 → 5 h at 4/7 h a day (0.57, 0.57, 0.57, 0.57, 0.57, 0.57, 0.58): day 9
    expect(logged.optimistic_finish).toBe('2026-01-13');
    expect(
      planRoadmap(c, 'road', {
        start: '2026-01-05',
        hoursPerWeek: 4,
        loggedHours: new Map([['a', 1]]),
      }).weeks[0].items,
    ).toEqual([
      { conceptId: 'c', hours: 2 },
      { conceptId: 'a', hours: 2 },
    ]);
  });

  it('follows prerequisites through concepts outside the roadmap', () => {
    // z needs y (not in the roadmap), y needs a: a comes first although z is listed first.
    const c = curriculumOf(
      [
        { id: 'a', hours: h(1) },
        { id: 'y', hours: h(1), prerequisites: ['a'] },
        { id: 'z', hours: h(1), prerequisites: ['y'] },
      ],
      [{ concept: 'z' }, { concept: 'a' }],
    );
    expect(shape(planRoadmap(c, 'road', { start: '2026-01-05', hoursPerWeek: 5 }))).toEqual([
      'a:1 z:1',
    ]);
  });

  it('puts entries without hours with their group, or at their recommended week', () => {
    // g (2 h) groups s1 and s2, which have no hours; x takes 4 h. At 3 h a week: g, s1, s2 right
    // after g; x fills the rest. s2 is recommended for week 3, the plan has 2 weeks: week 2.
    const c = curriculumOf(
      [
        { id: 'g', hours: h(2) },
        { id: 's1', parent: 'g' },
        { id: 's2', parent: 'g' },
        { id: 'x', hours: h(4) },
        { id: 'loose' },
      ],
      [
        { concept: 's1', week: 1 },
        { concept: 'g', week: 1 },
        { concept: 'x', week: 1 },
        { concept: 'loose', week: 2 },
        { concept: 's2', week: 3 },
      ],
      [{ id: 'groups', week: 1, concepts: ['s1', 'g'] }],
    );
    const plan = planRoadmap(c, 'road', { start: '2026-01-05', hoursPerWeek: 3 });
    expect(shape(plan)).toEqual(['g:2 s1:0 x:1', 'x:3 loose:0 s2:0']);
    expect(plan.weeks.map((w) => w.hours)).toEqual([3, 3]);
    expect(plan.milestones).toEqual([{ id: 'groups', week: 1 }]);
    // with g done, s1 and s2 are on their own: roadmap order, s2 at its recommended week (clamped)
    expect(
      shape(planRoadmap(c, 'road', { start: '2026-01-05', hoursPerWeek: 3, done: new Set(['g']) })),
    ).toEqual(['s1:0 x:3', 'x:1 loose:0 s2:0']);
  });

  it('uses the middle of the recommended weekly hours when none are given', () => {
    const plan = planRoadmap(abcd(), 'road', { start: '2026-01-05' });
    expect(shape(plan)).toEqual(['c:2 a:3 b:2', 'b:3 d:3']);
  });

  it('returns an empty schedule when everything is done', () => {
    const plan = planRoadmap(abcd(), 'road', {
      start: '2026-01-05',
      hoursPerWeek: 4,
      done: new Set(['a', 'b', 'c', 'd']),
    });
    expect(plan).toEqual({
      weeks: [],
      optimistic_finish: '2026-01-05',
      pessimistic_finish: '2026-01-05',
      milestones: [{ id: 'at-week-5', week: 5 }],
    });
  });
});

describe('planRoadmap: impossible input', () => {
  const base: PlanOptions = { start: '2026-01-05', hoursPerWeek: 7 };
  it.each<[string, string, Partial<PlanOptions>, RegExp]>([
    ['road', 'hoursPerWeek', { hoursPerWeek: 0 }, /^hoursPerWeek: .*got 0$/],
    ['road', 'hoursPerWeek', { hoursPerWeek: -3 }, /hoursPerWeek/],
    ['road', 'hoursPerWeek', { hoursPerWeek: Number.NaN }, /got NaN/],
    ['road', 'hoursPerWeek', { hoursPerWeek: '7' as unknown as number }, /hoursPerWeek/],
    ['road', 'hoursPerWeek', { hoursPerWeek: 200 }, /at most 168/],
    ['road', 'hoursPerWeek', { hoursPerWeek: 0.01 }, /more than 520 weeks/],
    [
      'road',
      'start',
      { start: '2026-02-30' },
      /^start: expected a real date YYYY-MM-DD, got "2026-02-30"$/,
    ],
    ['road', 'start', { start: '2026-1-5' }, /start/],
    ['road', 'start', { start: 'tomorrow' }, /start/],
    ['ghost', 'roadmap', {}, /^roadmap: unknown roadmap "ghost" \(known: road\)$/],
    ['road', 'days', { days: ['mon', 'funday'] }, /^days: unknown day "funday"/],
    ['road', 'days', { days: [] }, /days: at least one day/],
    ['road', 'loggedHours', { loggedHours: { a: -1 } }, /loggedHours: .*"a"/],
  ])('%s with %s wrong throws a PlanError naming it', (roadmap, param, opts, message) => {
    const run = () => planRoadmap(abcd(), roadmap, { ...base, ...opts });
    expect(run).toThrow(PlanError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      expect((err as PlanError).param).toBe(param);
    }
  });

  it('accepts day names in any case and ignores repeats', () => {
    const plan = planRoadmap(abcd(), 'road', { ...base, days: ['Mon', 'mon', 'SUN'] });
    expect(plan.weeks[0].items[0].days?.map((d) => d.day)).toEqual(['mon']);
  });
});

describe('planRoadmap: properties over random roadmaps', () => {
  const half = fc.integer({ min: 1, max: 20 }).map((n) => n / 2);
  // Concept i may only need (or belong to) concepts j < i, so the graph has no cycle.
  const spec = fc.integer({ min: 1, max: 10 }).chain((n) =>
    fc.record({
      concepts: fc.array(
        fc.record({
          hours: fc.option(
            fc.tuple(half, half).map(([x, y]) => h(Math.min(x, y), Math.max(x, y))),
            { nil: undefined, freq: 4 },
          ),
          prerequisites: fc.uniqueArray(fc.nat({ max: 9 }), { maxLength: 4 }),
          parent: fc.option(fc.nat({ max: 9 }), { nil: undefined, freq: 2 }),
          week: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
        }),
        { minLength: n, maxLength: n },
      ),
      order: fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => `c${i}`),
        { minLength: n, maxLength: n },
      ),
      hoursPerWeek: fc.integer({ min: 1, max: 40 }).map((x) => x / 2),
      days: fc.option(
        fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], { minLength: 1 }),
        { nil: undefined },
      ),
      done: fc.subarray(Array.from({ length: n }, (_, i) => `c${i}`)),
    }),
  );
  const earlier = (i: number, js: number[]) => [
    ...new Set(js.filter((j) => j < i).map((j) => `c${j}`)),
  ];

  it('respects prerequisites and weekly hours, and schedules every concept in full', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const concepts = s.concepts.map((c, i) => ({
          id: `c${i}`,
          hours: c.hours,
          prerequisites: earlier(i, c.prerequisites),
          parent: c.parent !== undefined && c.parent < i ? `c${c.parent}` : undefined,
        }));
        const entries = s.order.map((id) => ({ concept: id, week: s.concepts[+id.slice(1)].week }));
        const c = curriculumOf(concepts, entries);
        const done = new Set(s.done);
        const plan = planRoadmap(c, 'road', {
          start: '2026-03-02',
          hoursPerWeek: s.hoursPerWeek,
          days: s.days,
          done,
        });
        const pos = new Map<
          string,
          { first: [number, number]; last: [number, number]; hours: number }
        >();
        plan.weeks.forEach((w, wi) => {
          expect(w.week).toBe(wi + 1);
          expect(w.hours).toBeLessThanOrEqual(s.hoursPerWeek + 1e-9);
          expect(w.hours).toBeCloseTo(
            w.items.reduce((sum, i) => sum + i.hours, 0),
            6,
          );
          w.items.forEach((item, ii) => {
            const p = pos.get(item.conceptId);
            if (p) Object.assign(p, { last: [wi, ii], hours: p.hours + item.hours });
            else pos.set(item.conceptId, { first: [wi, ii], last: [wi, ii], hours: item.hours });
            if (s.days) {
              expect(item.days!.reduce((sum, d) => sum + d.hours, 0)).toBeCloseTo(item.hours, 6);
              for (const d of item.days!) expect(s.days).toContain(d.day);
            }
          });
        });
        const before = (x: [number, number], y: [number, number]) =>
          x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
        for (const [i, spec] of concepts.entries()) {
          const id = `c${i}`;
          if (done.has(id)) {
            expect(pos.has(id)).toBe(false);
            continue;
          }
          const p = pos.get(id)!;
          expect(p).toBeDefined();
          const mid = spec.hours ? (spec.hours.min + spec.hours.max) / 2 : 0;
          expect(p.hours).toBeCloseTo(mid, 6);
          for (const pre of spec.prerequisites) {
            if (pos.has(pre)) expect(before(pos.get(pre)!.last, p.first)).toBe(true);
          }
        }
        expect(plan.optimistic_finish <= plan.pessimistic_finish).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('planRoadmap: the real content', () => {
  it('plans llm-basics-6w at 7 hours a week in about 6 weeks', () => {
    const plan = planRoadmap(loadCurriculum(), 'llm-basics-6w', {
      start: '2026-01-05',
      hoursPerWeek: 7,
    });
    expect(plan.weeks.length).toBeGreaterThanOrEqual(5);
    expect(plan.weeks.length).toBeLessThanOrEqual(7);
    expect(plan.weeks.every((w) => w.hours <= 7)).toBe(true);
    expect(plan.milestones.length).toBeGreaterThan(0);
  });

  const defaultHours = (id: string) => {
    const rec = loadCurriculum().roadmaps.get(id)!.weeklyHours.recommended;
    return (rec.min + rec.max) / 2;
  };

  it("plans llm-understanding at its default 7 hours a week in its content's 10 weeks", () => {
    // content/roadmaps/llm-understanding.yaml: weeks 10, recommended 6–8 h; its entries' hours are
    // 60–80 h, 70 h in the middle: 70 / 7 = 10 full weeks.
    expect(defaultHours('llm-understanding')).toBe(7);
    const plan = planRoadmap(loadCurriculum(), 'llm-understanding', { start: '2026-01-05' });
    expect(plan.weeks.length).toBe(10);
    expect(plan.weeks.every((w) => w.hours <= 7)).toBe(true);
  });

  it('plans llm-apps-12m at its default 11 hours a week in about 43 weeks, not 52', () => {
    // content/roadmaps/llm-apps-12m.yaml: recommended 10–12 h (Phase 1's figure), the skills' hours
    // add up to 473 h (totalHours 473). 473 / 11 = 43 weeks. The seed's 12 months (52 weeks) assume
    // fewer hours a week than its skills total (473 / 52 ≈ 9.1 h, below the 10–12 h it recommends,
    // and Phase 3 even asks 12–14 h): the seed's hours are kept as they are, so the plan comes out
    // shorter than the 12 months it is named after.
    expect(defaultHours('llm-apps-12m')).toBe(11);
    const plan = planRoadmap(loadCurriculum(), 'llm-apps-12m', { start: '2026-01-05' });
    expect(plan.weeks.length).toBeGreaterThanOrEqual(42);
    expect(plan.weeks.length).toBeLessThanOrEqual(44);
    expect(plan.weeks.reduce((sum, w) => sum + w.hours, 0)).toBeCloseTo(473, 6);
    expect(plan.weeks.every((w) => w.hours <= 11)).toBe(true);
  });
});
