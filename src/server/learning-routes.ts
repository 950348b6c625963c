// The learning-loop API: learning log (with stats and Markdown export/import), milestone
// checklists, notes, and export/import of the whole database. Mounted inside /api. Every input is
// checked with zod; a bad one is a 400 `{ error: "<field>: <what was expected>" }` and writes nothing.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Curriculum } from '../curriculum/load.ts';
import { LogMarkdownError, logToMarkdown, parseLogMarkdown } from '../curriculum/log-markdown.ts';
import type { Db } from './db/open.ts';
import {
  deleteLogEntry,
  describeZod,
  getLogEntry,
  importLog,
  isoDate,
  listLog,
  localDay,
  logInputSchema,
  logStats,
  LogValidationError,
  putLogEntry,
  validateImported,
} from './db/log.ts';
import { itemUpdateSchema, milestoneItems, roadmapMilestones, updateMilestoneItems } from './db/milestones.ts';
import { deleteNote, getNote, listNotes, NOTE_MAX_BYTES, putNote } from './db/notes.ts';
import { BackupError, exportAll, importAll } from './db/backup.ts';
import { weeklyTarget } from './db/plan.ts';

export interface LearningRoutesOptions {
  db: Db;
  curriculum: Curriculum;
  /** The clock; tests pass a fixed one. "Today" is its local calendar day. */
  now?: () => Date;
}

/** Largest request body read for a log import or a database import. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Largest JSON body read for a single entry or note (a note is limited separately, to 100 kB). */
const MAX_BODY_BYTES = 1024 * 1024;

const fail = (status: 400 | 404 | 413, message: string): never => {
  throw new HTTPException(status, { message });
};

async function readText(c: Context, limit: number): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > limit) fail(413, `body: expected at most ${limit} bytes, got ${declared}`);
  const text = await c.req.text();
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limit) fail(413, `body: expected at most ${limit} bytes, got ${size}`);
  return text;
}

