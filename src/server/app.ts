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

/** What `/` shows when the web app has not been built (a fresh clone run with `shirube serve`). */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>しるべ — Web アプリが未ビルドです / the web app is not built</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.7}
pre{background:#8882;padding:.6rem 1rem;border-radius:6px}@media(prefers-color-scheme:dark){body{background:#111;color:#eee}}</style>
</head>
<body>
<h1>Web アプリがまだビルドされていません</h1>
<p>サーバーと API（<a href="/api/health">/api/health</a>）は動いていますが、画面のファイル（dist/web）がありません。
リポジトリのフォルダで次のコマンドを実行してから、このページを再読み込みしてください。</p>
<pre><code>npm run build</code></pre>
<p><code>npm start</code> で起動すると、必要なときに自動でビルドされます。</p>
<hr>
<h2 lang="en">The web app has not been built</h2>
<p lang="en">The server and the API (<a href="/api/health">/api/health</a>) are running, but the web app's files (dist/web) are missing.
Run <code>npm run build</code> in the repository, then reload this page. <code>npm start</code> builds it automatically when needed.</p>
</body>
</html>
`;

export function createApp({ db, curriculum, webRoot, availableLabs = new Set() }: AppOptions): Hono {
  const app = new Hono();
  const api = new Hono();

  // Cross-origin isolation (COOP + COEP on every response): only then may the tiny GPT's worker share
  // its WebAssembly memory with a helper thread. Everything the app loads is its own origin's.
  app.use('*', async (c, next) => {
    await next();
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Embedder-Policy', 'require-corp');
  });

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

  if (webRoot) {
    const root = isAbsolute(webRoot) ? relative(process.cwd(), webRoot) || '.' : webRoot;
    let index: string | undefined;
    // Read per request until found, so `npm run build` while the server runs needs no restart.
    const shell = () => (index ??= existsSync(join(webRoot, 'index.html')) ? readFileSync(join(webRoot, 'index.html'), 'utf8') : undefined);
    let files: ReturnType<typeof serveStatic> | undefined;
    app.use('/*', async (c, next) => (shell() === undefined ? next() : (files ??= serveStatic({ root }))(c, next)));
    // Client-side routes (/roadmaps/x, /concepts/y) all get the app's shell.
    app.get('*', (c) => {
      const html = shell();
      return html === undefined ? c.html(NOT_BUILT_PAGE, 503) : c.html(html);
    });
  }

  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    console.error(err);
    return c.json({ error: 'internal error' }, 500);
  });

  return app;
}
