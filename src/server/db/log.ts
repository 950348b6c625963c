// The learning log: one entry per learner and day with 002's template fields (Markdown), minutes
// and the concepts touched; statistics (streak, heat map days, weekly totals); Markdown import.
import { z } from 'zod';
import type { Db } from './open.ts';
import { LOCAL_LEARNER } from './progress.ts';
import { isIsoDate, normalizeMarkdownField, type LogMarkdownEntry } from '../../curriculum/log-markdown.ts';
import type { LogEntryDto, LogImportResultDto, LogStatsDto } from '../../shared/api.ts';
import type { LogEntryTable } from './schema.ts';

/** The most minutes a day can hold. */
export const MAX_MINUTES = 24 * 60;
/** The most UTF-8 bytes one Markdown field (or note) may have. */
export const MAX_MARKDOWN_BYTES = 100_000;

/** Formats zod issues as `field: message; …`. */
export function describeZod(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export const isoDate = z.string().refine(isIsoDate, 'expected a real date as YYYY-MM-DD');

export const minutesSchema = z
  .number({ error: `expected an integer number of minutes from 0 to ${MAX_MINUTES}` })
  .int(`expected an integer number of minutes from 0 to ${MAX_MINUTES}`)
  .min(0, `expected an integer number of minutes from 0 to ${MAX_MINUTES}`)
  .max(MAX_MINUTES, `expected at most ${MAX_MINUTES} minutes (one day)`);

export const markdownField = z
  .string({ error: 'expected Markdown text (a string)' })
  .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_MARKDOWN_BYTES, `expected at most ${MAX_MARKDOWN_BYTES} bytes of Markdown`)
  .transform(normalizeMarkdownField);

/** The body of PUT /log/:date; concepts must be ids of the curriculum (duplicates are dropped). */
export function logInputSchema(knownConcepts: ReadonlySet<string>) {
  return z.strictObject({
    minutes: minutesSchema,
    learned: markdownField.default(''),
    implemented: markdownField.default(''),
    blockers: markdownField.default(''),
    next: markdownField.default(''),
    concepts: z
      .array(z.string().refine((id) => knownConcepts.has(id), { error: (i) => `"${String(i.input)}" is not a concept id` }))
      .default([])
      .transform((ids) => [...new Set(ids)]),
  });
}

export type LogInput = z.output<ReturnType<typeof logInputSchema>>;

/** The learner's calendar day (local time) of an instant, as YYYY-MM-DD. */
export function localDay(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** The Monday of the week that holds this day. */
export function weekStart(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

function toDto(row: LogEntryTable, concepts: string[]): LogEntryDto {
  return {
    date: row.date,
    minutes: row.minutes,
    learned: row.learned,
    implemented: row.implemented,
    blockers: row.blockers,
    next: row.next,
    concepts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listLog(
  db: Db,
  range: { from?: string; to?: string } = {},
  learner = LOCAL_LEARNER,
): Promise<LogEntryDto[]> {
  let q = db.selectFrom('log_entry').selectAll().where('learner_id', '=', learner);
  let cq = db.selectFrom('log_entry_concept').selectAll().where('learner_id', '=', learner);
  if (range.from) {
    q = q.where('date', '>=', range.from);
    cq = cq.where('date', '>=', range.from);
  }
  if (range.to) {
    q = q.where('date', '<=', range.to);
    cq = cq.where('date', '<=', range.to);
  }
  const [rows, links] = await Promise.all([q.orderBy('date').execute(), cq.orderBy('date').orderBy('position').execute()]);
  const byDate = new Map<string, string[]>();
  for (const l of links) {
    const list = byDate.get(l.date) ?? [];
    list.push(l.concept_id);
    byDate.set(l.date, list);
  }
  return rows.map((r) => toDto(r, byDate.get(r.date) ?? []));
}

export async function getLogEntry(db: Db, date: string, learner = LOCAL_LEARNER): Promise<LogEntryDto | undefined> {
  return (await listLog(db, { from: date, to: date }, learner))[0];
}

type Tx = Parameters<Parameters<ReturnType<Db['transaction']>['execute']>[0]>[0];

const sameEntry = (a: LogEntryDto, b: LogInput) =>
  a.minutes === b.minutes &&
  a.learned === b.learned &&
  a.implemented === b.implemented &&
  a.blockers === b.blockers &&
  a.next === b.next &&
  a.concepts.length === b.concepts.length &&
  a.concepts.every((c, i) => c === b.concepts[i]);

/** Writes one day inside a transaction; returns what happened. */
async function writeEntry(
  tx: Tx,
  date: string,
  input: LogInput,
  at: string,
  learner: string,
): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await getLogEntry(tx as unknown as Db, date, learner);
  if (existing && sameEntry(existing, input)) return 'unchanged';
  const values = {
    minutes: input.minutes,
    learned: input.learned,
    implemented: input.implemented,
    blockers: input.blockers,
    next: input.next,
    updated_at: at,
  };
  await tx
    .insertInto('log_entry')
    .values({ learner_id: learner, date, ...values, created_at: at })
    .onConflict((oc) => oc.columns(['learner_id', 'date']).doUpdateSet(values))
    .execute();
  await tx.deleteFrom('log_entry_concept').where('learner_id', '=', learner).where('date', '=', date).execute();
  if (input.concepts.length > 0) {
    await tx
      .insertInto('log_entry_concept')
      .values(input.concepts.map((concept_id, position) => ({ learner_id: learner, date, concept_id, position })))
      .execute();
  }
  return existing ? 'updated' : 'created';
}

/** Replaces the entry of one day. Saving the same entry again changes nothing (not even updatedAt). */
export async function putLogEntry(
  db: Db,
  date: string,
  input: LogInput,
  now: Date = new Date(),
  learner = LOCAL_LEARNER,
): Promise<LogEntryDto> {
  await db.transaction().execute((tx) => writeEntry(tx, date, input, now.toISOString(), learner));
  return (await getLogEntry(db, date, learner))!;
}

export async function deleteLogEntry(db: Db, date: string, learner = LOCAL_LEARNER): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom('log_entry_concept').where('learner_id', '=', learner).where('date', '=', date).execute();
    const r = await tx.deleteFrom('log_entry').where('learner_id', '=', learner).where('date', '=', date).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  });
}

