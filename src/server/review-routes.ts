// The self-check API (FSRS reviews of content questions and lab exercises) and search. Mounted
// inside /api. Inputs are checked with zod; a bad one is a 400 `{ error: "<field>: <what was
// expected>" }` and writes nothing; an item or concept that does not exist is a 404.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Curriculum } from '../curriculum/load.ts';
import { curriculumDocs, logDoc, noteDoc, prepareDoc, search, type PreparedDoc } from '../curriculum/search.ts';
import { labs as registryLabs } from '../labs/registry.ts';
import type { SearchHitDto } from '../shared/api.ts';
import type { Db } from './db/open.ts';
import { describeZod, isoDate, listLog, localDay } from './db/log.ts';
import { listNotes } from './db/notes.ts';
import {
  answerItem,
  conceptQuestions,
  RATINGS,
  resolveItem,
  ReviewInputError,
  reviewQueue,
  reviewStats,
  UnknownItemError,
  type ReviewLab,
} from './db/reviews.ts';

export interface ReviewRoutesOptions {
  db: Db;
  curriculum: Curriculum;
  /** The clock; tests pass a fixed one. "Today" is its local calendar day. */
  now?: () => Date;
  /** Labs whose exercises can be reviewed (default: the lab registry). */
  labs?: readonly ReviewLab[];
}

const MAX_BODY_BYTES = 64 * 1024;

const fail = (status: 400 | 404 | 413, message: string): never => {
  throw new HTTPException(status, { message });
};

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_BODY_BYTES) fail(413, `body: expected at most ${MAX_BODY_BYTES} bytes, got ${size}`);
  if (text.trim() === '') fail(400, 'the request body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch {
    return fail(400, 'the request body is not valid JSON');
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) fail(400, describeZod(r.error));
  return r.data as T;
}

export const reviewBody = z.strictObject({
  item: z.string({ error: 'expected "question:<conceptId>/<questionId>" or "lab:<labId>"' }).min(1, 'expected "question:<conceptId>/<questionId>" or "lab:<labId>"'),
  answer: z.union([z.string(), z.number()], { error: 'expected an option id (a string) or a number' }).optional(),
  correct: z.boolean({ error: 'expected true or false' }).optional(),
  rating: z.enum(RATINGS, { error: `expected one of: ${RATINGS.join(', ')}` }).optional(),
  seed: z.number({ error: 'expected an integer 0–4294967295' }).int('expected an integer 0–4294967295').min(0, 'expected an integer 0–4294967295').max(0xffffffff, 'expected an integer 0–4294967295').optional(),
});

const queueQuery = z.strictObject({
  today: isoDate.optional(),
  limit: z.coerce.number({ error: 'expected an integer 1–500' }).int('expected an integer 1–500').min(1, 'expected an integer 1–500').max(500, 'expected an integer 1–500').default(20),
});
const statsQuery = z.strictObject({ today: isoDate.optional() });
const searchQuery = z.strictObject({
  q: z.string({ error: 'expected a search query (?q=…)' }).refine((q) => q.trim() !== '', 'expected a non-empty search query'),
  limit: z.coerce.number({ error: 'expected an integer 1–100' }).int('expected an integer 1–100').min(1, 'expected an integer 1–100').max(100, 'expected an integer 1–100').default(20),
});

/**
 * Search over the curriculum (concepts and guides, prepared once per curriculum) and the learner's
 * notes and log entries (read on each search).
 */
export function createSearcher(db: Db, curriculum: Curriculum): (q: string, limit?: number) => Promise<SearchHitDto[]> {
  let fixed: PreparedDoc[] | undefined;
  return async (q, limit = 20) => {
    fixed ??= curriculumDocs(curriculum).map(prepareDoc);
    const [notes, log] = await Promise.all([listNotes(db), listLog(db)]);
    const learner = [...notes.filter((n) => n.body.trim() !== '').map((n) => noteDoc(n, curriculum)), ...log.map(logDoc)].map(prepareDoc);
    return search([...fixed, ...learner], q, limit);
  };
}

export function createReviewRoutes({ db, curriculum, now = () => new Date(), labs = registryLabs }: ReviewRoutesOptions): Hono {
  const app = new Hono();
  const searcher = createSearcher(db, curriculum);

  app.post('/reviews', async (c) => {
    const body = check(reviewBody, await readJson(c));
    try {
      const resolved = resolveItem(curriculum, labs, body.item);
      return c.json(await answerItem(db, resolved, body, now()));
    } catch (err) {
      if (err instanceof ReviewInputError) fail(400, err.message);
      if (err instanceof UnknownItemError) fail(404, err.message);
      throw err;
    }
  });

  app.get('/reviews/queue', async (c) => {
    const q = check(queueQuery, c.req.query());
    const at = now();
    return c.json(await reviewQueue(db, curriculum, labs, q.today ?? localDay(at), q.limit, at));
  });

  app.get('/reviews/stats', async (c) => {
    const q = check(statsQuery, c.req.query());
    return c.json(await reviewStats(db, curriculum, labs, q.today ?? localDay(now())));
  });

  app.get('/concepts/:id/questions', async (c) => {
    const id = c.req.param('id');
    if (!curriculum.concepts.has(id)) fail(404, `concept "${id}" does not exist`);
    return c.json(await conceptQuestions(db, curriculum, id));
  });

  app.get('/search', async (c) => {
    const q = check(searchQuery, c.req.query());
    return c.json(await searcher(q.q, q.limit));
  });

  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    console.error(err);
    return c.json({ error: 'internal error' }, 500);
  });

  return app;
}
