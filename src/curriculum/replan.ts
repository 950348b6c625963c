// Re-planning from reality: the plan the learner set out with, the plan from today given what is
// done and logged, a burndown of remaining hours (planned against actual), and — when the learner is
// behind — which low-importance concepts could be skipped to catch up. Pure: no I/O, no clock.
import type { Curriculum } from './load.ts';
import { addDays, formatDate, parseDate, planRoadmap, PlanError, type Plan } from './plan.ts';

export interface PlanSettings {
  start: string;
  hoursPerWeek: number;
  days?: string[];
}

export interface ProgressFact {
  conceptId: string;
  status: 'not_started' | 'in_progress' | 'done' | 'skipped';
  /** When it was completed or skipped (YYYY-MM-DD or ISO), for the burndown. */
  finishedAt: string | null;
}

export interface LoggedDay {
  date: string;
  minutes: number;
  concepts: string[];
}

export interface BurndownPoint {
  week: number;
  /** Last day of the week. */
  end: string;
  /** Hours left at the end of this week if the original plan were followed. */
  planned: number;
  /** Hours actually left at the end of this week; null for weeks that have not ended. */
  actual: number | null;
}

export interface Replan {
  settings: PlanSettings;
  today: string;
  /** 1-based index of the week that contains today (0 before the start). */
  currentWeek: number;
  original: Plan;
  current: Plan;
  burndown: BurndownPoint[];
  /** Hours behind the original plan at the end of last week; 0 when on track or ahead. */
  hoursBehind: number;
  /** Concepts that could be skipped to catch up, least important first. */
  suggestions: { conceptId: string; importance: number; hours: number }[];
}

const round = (x: number) => Math.round(x * 100) / 100;
const mid = (h: { min: number; max: number } | null | undefined) => (h ? (h.min + h.max) / 2 : 0);

const remaining = (done: Set<string>, logged: Map<string, number>) => ({
  done,
  loggedHours: Object.fromEntries([...logged].filter(([c]) => !done.has(c))),
});

/**
 * What the re-planned schedule leaves out and takes off: the roadmap's concepts done or skipped,
 * and the hours logged (up to `today`) on the others, the day's minutes shared evenly among the
 * concepts it touched. The `done` and `loggedHours` of planRoadmap, as the Plan page uses them.
 */
export function progressToDate(
  curriculum: Curriculum,
  roadmapId: string,
  facts: { today: string; progress: ProgressFact[]; log: LoggedDay[] },
): { done: Set<string>; loggedHours: Record<string, number> } {
  const roadmap = curriculum.roadmaps.get(roadmapId);
  if (!roadmap) throw new PlanError('roadmap', `unknown roadmap "${roadmapId}"`);
  const members = new Set(roadmap.entries.map((e) => e.concept));
  const done = new Set(
    facts.progress.filter((p) => (p.status === 'done' || p.status === 'skipped') && members.has(p.conceptId)).map((p) => p.conceptId),
  );
  return remaining(done, loggedBy(facts.log, members, facts.today));
}

function loggedBy(log: LoggedDay[], members: ReadonlySet<string>, end: string): Map<string, number> {
  const logged = new Map<string, number>();
  for (const day of log) {
    if (day.date > end) continue;
    const ids = day.concepts.filter((c) => members.has(c));
    for (const c of ids) logged.set(c, (logged.get(c) ?? 0) + day.minutes / 60 / ids.length);
  }
  return logged;
}

export function replan(
  curriculum: Curriculum,
  roadmapId: string,
  settings: PlanSettings,
  facts: { today: string; progress: ProgressFact[]; log: LoggedDay[] },
): Replan {
  const roadmap = curriculum.roadmaps.get(roadmapId);
  if (!roadmap) throw new PlanError('roadmap', `unknown roadmap "${roadmapId}"`);
  const start = parseDate(settings.start, 'start');
  const today = parseDate(facts.today, 'today');
  const base = { hoursPerWeek: settings.hoursPerWeek, days: settings.days };
  const original = planRoadmap(curriculum, roadmapId, { ...base, start: settings.start });

  // Hours per entry in the middle of its range, as the weekly schedule uses.
  const hours = new Map(roadmap.entries.map((e) => [e.concept, mid(e.hours ?? curriculum.concepts.get(e.concept)?.hours)]));
  const total = [...hours.values()].reduce((a, b) => a + b, 0);
  const finished = facts.progress.filter((p) => (p.status === 'done' || p.status === 'skipped') && hours.has(p.conceptId));
  const done = new Set(finished.map((p) => p.conceptId));

  // Logged minutes are shared evenly among the concepts of the day, and count only while the concept
  // is not finished (its whole estimate counts once it is), never above the estimate.
  const spentBy = (end: string) => {
    const finishedBy = new Set(finished.filter((p) => (p.finishedAt ?? '').slice(0, 10) <= end).map((p) => p.conceptId));
    const logged = loggedBy(facts.log, new Set(hours.keys()), end);
    let spent = 0;
    for (const [c, h] of hours) spent += finishedBy.has(c) ? h : Math.min(h, logged.get(c) ?? 0);
    return { spent, logged };
  };

  const elapsedDays = Math.floor((today.getTime() - start.getTime()) / 86_400_000);
  const currentWeek = elapsedDays < 0 ? 0 : Math.floor(elapsedDays / 7) + 1;
  const weekStart = currentWeek <= 1 ? settings.start : formatDate(addDays(start, 7 * (currentWeek - 1)));
  const current = planRoadmap(curriculum, roadmapId, { ...base, start: weekStart, ...remaining(done, spentBy(facts.today).logged) });

  let plannedLeft = total;
  const burndown = original.weeks.map((w) => {
    plannedLeft -= w.hours;
    const end = formatDate(addDays(parseDate(w.start), 6));
    const ended = end < facts.today;
    return { week: w.week, end, planned: round(Math.max(0, plannedLeft)), actual: ended ? round(total - spentBy(end).spent) : null };
  });
  const lastEnded = [...burndown].reverse().find((b) => b.actual !== null);
  const hoursBehind = lastEnded ? round(Math.max(0, lastEnded.actual! - lastEnded.planned)) : 0;

  const suggestions: Replan['suggestions'] = [];
  if (hoursBehind > 0) {
    const candidates = roadmap.entries
      .filter((e) => !done.has(e.concept) && (hours.get(e.concept) ?? 0) > 0)
      .map((e) => ({ conceptId: e.concept, importance: e.importance ?? curriculum.concepts.get(e.concept)!.importance, hours: hours.get(e.concept)! }))
      .filter((c) => c.importance <= 3)
      .sort((a, b) => a.importance - b.importance || b.hours - a.hours);
    let covered = 0;
    for (const c of candidates) {
      if (covered >= hoursBehind) break;
      suggestions.push(c);
      covered += c.hours;
    }
  }
  return { settings, today: facts.today, currentWeek, original, current, burndown, hoursBehind, suggestions };
}
