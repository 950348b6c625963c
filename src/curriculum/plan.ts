// The study planner: a roadmap, a start date and weekly hours in; a week-by-week (and, where study
// days are given, day-by-day) schedule out, with optimistic and pessimistic finish dates and the
// roadmap's milestones. Pure: no I/O, no clock. The calendar export is ics.ts; the command, cli/.
import type { Curriculum } from './load.ts';
import type { HoursRange, Roadmap } from './schema.ts';

export const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayName = (typeof DAY_NAMES)[number];

export interface PlanOptions {
  /** First day of week 1, YYYY-MM-DD. Week n starts 7(n−1) days later. */
  start: string;
  /** Study hours per week; default: the middle of the roadmap's recommended weekly hours. */
  hoursPerWeek?: number;
  /** Study days; the week's hours are split evenly over them. Default: every day (not shown). */
  days?: readonly string[];
  /** Concepts completed or skipped: left out, so the remaining schedule moves up. */
  done?: ReadonlySet<string>;
  /** Hours already spent on concepts not yet done: taken off their estimate. */
  loggedHours?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

export interface PlanDay {
  date: string;
  day: DayName;
  hours: number;
}
export interface PlanItem {
  conceptId: string;
  hours: number;
  /** Only when study days were given: the days this concept is studied in this week. */
  days?: PlanDay[];
}
export interface PlanWeek {
  week: number;
  start: string;
  hours: number;
  items: PlanItem[];
}
export interface PlanMilestone {
  id: string;
  week: number;
}
export interface Plan {
  weeks: PlanWeek[];
  optimistic_finish: string;
  pessimistic_finish: string;
  milestones: PlanMilestone[];
}

/** Input the planner cannot work with; `param` names the offending parameter. */
export class PlanError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(`${param}: ${message}`);
    this.name = 'PlanError';
  }
}

/** The longest plan we make: 10 years. Beyond that the weekly hours are surely a typo. */
const MAX_WEEKS = 520;
/** Hours are handled in hundredths (integers), so every split adds up exactly. */
const UNIT = 100;
const toUnits = (hours: number) => Math.round(hours * UNIT);
const toHours = (units: number) => units / UNIT;

// ---- dates (calendar days, as UTC midnights) ----

export function parseDate(text: string, param = 'start'): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
  if (!m || !date || formatDate(date) !== text) {
    throw new PlanError(param, `expected a real date YYYY-MM-DD, got "${text}"`);
  }
  return date;
}
export const formatDate = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * 86_400_000);
export const dayName = (d: Date): DayName => DAY_NAMES[(d.getUTCDay() + 6) % 7];

/** Validates day names ("mon", "Tue", …); duplicates collapse. */
export function parseDays(days: readonly string[]): Set<DayName> {
  const out = new Set<DayName>();
  for (const raw of days) {
    const d = raw.trim().toLowerCase();
    if (!(DAY_NAMES as readonly string[]).includes(d)) {
      throw new PlanError(
        'days',
        `unknown day "${raw}" (expected some of: ${DAY_NAMES.join(', ')})`,
      );
    }
    out.add(d as DayName);
  }
  if (out.size === 0)
    throw new PlanError('days', `at least one day is needed (${DAY_NAMES.join(', ')})`);
  return out;
}

// ---- the roadmap as a graph of what remains ----

interface Task {
  conceptId: string;
  index: number;
  /** The entry's hours, else the concept's; undefined: covered by its group (0 h). */
  range?: HoursRange;
  week?: number;
  /** Remaining estimate in units: low end, middle, high end. */
  low: number;
  mid: number;
  high: number;
  /** Effective prerequisites among the remaining tasks. */
  prereqs: Set<string>;
  /** The nearest ancestor (parent, grandparent…) that is a remaining task, for 0-hour entries. */
  group?: string;
}

function loggedOf(opts: PlanOptions, id: string): number {
  const logged = opts.loggedHours;
  if (!logged) return 0;
  const h = logged instanceof Map ? logged.get(id) : (logged as Record<string, number>)[id];
  if (h === undefined) return 0;
  if (typeof h !== 'number' || !Number.isFinite(h) || h < 0) {
    throw new PlanError(
      'loggedHours',
      `expected a number of hours ≥ 0 for "${id}", got ${String(h)}`,
    );
  }
  return toUnits(h);
}

