// The study plan over HTTP: the learner's plan settings per roadmap, the re-planned schedule with
// its burndown and catch-up suggestions, and the iCalendar export.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Curriculum } from '../curriculum/load.ts';
import { DAY_NAMES, PlanError } from '../curriculum/plan.ts';
import { replan, type PlanSettings } from '../curriculum/replan.ts';
import { planToIcs } from '../curriculum/ics.ts';
import type { Db } from './db/open.ts';
import { LOCAL_LEARNER } from './db/progress.ts';
import { describeZod, localDay } from './db/log.ts';
import { planFacts, savedPlanSettings } from './db/plan.ts';

export interface PlanRoutesOptions {
  db: Db;
  curriculum: Curriculum;
  now?: () => Date;
}

const settingsBody = z.strictObject({
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
  hoursPerWeek: z.number().positive('expected hours per week greater than 0').max(168, 'expected at most 168 hours a week'),
  days: z.array(z.enum(DAY_NAMES)).optional(),
});

const fail = (status: 400 | 404, message: string): never => {
  throw new HTTPException(status, { message });
};

export function createPlanRoutes({ db, curriculum, now = () => new Date() }: PlanRoutesOptions): Hono {
  const app = new Hono();

  const roadmapOf = (id: string) => curriculum.roadmaps.get(id) ?? fail(404, `roadmap "${id}" does not exist`);

  async function settingsOf(roadmapId: string): Promise<PlanSettings & { saved: boolean }> {
    const saved = await savedPlanSettings(db, roadmapId);
    if (saved) return { ...saved, saved: true };
    const rec = roadmapOf(roadmapId).weeklyHours.recommended;
    return { start: localDay(now()), hoursPerWeek: (rec.min + rec.max) / 2, saved: false };
  }

  /** `allDays`: a calendar needs study days; a plan saved without them studies every day. */
  async function compute(roadmapId: string, today: string, allDays = false) {
    const saved = await settingsOf(roadmapId);
    const settings = allDays && !saved.days?.length ? { ...saved, days: [...DAY_NAMES] } : saved;
    const facts = await planFacts(db, today);
    try {
      return { saved: settings.saved, ...replan(curriculum, roadmapId, settings, facts) };
    } catch (err) {
      if (err instanceof PlanError) fail(400, err.message);
      throw err;
    }
  }

  const todayOf = (q: string | undefined) => {
    if (q === undefined) return localDay(now());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(q)) fail(400, `today: expected a date YYYY-MM-DD, got "${q}"`);
    return q;
  };

  app.get('/plan/:roadmapId', async (c) => {
    roadmapOf(c.req.param('roadmapId'));
    return c.json(await compute(c.req.param('roadmapId'), todayOf(c.req.query('today'))));
  });

  app.put('/plan/:roadmapId', async (c) => {
    const roadmapId = c.req.param('roadmapId');
    roadmapOf(roadmapId);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      fail(400, 'the request body is not valid JSON');
    }
    const parsed = settingsBody.safeParse(body);
    if (!parsed.success) fail(400, describeZod(parsed.error));
    const s = parsed.data!;
    // Validate by planning before saving, so a bad start date never replaces good settings.
    try {
      replan(curriculum, roadmapId, s, { today: s.start, progress: [], log: [] });
    } catch (err) {
      if (err instanceof PlanError) fail(400, err.message);
      throw err;
    }
    const row = { start: s.start, hours_per_week: s.hoursPerWeek, days: (s.days ?? []).join(','), updated_at: now().toISOString() };
    await db
      .insertInto('plan_setting')
      .values({ learner_id: LOCAL_LEARNER, roadmap_id: roadmapId, ...row })
      .onConflict((oc) => oc.columns(['learner_id', 'roadmap_id']).doUpdateSet(row))
      .execute();
    return c.json(await compute(roadmapId, todayOf(c.req.query('today'))));
  });

  app.get('/plan/:roadmapId/ics', async (c) => {
    const roadmapId = c.req.param('roadmapId');
    const r = roadmapOf(roadmapId);
    const result = await compute(roadmapId, todayOf(c.req.query('today')), true);
    const lang = c.req.query('lang') === 'en' ? 'en' : 'ja';
    const ics = planToIcs(result.current, {
      roadmapId,
      calName: `しるべ — ${r.title[lang]}`,
      conceptTitle: (id) => curriculum.concepts.get(id)?.title[lang] ?? id,
      milestoneTitle: (id) => r.milestones.find((m) => m.id === id)?.title[lang] ?? id,
    });
    return c.body(ics, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="shirube-${roadmapId}.ics"`,
    });
  });

  return app;
}
