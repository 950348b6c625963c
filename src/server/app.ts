// Builds the Hono app: the JSON API over the curriculum and the learner's progress, and the built
// web app. It never listens; main.ts does. Tests call app.request() in process.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import { z } from 'zod';
import type { Curriculum } from '../curriculum/load.ts';
import { conceptDetail, nextUp, roadmapDetail, roadmapSummary } from '../curriculum/views.ts';
import { STATUSES } from '../shared/progress.ts';
import type { Db } from './db/open.ts';
import { getProgress, listProgress, updateProgress } from './db/progress.ts';
import { createLearningRoutes } from './learning-routes.ts';
import { createLabRoutes } from './labs-routes.ts';
import { createPlanRoutes } from './plan-routes.ts';
import { createReviewRoutes } from './review-routes.ts';

export interface AppOptions {
  db: Db;
  curriculum: Curriculum;
  /** Directory of the built web app (dist/web); omitted → API only. */
  webRoot?: string;
  /** Lab ids that exist, so concept pages can grey out the others. */
  availableLabs?: ReadonlySet<string>;
}

const progressUpdate = z
  .strictObject({
    status: z.enum(STATUSES).optional(),
    subconcepts: z.record(z.string(), z.boolean()).optional(),
  })
  .refine((u) => u.status !== undefined || u.subconcepts !== undefined, 'give "status" or "subconcepts"');

const nextQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  roadmap: z.string().optional(),
});

function badRequest(message: string): never {
  throw new HTTPException(400, { message });
}

function notFound(what: string, id: string): never {
  throw new HTTPException(404, { message: `${what} "${id}" does not exist` });
}

/** Formats the first zod issue as `field: message`. */
function describe(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') badRequest('the request body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch {
    return badRequest('the request body is not valid JSON');
  }
}

export function createApp({ db, curriculum, webRoot, availableLabs = new Set() }: AppOptions): Hono {
  const app = new Hono();
  const api = new Hono();

  api.get('/health', (c) => c.json({ ok: true }));

  api.get('/roadmaps', async (c) => {
    const progress = await listProgress(db);
    return c.json([...curriculum.roadmaps.values()].map((r) => roadmapSummary(r, progress)));
  });

  api.get('/roadmaps/:id', async (c) => {
    const r = curriculum.roadmaps.get(c.req.param('id')) ?? notFound('roadmap', c.req.param('id'));
    return c.json(roadmapDetail(curriculum, r, await listProgress(db)));
  });

  api.get('/concepts', async (c) => {
    const progress = await listProgress(db);
    return c.json(
      [...curriculum.concepts.values()].map((x) => ({
        id: x.id,
        title: x.title,
        level: x.level,
        importance: x.importance,
        status: progress.get(x.id)?.status ?? 'not_started',
      })),
    );
  });

  api.get('/concepts/:id', async (c) => {
    const concept = curriculum.concepts.get(c.req.param('id')) ?? notFound('concept', c.req.param('id'));
    return c.json(conceptDetail(curriculum, concept, await listProgress(db), availableLabs));
  });

  api.get('/next', async (c) => {
    const query = nextQuery.safeParse(c.req.query());
    if (!query.success) badRequest(describe(query.error));
    const { limit, roadmap } = query.data;
    if (roadmap !== undefined && !curriculum.roadmaps.has(roadmap)) notFound('roadmap', roadmap);
    return c.json(nextUp(curriculum, await listProgress(db), limit, roadmap));
  });

  api.get('/progress', async (c) => c.json([...(await listProgress(db)).values()]));

  api.get('/progress/:conceptId', async (c) => {
    const id = c.req.param('conceptId');
    if (!curriculum.concepts.has(id)) notFound('concept', id);
    return c.json(await getProgress(db, id));
  });

  api.put('/progress/:conceptId', async (c) => {
    const id = c.req.param('conceptId');
    const concept = curriculum.concepts.get(id) ?? notFound('concept', id);
    const parsed = progressUpdate.safeParse(await jsonBody(c));
    if (!parsed.success) badRequest(describe(parsed.error));
    const known = new Set(concept.subconcepts.map((s) => s.id));
    const unknown = Object.keys(parsed.data.subconcepts ?? {}).filter((s) => !known.has(s));
    if (unknown.length > 0) {
      badRequest(`subconcepts: "${unknown.join('", "')}" is not a sub-concept of "${id}" (expected one of: ${[...known].join(', ') || 'none'})`);
    }
    return c.json(await updateProgress(db, id, parsed.data));
  });

  api.get('/guides', (c) =>
    c.json([...curriculum.guides.values()].map(({ id, title, source, roadmap }) => ({ id, title, source, roadmap }))),
  );

  api.get('/guides/:id', (c) => {
    const g = curriculum.guides.get(c.req.param('id')) ?? notFound('guide', c.req.param('id'));
    return c.json(g);
  });

  api.route('/labs', createLabRoutes());
  api.route('/', createLearningRoutes({ db, curriculum }));
  api.route('/', createPlanRoutes({ db, curriculum }));
  api.route('/', createReviewRoutes({ db, curriculum }));

  api.all('*', (c) => c.json({ error: `no API route ${c.req.method} ${c.req.path}` }, 404));

  app.route('/api', api);

  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    const root = isAbsolute(webRoot) ? relative(process.cwd(), webRoot) || '.' : webRoot;
    const index = readFileSync(join(webRoot, 'index.html'), 'utf8');
    app.use('/*', serveStatic({ root }));
    // Client-side routes (/roadmaps/x, /concepts/y) all get the app's shell.
    app.get('*', (c) => c.html(index));
  }

  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    console.error(err);
    return c.json({ error: 'internal error' }, 500);
  });

  return app;
}