function buildTasks(
  curriculum: Curriculum,
  roadmap: Roadmap,
  opts: PlanOptions,
): Map<string, Task> {
  const done = opts.done ?? new Set<string>();
  const tasks = new Map<string, Task>();
  roadmap.entries.forEach((e, index) => {
    if (done.has(e.concept)) return;
    const range = e.hours ?? curriculum.concepts.get(e.concept)?.hours;
    const spent = loggedOf(opts, e.concept);
    const left = (units: number) => Math.max(0, units - spent);
    tasks.set(e.concept, {
      conceptId: e.concept,
      index,
      range,
      week: e.week,
      low: left(range ? toUnits(range.min) : 0),
      mid: left(range ? Math.round(((range.min + range.max) / 2) * UNIT) : 0),
      high: left(range ? toUnits(range.max) : 0),
      prereqs: new Set(),
    });
  });
  // Prerequisites within the roadmap, followed through concepts that are not remaining tasks
  // (outside the roadmap, or done), so A → X → B still orders B before A.
  const direct = (id: string) => curriculum.concepts.get(id)?.prerequisites ?? [];
  for (const task of tasks.values()) {
    const seen = new Set<string>();
    const stack = [...direct(task.conceptId)];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id) || id === task.conceptId) continue;
      seen.add(id);
      if (tasks.has(id)) task.prereqs.add(id);
      else stack.push(...direct(id));
    }
  }
  // 0-hour entries are studied with their group: an implicit prerequisite on the nearest ancestor
  // that remains, unless the ancestor itself depends on the entry.
  for (const task of tasks.values()) {
    if (task.range) continue;
    const seen = new Set<string>([task.conceptId]);
    for (
      let p = curriculum.concepts.get(task.conceptId)?.parent;
      p && !seen.has(p);
      p = curriculum.concepts.get(p)?.parent
    ) {
      seen.add(p);
      if (!tasks.has(p)) continue;
      if (!dependsOn(tasks, p, task.conceptId)) {
        task.group = p;
        task.prereqs.add(p);
      }
      break;
    }
  }
  return tasks;
}

function dependsOn(tasks: Map<string, Task>, from: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(tasks.get(id)?.prereqs ?? []));
  }
  return false;
}

/** Topological order; among the ready tasks, roadmap order first (a 0-hour entry right after its group). */
function studyOrder(tasks: Map<string, Task>): Task[] {
  const key = (t: Task): [number, number, number] => {
    const g = t.group ? tasks.get(t.group)! : undefined;
    return g ? [g.index, 1, t.index] : [t.index, 0, t.index];
  };
  const before = (a: Task, b: Task) => {
    const ka = key(a);
    const kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  };
  const placed = new Set<string>();
  const order: Task[] = [];
  const pending = [...tasks.values()];
  while (pending.length > 0) {
    const ready = pending.filter((t) => [...t.prereqs].every((p) => placed.has(p)));
    if (ready.length === 0) {
      throw new PlanError(
        'roadmap',
        `prerequisite cycle among: ${pending.map((t) => t.conceptId).join(', ')}`,
      );
    }
    const next = ready.reduce((a, b) => (before(a, b) <= 0 ? a : b));
    pending.splice(pending.indexOf(next), 1);
    placed.add(next.conceptId);
    order.push(next);
  }
  return order;
}

// ---- pouring the ordered tasks into days and weeks ----

interface Piece {
  conceptId: string;
  week: number;
  date: Date;
  units: number;
  seq: number;
}

interface Calendar {
  start: Date;
  weeklyUnits: number;
  days: Set<DayName>;
}

/** The study days of week `week` (1-based) with their capacity; the week's units split evenly. */
function weekDays(cal: Calendar, week: number): { date: Date; cap: number }[] {
  const dates: Date[] = [];
  for (let off = 0; off < 7; off++) {
    const date = addDays(cal.start, 7 * (week - 1) + off);
    if (cal.days.has(dayName(date))) dates.push(date);
  }
  const n = dates.length;
  const C = cal.weeklyUnits;
  return dates.map((date, j) => ({
    date,
    cap: Math.floor(((j + 1) * C) / n) - Math.floor((j * C) / n),
  }));
}

/** Fills days in order; a task that does not fit continues on the next study day (and week). */
function pour(cal: Calendar, order: Task[], size: (t: Task) => number): Piece[] {
  const pieces: Piece[] = [];
  let week = 1;
  let days = weekDays(cal, 1);
  let j = 0;
  let used = 0;
  for (const task of order) {
    let left = size(task);
    if (left === 0)
      pieces.push({
        conceptId: task.conceptId,
        week,
        date: days[j].date,
        units: 0,
        seq: pieces.length,
      });
    while (left > 0) {
      if (used >= days[j].cap) {
        j++;
        used = 0;
        if (j === days.length) {
          days = weekDays(cal, ++week);
          j = 0;
        }
        continue;
      }
      const take = Math.min(left, days[j].cap - used);
      pieces.push({
        conceptId: task.conceptId,
        week,
        date: days[j].date,
        units: take,
        seq: pieces.length,
      });
      used += take;
      left -= take;
    }
  }
  return pieces;
}

function finishDate(cal: Calendar, pieces: Piece[]): string {
  const last = pieces.filter((p) => p.units > 0).at(-1);
  return formatDate(last ? last.date : cal.start);
}

// ---- the plan ----

/**
 * Plans a roadmap: concepts in prerequisite order (ties by roadmap order), each taking the middle
 * of its hour range, never more than `hoursPerWeek` in a week. The finish dates pour the same
 * order with the low and the high ends of the ranges.
 */
