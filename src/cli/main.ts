// The `shirube` command line. Each subcommand reads the same curriculum and database as the API and
// prints the same JSON with --json. Errors: one line on stderr, non-zero exit, no stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { contentDirs, loadCurriculum, ContentError, type Curriculum } from '../curriculum/load.ts';
import { roadmapDetail, roadmapSummary, nextUp } from '../curriculum/views.ts';
import { defaultDbFile, openDb, type Db } from '../server/db/open.ts';
import { listProgress, updateProgress } from '../server/db/progress.ts';
import { STATUSES, type Status } from '../shared/progress.ts';
import { registerPlan } from './commands/plan.ts';
import { registerLog } from './commands/log.ts';
import { registerLab } from './commands/lab.ts';
import { registerReview } from './commands/review.ts';
import { registerTrain } from './commands/train.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerEval } from './commands/eval.ts';

/** An error the user caused: printed as one line, exit code 1 (or the given code). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

// NOTE: `shirube … | head` closes stdout early; that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const print = (value: unknown): void => {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
};

async function withDb<T>(file: string | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(file ?? defaultDbFile());
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

const dbOption = () => new Option('--db <file>', 'SQLite database file (default: $SHIRUBE_DB or the user data directory)');

function curriculum(): Curriculum {
  return loadCurriculum(contentDirs());
}

const program = new Command('shirube')
  .description('しるべ — LLMの基礎を学ぶための学習システム / a learning system for LLM fundamentals')
  .showHelpAfterError()
  .enablePositionalOptions()
  .exitOverride();

/**
 * Makes sure the web app is built before serving: runs scripts/ensure-build.js (what `npm start`
 * runs first) when serving the default dist/web, and warns on stderr when there is still no
 * index.html, in which case the server answers `/` with a page that explains `npm run build`.
 */
async function prepareWebRoot(webRoot: string | undefined, build: boolean): Promise<string> {
  const { DEFAULT_WEB_ROOT } = await import('../server/main.ts');
  const root = resolve(webRoot ?? DEFAULT_WEB_ROOT);
  const script = fileURLToPath(new URL('../../scripts/ensure-build.js', import.meta.url));
  if (build && root === resolve(DEFAULT_WEB_ROOT) && existsSync(script)) {
    // The build's own output goes to stderr, so stdout stays the one line below.
    spawnSync(process.execPath, [script], { stdio: ['ignore', 2, 2] });
  }
  if (!existsSync(join(root, 'index.html'))) {
    console.error(
      `shirube: warning: the web app is not built (no ${join(root, 'index.html')}); serving the API only.\n` +
        '  Run `npm run build` (or start with `npm start`, which builds it) and reload the page.\n' +
        '  Web アプリがビルドされていません。`npm run build` を実行してから、ページを再読み込みしてください。',
    );
  }
  return root;
}

program
  .command('serve')
  .description('serve the web app and the API (what `npm start` runs); builds the web app first when it is missing')
  .option('--port <n>', 'port to listen on', process.env.PORT ?? '8787')
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--web-root <dir>', 'directory of the built web app (default: $SHIRUBE_WEB_ROOT or dist/web)')
  .option('--no-build', 'do not build the web app when dist/web is missing or out of date')
  .addOption(dbOption())
  .action(async (opts: { port: string; host: string; db?: string; webRoot?: string; build: boolean }) => {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected an integer 0–65535, got "${opts.port}"`);
    const { startServer } = await import('../server/main.ts');
    const webRoot = await prepareWebRoot(opts.webRoot ?? (process.env.SHIRUBE_WEB_ROOT || undefined), opts.build);
    const dbFile = opts.db ?? defaultDbFile();
    const server = await startServer({ port, host: opts.host, dbFile, webRoot });
    console.log(`しるべ is running at ${server.url}  (database: ${dbFile})`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

const roadmap = program.command('roadmap').description('list and show roadmaps');

roadmap
  .command('list')
  .description('the roadmaps with progress counts')
  .option('--json', 'print JSON (the same as GET /api/roadmaps)')
  .addOption(dbOption())
  .action(async (opts: { json?: boolean; db?: string }) => {
    const c = curriculum();
    const progress = await withDb(opts.db, listProgress);
    const list = [...c.roadmaps.values()].map((r) => roadmapSummary(r, progress));
    if (opts.json) return print(list);
    for (const r of list) {
      const done = r.counts.done + r.counts.skipped;
      console.log(`${r.id.padEnd(20)} ${String(done).padStart(3)}/${String(r.conceptCount).padEnd(3)} ${r.title.ja} / ${r.title.en}`);
    }
  });

roadmap
  .command('show <id>')
  .description('a roadmap with its concepts, weeks, hours, milestones and your status')
  .option('--json', 'print JSON (the same as GET /api/roadmaps/:id)')
  .addOption(dbOption())
  .action(async (id: string, opts: { json?: boolean; db?: string }) => {
    const c = curriculum();
    const r = c.roadmaps.get(id);
    if (!r) throw new UsageError(`unknown roadmap "${id}" (known: ${[...c.roadmaps.keys()].join(', ')})`);
    const detail = roadmapDetail(c, r, await withDb(opts.db, listProgress));
    if (opts.json) return print(detail);
    console.log(`${detail.title.ja} / ${detail.title.en}`);
    for (const x of detail.concepts) {
      const hours = x.hours ? `${x.hours.min}-${x.hours.max}h` : '';
      console.log(`  ${(x.week ? `w${x.week}` : '').padEnd(4)} ${x.status.padEnd(11)} ${'★'.repeat(x.importance).padEnd(5)} ${hours.padEnd(7)} ${x.id}  ${x.title.ja}`);
    }
  });

program
  .command('next')
  .description('what to study next: concepts whose prerequisites are done, by importance')
  .option('--roadmap <id>', 'only this roadmap')
  .option('--limit <n>', 'how many', '10')
  .option('--json', 'print JSON (the same as GET /api/next)')
  .addOption(dbOption())
  .action(async (opts: { roadmap?: string; limit: string; json?: boolean; db?: string }) => {
    const c = curriculum();
    if (opts.roadmap && !c.roadmaps.has(opts.roadmap)) throw new UsageError(`unknown roadmap "${opts.roadmap}"`);
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit: expected a positive integer, got "${opts.limit}"`);
    const list = nextUp(c, await withDb(opts.db, listProgress), limit, opts.roadmap);
    if (opts.json) return print(list);
    for (const n of list) console.log(`${'★'.repeat(n.concept.importance).padEnd(5)} ${n.concept.id.padEnd(30)} ${n.concept.title.ja}  (${n.roadmapId})`);
  });