async function readJson(c: Context, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readText(c, limit);
  if (text.trim() === '') fail(400, 'the request body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch {
    return fail(400, 'the request body is not valid JSON');
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const r = schema.safeParse(value);
  if (!r.success) fail(400, prefix + describeZod(r.error));
  return r.data as T;
}

const dateParam = (c: Context) => check(isoDate, c.req.param('date'), 'date: ');

const rangeQuery = z.strictObject({ from: isoDate.optional(), to: isoDate.optional() });
const statsQuery = z.strictObject({ today: isoDate.optional(), from: isoDate.optional(), to: isoDate.optional(), roadmap: z.string().optional() });
const exportQuery = z.strictObject({ lang: z.enum(['ja', 'en']).default('ja') });
const importQuery = z.strictObject({ mode: z.enum(['merge', 'replace']).default('merge') });
const noteBody = z.strictObject({ body: z.string({ error: 'expected Markdown text (a string)' }) });

export function createLearningRoutes({ db, curriculum, now = () => new Date() }: LearningRoutesOptions): Hono {
  const app = new Hono();
  const concepts = new Set(curriculum.concepts.keys());
  const logInput = logInputSchema(concepts);

  const roadmapOr404 = (id: string) => curriculum.roadmaps.get(id) ?? fail(404, `roadmap "${id}" does not exist`);
  const conceptOr404 = (id: string) => curriculum.concepts.get(id) ?? fail(404, `concept "${id}" does not exist`);

  // ---- learning log ----
  app.get('/log', async (c) => c.json(await listLog(db, check(rangeQuery, c.req.query()))));

  app.get('/log/stats', async (c) => {
    const q = check(statsQuery, c.req.query());
    let target: { min: number; max: number } | null = null;
    if (q.roadmap !== undefined) {
      roadmapOr404(q.roadmap);
      // The saved plan's hours, as the Log page shows them; the recommended hours without a plan.
      target = (await weeklyTarget(db, curriculum, q.roadmap)).minutes;
    }
    if (q.from && q.to && q.from > q.to) fail(400, 'from: expected a day on or before "to"');
    return c.json(await logStats(db, { today: q.today ?? localDay(now()), from: q.from, to: q.to, weeklyTargetMinutes: target }));
  });

  app.get('/log/export.md', async (c) => {
    const { lang } = check(exportQuery, c.req.query());
    const md = logToMarkdown(await listLog(db), lang);
    return c.body(md, 200, {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="shirube-log-${localDay(now())}.md"`,
    });
  });

  app.post('/log/import', async (c) => {
    const { mode } = check(importQuery, c.req.query());
    let text = await readText(c, MAX_IMPORT_BYTES);
    if ((c.req.header('content-type') ?? '').includes('application/json')) {
      const body = check(z.strictObject({ markdown: z.string() }), safeJson(text));
      text = body.markdown;
    }
    try {
      const entries = validateImported(parseLogMarkdown(text), concepts);
      return c.json(await importLog(db, entries, mode, now()));
    } catch (err) {
      if (err instanceof LogMarkdownError || err instanceof LogValidationError) fail(400, `markdown: ${err.message}`);
      throw err;
    }
  });

  app.get('/log/:date', async (c) => {
    const date = dateParam(c);
    return c.json((await getLogEntry(db, date)) ?? fail(404, `no log entry on ${date}`));
  });

  app.put('/log/:date', async (c) => {
    const date = dateParam(c);
    const input = check(logInput, await readJson(c));
    return c.json(await putLogEntry(db, date, input, now()));
  });

  app.delete('/log/:date', async (c) => {
    const date = dateParam(c);
    if (!(await deleteLogEntry(db, date))) fail(404, `no log entry on ${date}`);
    return c.json({ deleted: date });
  });

  // ---- milestones ----
  app.get('/milestones', async (c) => c.json(await Promise.all([...curriculum.roadmaps.values()].map((r) => roadmapMilestones(db, r)))));

  app.get('/milestones/:roadmapId', async (c) => c.json(await roadmapMilestones(db, roadmapOr404(c.req.param('roadmapId')))));

  const milestoneOr404 = (c: Context) => {
    const roadmap = roadmapOr404(c.req.param('roadmapId')!);
    const id = c.req.param('milestoneId')!;
    const m = roadmap.milestones.find((x) => x.id === id);
    if (!m) fail(404, `milestone "${id}" does not exist in roadmap "${roadmap.id}" (expected one of: ${roadmap.milestones.map((x) => x.id).join(', ') || 'none'})`);
    return { roadmap, milestone: m! };
  };

  const checklist = async (roadmapId: string, milestoneId: string) => {
    const all = await roadmapMilestones(db, roadmapOr404(roadmapId));
    return all.milestones.find((m) => m.milestoneId === milestoneId)!;
  };

  app.get('/milestones/:roadmapId/:milestoneId', async (c) => {
    const { roadmap, milestone } = milestoneOr404(c);
    return c.json(await checklist(roadmap.id, milestone.id));
  });

  app.put('/milestones/:roadmapId/:milestoneId', async (c) => {
    const { roadmap, milestone } = milestoneOr404(c);
    const body = check(z.strictObject({ items: z.record(z.string(), itemUpdateSchema) }), await readJson(c));
    const known = milestoneItems(milestone).map((x) => x.item.id);
    const unknown = Object.keys(body.items).filter((id) => !known.includes(id));
    if (unknown.length) fail(400, `items: "${unknown.join('", "')}" is not a deliverable or condition of "${milestone.id}" (expected one of: ${known.join(', ') || 'none'})`);
    await updateMilestoneItems(db, roadmap.id, milestone.id, body.items, localDay(now()), now());
    return c.json(await checklist(roadmap.id, milestone.id));
  });

  app.put('/milestones/:roadmapId/:milestoneId/:itemId', async (c) => {
    const { roadmap, milestone } = milestoneOr404(c);
    const itemId = c.req.param('itemId');
    const known = milestoneItems(milestone).map((x) => x.item.id);
    if (!known.includes(itemId)) fail(404, `item "${itemId}" is not a deliverable or condition of "${milestone.id}" (expected one of: ${known.join(', ') || 'none'})`);
    const update = check(itemUpdateSchema, await readJson(c));
    await updateMilestoneItems(db, roadmap.id, milestone.id, { [itemId]: update }, localDay(now()), now());
    return c.json(await checklist(roadmap.id, milestone.id));
  });

  // ---- notes ----
  app.get('/notes', async (c) => c.json(await listNotes(db)));

  app.get('/notes/:conceptId', async (c) => {
    const concept = conceptOr404(c.req.param('conceptId'));
    return c.json(await getNote(db, concept.id));
  });

  app.put('/notes/:conceptId', async (c) => {
    const concept = conceptOr404(c.req.param('conceptId'));
    const { body } = check(noteBody, await readJson(c, NOTE_MAX_BYTES * 8));
    const size = Buffer.byteLength(body, 'utf8');
    if (size > NOTE_MAX_BYTES) fail(413, `body: expected at most ${NOTE_MAX_BYTES} bytes of Markdown (UTF-8), got ${size}`);
    return c.json(await putNote(db, concept.id, body, now()));
  });

  app.delete('/notes/:conceptId', async (c) => {
    const concept = conceptOr404(c.req.param('conceptId'));
    if (!(await deleteNote(db, concept.id))) fail(404, `no note on "${concept.id}"`);
    return c.json({ deleted: concept.id });
  });

  // ---- everything ----
  app.get('/export', async (c) => {
    const data = await exportAll(db, now());
    return c.body(JSON.stringify(data, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="shirube-export-${localDay(now())}.json"`,
    });
  });

  app.post('/import', async (c) => {
    const data = await readJson(c, MAX_IMPORT_BYTES);
    try {
      return c.json(await importAll(db, data));
    } catch (err) {
      if (err instanceof BackupError) fail(400, err.message);
      throw err;
    }
  });

  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    console.error(err);
    return c.json({ error: 'internal error' }, 500);
  });

  return app;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail(400, 'the request body is not valid JSON');
  }
}