export function planRoadmap(curriculum: Curriculum, roadmapId: string, opts: PlanOptions): Plan {
  const roadmap = curriculum.roadmaps.get(roadmapId);
  if (!roadmap) {
    throw new PlanError(
      'roadmap',
      `unknown roadmap "${roadmapId}" (known: ${[...curriculum.roadmaps.keys()].join(', ') || 'none'})`,
    );
  }
  if (typeof opts.start !== 'string')
    throw new PlanError('start', `expected a date YYYY-MM-DD, got ${String(opts.start)}`);
  const start = parseDate(opts.start);
  const rec = roadmap.weeklyHours.recommended;
  const hours = opts.hoursPerWeek ?? (rec.min + rec.max) / 2;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > 168) {
    throw new PlanError(
      'hoursPerWeek',
      `expected a number of hours per week greater than 0 and at most 168, got ${String(hours)}`,
    );
  }
  if (toUnits(hours) < 1)
    throw new PlanError('hoursPerWeek', `expected at least 0.01 hours per week, got ${hours}`);
  const showDays = opts.days !== undefined;
  const cal: Calendar = {
    start,
    weeklyUnits: toUnits(hours),
    days: showDays ? parseDays(opts.days!) : new Set(DAY_NAMES),
  };

  const tasks = buildTasks(curriculum, roadmap, opts);
  const order = studyOrder(tasks);
  const highTotal = order.reduce((s, t) => s + t.high, 0);
  if (Math.ceil(highTotal / cal.weeklyUnits) > MAX_WEEKS) {
    throw new PlanError(
      'hoursPerWeek',
      `${hours} hours a week would take more than ${MAX_WEEKS} weeks for ${toHours(highTotal)} hours of study`,
    );
  }

  const pieces = pour(cal, order, (t) => t.mid);
  const lastWeek = Math.max(1, ...pieces.map((p) => p.week));
  placeLooseEntries(cal, tasks, pieces, lastWeek);

  const weeks: PlanWeek[] = [];
  for (let w = 1; w <= (pieces.length > 0 ? lastWeek : 0); w++) {
    weeks.push({ week: w, start: formatDate(addDays(start, 7 * (w - 1))), hours: 0, items: [] });
  }
  const finishWeek = new Map<string, number>();
  for (const p of [...pieces].sort((a, b) => a.week - b.week || a.seq - b.seq)) {
    const week = weeks[p.week - 1];
    let item = week.items.find((i) => i.conceptId === p.conceptId);
    if (!item)
      week.items.push(
        (item = { conceptId: p.conceptId, hours: 0, ...(showDays ? { days: [] } : {}) }),
      );
    item.hours = toHours(toUnits(item.hours) + p.units);
    week.hours = toHours(toUnits(week.hours) + p.units);
    item.days?.push({ date: formatDate(p.date), day: dayName(p.date), hours: toHours(p.units) });
    finishWeek.set(p.conceptId, Math.max(finishWeek.get(p.conceptId) ?? 0, p.week));
  }

  const milestones: PlanMilestone[] = [];
  for (const m of roadmap.milestones) {
    if (m.concepts.length === 0) milestones.push({ id: m.id, week: m.week });
    else {
      const left = m.concepts.filter((c) => finishWeek.has(c));
      if (left.length > 0)
        milestones.push({ id: m.id, week: Math.max(...left.map((c) => finishWeek.get(c)!)) });
    }
  }

  return {
    weeks,
    optimistic_finish: finishDate(
      cal,
      pour(cal, order, (t) => t.low),
    ),
    pessimistic_finish: finishDate(
      cal,
      pour(cal, order, (t) => t.high),
    ),
    milestones,
  };
}

/**
 * A 0-hour entry whose recommended week is later than where the order put it (with its group, or
 * by roadmap order) moves to that week: to the end of it, at most the plan's last week, and
 * always before the first week of anything that depends on it.
 */
function placeLooseEntries(
  cal: Calendar,
  tasks: Map<string, Task>,
  pieces: Piece[],
  lastWeek: number,
): void {
  const dependents = new Map<string, string[]>();
  for (const t of tasks.values())
    for (const p of t.prereqs) dependents.set(p, [...(dependents.get(p) ?? []), t.conceptId]);
  const firstWeek = (id: string) =>
    Math.min(...pieces.filter((p) => p.conceptId === id).map((p) => p.week));
  for (const p of [...pieces].reverse()) {
    const t = tasks.get(p.conceptId)!;
    if (t.range || t.week === undefined) continue;
    const limit = Math.min(
      lastWeek,
      t.week,
      ...(dependents.get(t.conceptId) ?? []).map((d) => firstWeek(d) - 1),
    );
    if (limit <= p.week) continue;
    const days = weekDays(cal, limit);
    Object.assign(p, { week: limit, date: days[days.length - 1].date, seq: pieces.length + p.seq });
  }
}
