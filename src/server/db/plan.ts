// The learner's saved plan settings per roadmap, and the facts re-planning needs (progress with the
// day each concept was finished, the learning log). Shared by the HTTP API and the command line so
// both plan from the same data.
import type { Curriculum } from '../../curriculum/load.ts';
import type { PlanSettings, ProgressFact, LoggedDay } from '../../curriculum/replan.ts';
import type { Db } from './open.ts';
import { listProgress, LOCAL_LEARNER } from './progress.ts';
import { listLog } from './log.ts';

/** The saved settings for a roadmap, or undefined when the learner has not set a plan for it. */
export async function savedPlanSettings(db: Db, roadmapId: string, learner = LOCAL_LEARNER): Promise<PlanSettings | undefined> {
  const row = await db
    .selectFrom('plan_setting')
    .selectAll()
    .where('learner_id', '=', learner)
    .where('roadmap_id', '=', roadmapId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { start: row.start, hoursPerWeek: row.hours_per_week, days: row.days ? row.days.split(',') : undefined };
}

/** Progress and the log up to `today`, as replan() and progressToDate() take them. */
export async function planFacts(db: Db, today: string): Promise<{ today: string; progress: ProgressFact[]; log: LoggedDay[] }> {
  const progress = [...(await listProgress(db)).values()].map((p) => ({
    conceptId: p.conceptId,
    status: p.status,
    finishedAt: p.status === 'done' ? p.completedAt : p.status === 'skipped' ? p.changedAt : null,
  }));
  return { today, progress, log: await listLog(db, { to: today }) };
}

export interface WeeklyTarget {
  roadmapId: string;
  /** Minutes a week: the saved plan's hours (min = max), else the roadmap's recommended range. */
  minutes: { min: number; max: number };
  /** Whether it comes from the learner's saved plan. */
  saved: boolean;
}

/** The weekly target for a roadmap: the saved plan's hours where there is one, else the recommended hours. */
export async function weeklyTarget(db: Db, curriculum: Curriculum, roadmapId: string): Promise<WeeklyTarget> {
  const saved = await savedPlanSettings(db, roadmapId);
  if (saved) return { roadmapId, minutes: { min: saved.hoursPerWeek * 60, max: saved.hoursPerWeek * 60 }, saved: true };
  const rec = curriculum.roadmaps.get(roadmapId)!.weeklyHours.recommended;
  return { roadmapId, minutes: { min: rec.min * 60, max: rec.max * 60 }, saved: false };
}

/**
 * The roadmap the Log page measures weeks against: the shortest roadmap with a saved plan, else the
 * shortest roadmap (ties in content order).
 */
export async function targetRoadmap(db: Db, curriculum: Curriculum): Promise<string | undefined> {
  const sorted = [...curriculum.roadmaps.values()].sort((a, b) => a.weeks - b.weeks);
  for (const r of sorted) if (await savedPlanSettings(db, r.id)) return r.id;
  return sorted[0]?.id;
}