const progress = program
  .command('progress')
  .description('your progress (set a status with `progress set`)')
  .enablePositionalOptions()
  .option('--json', 'print JSON (the same as GET /api/progress)')
  .addOption(dbOption())
  .action(async (opts: { json?: boolean; db?: string }) => {
    const list = [...(await withDb(opts.db, listProgress)).values()];
    if (opts.json) return print(list);
    if (list.length === 0) console.log('no progress yet — try: shirube progress set self-attention in_progress');
    for (const p of list) console.log(`${p.status.padEnd(11)} ${(p.changedAt ?? '').padEnd(24)} ${p.conceptId}`);
  });

progress
  .command('set <conceptId> <status>')
  .description(`set a concept's status: ${STATUSES.join(' | ')}`)
  .option('--check <subconcepts...>', 'also check these sub-concept ids')
  .option('--uncheck <subconcepts...>', 'uncheck these sub-concept ids')
  .option('--json', 'print the resulting progress as JSON')
  .addOption(dbOption())
  .action(async (conceptId: string, status: string, opts: { json?: boolean; db?: string; check?: string[]; uncheck?: string[] }) => {
    const c = curriculum();
    const concept = c.concepts.get(conceptId);
    if (!concept) throw new UsageError(`unknown concept "${conceptId}" (see: shirube roadmap show <id>)`);
    if (!(STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`unknown status "${status}" (expected one of: ${STATUSES.join(', ')})`);
    }
    const subconcepts: Record<string, boolean> = {};
    for (const s of opts.check ?? []) subconcepts[s] = true;
    for (const s of opts.uncheck ?? []) subconcepts[s] = false;
    const known = new Set(concept.subconcepts.map((s) => s.id));
    const unknown = Object.keys(subconcepts).filter((s) => !known.has(s));
    if (unknown.length) throw new UsageError(`unknown sub-concept "${unknown[0]}" of "${conceptId}" (expected one of: ${[...known].join(', ')})`);
    const result = await withDb(opts.db, (db) => updateProgress(db, conceptId, { status: status as Status, subconcepts }));
    if (opts.json) return print(result);
    console.log(`${conceptId}: ${result.status} (${result.changedAt ?? 'unchanged'})`);
  });

program
  .command('content')
  .description('content tools')
  .command('check')
  .description('validate content/ (and $SHIRUBE_CONTENT): schema, references, prerequisite cycles')
  .action(() => {
    const c = curriculum();
    console.log(`content ok: ${c.concepts.size} concepts, ${c.roadmaps.size} roadmaps, ${c.guides.size} guides`);
  });

registerPlan(program);
registerLog(program);
registerLab(program);
registerReview(program);
registerTrain(program);
registerGenerate(program);
registerEval(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof UsageError) {
    console.error(`shirube: ${err.message}`);
    process.exitCode = err.exitCode;
  } else if (err instanceof ContentError) {
    console.error(`shirube: ${err.message}`);
    process.exitCode = 1;
  } else {
    console.error(`shirube: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