/**
 * Validates parsed Markdown entries like PUT bodies; the message names the day and the field.
 * Throws LogValidationError; nothing is written.
 */
export function validateImported(entries: LogMarkdownEntry[], knownConcepts: ReadonlySet<string>): (LogInput & { date: string })[] {
  const schema = logInputSchema(knownConcepts);
  return entries.map(({ date, ...rest }) => {
    const parsed = schema.safeParse(rest);
    if (!parsed.success) throw new LogValidationError(`${date}: ${describeZod(parsed.error)}`);
    return { date, ...parsed.data };
  });
}

export class LogValidationError extends Error {
  override name = 'LogValidationError';
}

/**
 * Imports validated entries in one transaction. merge: the file's days replace those days, other
 * days stay; replace: the log becomes exactly the file.
 */
export async function importLog(
  db: Db,
  entries: (LogInput & { date: string })[],
  mode: 'merge' | 'replace',
  now: Date = new Date(),
  learner = LOCAL_LEARNER,
): Promise<LogImportResultDto> {
  const at = now.toISOString();
  const result: LogImportResultDto = { mode, entries: entries.length, created: 0, updated: 0, unchanged: 0, removed: 0 };
  await db.transaction().execute(async (tx) => {
    if (mode === 'replace') {
      const keep = new Set(entries.map((e) => e.date));
      const days = await tx.selectFrom('log_entry').select('date').where('learner_id', '=', learner).execute();
      for (const { date } of days) {
        if (keep.has(date)) continue;
        await tx.deleteFrom('log_entry_concept').where('learner_id', '=', learner).where('date', '=', date).execute();
        await tx.deleteFrom('log_entry').where('learner_id', '=', learner).where('date', '=', date).execute();
        result.removed++;
      }
    }
    for (const { date, ...input } of entries) result[await writeEntry(tx, date, input, at, learner)]++;
  });
  return result;
}

/**
 * Streak, heat-map days and weekly totals. Pure. A streak is a run of consecutive days with at
 * least one minute; the current streak is the run that ends today, or yesterday when today has
 * nothing logged yet (so the evening before logging does not show 0). Days after `today` count
 * for nothing in streaks.
 */
export function computeLogStats(
  days: readonly { date: string; minutes: number }[],
  today: string,
  from: string,
  to: string,
  weeklyTargetMinutes: { min: number; max: number } | null = null,
): LogStatsDto {
  const active = new Set(days.filter((d) => d.minutes >= 1 && d.date <= today).map((d) => d.date));
  let current = 0;
  const end = active.has(today) ? today : active.has(addDays(today, -1)) ? addDays(today, -1) : null;
  if (end) for (let d = end; active.has(d); d = addDays(d, -1)) current++;
  let longest = 0;
  let run = 0;
  let prev: string | null = null;
  for (const d of [...active].sort()) {
    run = prev !== null && addDays(prev, 1) === d ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  const inRange = days.filter((d) => d.date >= from && d.date <= to).sort((a, b) => a.date.localeCompare(b.date));
  const weeks = new Map<string, { weekStart: string; minutes: number; days: number }>();
  for (const d of inRange) {
    if (d.minutes < 1) continue;
    const w = weekStart(d.date);
    const acc = weeks.get(w) ?? { weekStart: w, minutes: 0, days: 0 };
    acc.minutes += d.minutes;
    acc.days++;
    weeks.set(w, acc);
  }
  return {
    today,
    from,
    to,
    streak: { current, longest, lastDay: prev },
    totalMinutes: inRange.reduce((s, d) => s + d.minutes, 0),
    days: inRange.map(({ date, minutes }) => ({ date, minutes })),
    weeks: [...weeks.values()].sort((a, b) => a.weekStart.localeCompare(b.weekStart)),
    weeklyTargetMinutes,
  };
}

export async function logStats(
  db: Db,
  opts: { today: string; from?: string; to?: string; weeklyTargetMinutes?: { min: number; max: number } | null },
  learner = LOCAL_LEARNER,
): Promise<LogStatsDto> {
  const rows = await db.selectFrom('log_entry').select(['date', 'minutes']).where('learner_id', '=', learner).execute();
  const to = opts.to ?? opts.today;
  const from = opts.from ?? addDays(to, -364);
  return computeLogStats(rows, opts.today, from, to, opts.weeklyTargetMinutes ?? null);
}
