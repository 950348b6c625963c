// `shirube log …` (the learning log in 002's template), `shirube export` and `shirube import`
// (everything in the database as one JSON file). The same validation and JSON as the HTTP API.
// Errors are thrown as one-line messages; main.ts prints them and exits non-zero.
import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { contentDirs, loadCurriculum } from '../../curriculum/load.ts';
import {
  LogMarkdownError,
  logToMarkdown,
  parseLogMarkdown,
} from '../../curriculum/log-markdown.ts';
import { defaultDbFile, openDb, type Db } from '../../server/db/open.ts';
import {
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
} from '../../server/db/log.ts';
import { BackupError, exportAll, importAll } from '../../server/db/backup.ts';
import { targetRoadmap, weeklyTarget } from '../../server/db/plan.ts';

const print = (value: unknown): void =>
  void process.stdout.write(JSON.stringify(value, null, 2) + '\n');
const say = (line: string): void => void process.stdout.write(line + '\n');

async function withDb<T>(file: string | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(file ?? defaultDbFile());
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

const dbOption = () =>
  new Option(
    '--db <file>',
    'SQLite database file (default: $SHIRUBE_DB or the user data directory)',
  );

function day(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const r = isoDate.safeParse(value);
  if (!r.success) throw new Error(`${flag}: expected a real date as YYYY-MM-DD, got "${value}"`);
  return value;
}

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

interface AddOptions {
  date?: string;
  minutes: string;
  learned?: string;
  implemented?: string;
  stuck?: string;
  tomorrow?: string;
  concepts?: string;
  append?: boolean;
  json?: boolean;
  db?: string;
}

export function registerLog(program: Command): void {
  const log = program
    .command('log')
    .description(
      "the learning log (002's template): list entries, or add / stats / export / import",
    )
    .enablePositionalOptions()
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--json', 'print JSON (the same as GET /api/log)')
    .addOption(dbOption())
    .action(async (opts: { from?: string; to?: string; json?: boolean; db?: string }) => {
      const range = { from: day('--from', opts.from), to: day('--to', opts.to) };
      const entries = await withDb(opts.db, (db) => listLog(db, range));
      if (opts.json) return print(entries);
      if (entries.length === 0)
        return say('no log entries yet — try: shirube log add --minutes 15 --learned "…"');
      for (const e of entries) {
        const first = e.learned.split('\n')[0] ?? '';
        say(
          `${e.date}  ${String(e.minutes).padStart(4)}分  ${e.concepts.join(',').padEnd(24)} ${first}`,
        );
      }
    });

  log
    .command('add')
    .description("write a day's entry (replaces that day's entry; --append adds to it)")
    .option('--date <date>', 'the day, YYYY-MM-DD (default: today)')
    .requiredOption('--minutes <n>', 'minutes spent (0–1440)')
    .option('--learned <markdown>', '今日学んだこと')
    .option('--implemented <markdown>', '実装したこと')
    .option('--stuck <markdown>', 'つまずいた点と解決法')
    .option('--tomorrow <markdown>', '明日の目標')
    .option('--concepts <ids>', 'concept ids touched, comma-separated')
    .option(
      '--append',
      "add to the day's entry: minutes are summed, texts appended, concepts merged",
    )
    .option('--json', 'print the saved entry as JSON')
    .addOption(dbOption())
    .action(async (opts: AddOptions) => {
      const date = day('--date', opts.date) ?? localDay();
      if (!/^\s*\d+\s*$/.test(opts.minutes))
        throw new Error(
          `--minutes: expected an integer number of minutes from 0 to 1440, got "${opts.minutes}"`,
        );
      const curriculum = loadCurriculum(contentDirs());
      const schema = logInputSchema(new Set(curriculum.concepts.keys()));
      const saved = await withDb(opts.db, async (db) => {
        const input = {
          minutes: Number(opts.minutes),
          learned: opts.learned ?? '',
          implemented: opts.implemented ?? '',
          blockers: opts.stuck ?? '',
          next: opts.tomorrow ?? '',
          concepts: (opts.concepts ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        };
        const old = opts.append ? await getLogEntry(db, date) : undefined;
        if (old) {
          const join = (a: string, b: string) => (a && b ? `${a}\n${b}` : a || b);
          input.minutes += old.minutes;
          input.learned = join(old.learned, input.learned);
          input.implemented = join(old.implemented, input.implemented);
          input.blockers = join(old.blockers, input.blockers);
          input.next = join(old.next, input.next);
          input.concepts = [...old.concepts, ...input.concepts];
        }
        const parsed = schema.safeParse(input);
        if (!parsed.success) {
          const message = describeZod(parsed.error)
            .replace(/^blockers/, 'stuck')
            .replace(/^next/, 'tomorrow');
          throw new Error(`--${message}`);
        }
        return putLogEntry(db, date, parsed.data);
      });
      if (opts.json) return print(saved);
      say(
        `${saved.date}: ${saved.minutes}分 logged${saved.concepts.length ? ` (${saved.concepts.join(', ')})` : ''}`,
      );
    });

  log
    .command('stats')
    .description('streak, weekly totals against the weekly target, and per-day minutes')
    .option('--today <date>', 'count the streak as of this day (default: today)')
    .option('--from <date>', 'first day of the totals (default: 364 days before --to)')
    .option('--to <date>', 'last day of the totals (default: today)')
    .option(
      '--roadmap <id>',
      "the weekly target: your saved plan's hours for this roadmap, else its recommended hours (default: the shortest roadmap with a saved plan, else the shortest roadmap, as the Log page)",
    )
    .option('--json', 'print JSON (the same as GET /api/log/stats?roadmap=…)')
    .addOption(dbOption())
    .action(
      async (opts: {
        today?: string;
        from?: string;
        to?: string;
        roadmap?: string;
        json?: boolean;
        db?: string;
      }) => {
        const today = day('--today', opts.today) ?? localDay();
        const curriculum = loadCurriculum(contentDirs());
        if (opts.roadmap !== undefined && !curriculum.roadmaps.has(opts.roadmap))
          throw new Error(
            `--roadmap: unknown roadmap "${opts.roadmap}" (known: ${[...curriculum.roadmaps.keys()].join(', ')})`,
          );
        const { s, target } = await withDb(opts.db, async (db) => {
          const roadmapId = opts.roadmap ?? (await targetRoadmap(db, curriculum));
          const target = roadmapId ? await weeklyTarget(db, curriculum, roadmapId) : undefined;
          const s = await logStats(db, {
            today,
            from: day('--from', opts.from),
            to: day('--to', opts.to),
            weeklyTargetMinutes: target?.minutes ?? null,
          });
          return { s, target };
        });
        if (opts.json) return print(s);
        say(
          `連続記録 streak: ${s.streak.current}日 (最長 longest ${s.streak.longest}日)  合計 total: ${s.totalMinutes}分`,
        );
        if (target) {
          const { min, max } = target.minutes;
          const hours = (m: number) => String(Math.round((m / 60) * 100) / 100);
          const range = (f: (m: number) => string) => (min === max ? f(min) : `${f(min)}–${f(max)}`);
          say(
            `週の目標 weekly target: ${range(hours)}時間 (${range(String)}分) — ` +
              `${target.saved ? '学習計画より from your plan' : '推奨時間 recommended hours'}: ${target.roadmapId}`,
          );
        }
        for (const w of s.weeks) {
          const goal = target ? target.minutes.min : 0;
          const vs = goal > 0 ? ` / ${goal}分 (${Math.round((w.minutes / goal) * 100)}%)` : '';
          say(`  week of ${w.weekStart}: ${String(w.minutes).padStart(5)}分${vs} over ${w.days} day(s)`);
        }
      },
    );

  log
    .command('export')
    .description("write every entry as Markdown in 002's template (to stdout without --out)")
    .option('--out <file>', 'write to this file')
    .addOption(new Option('--lang <lang>', 'headings language').choices(['ja', 'en']).default('ja'))
    .addOption(dbOption())
    .action(async (opts: { out?: string; lang: 'ja' | 'en'; db?: string }) => {
      const entries = await withDb(opts.db, (db) => listLog(db));
      const md = logToMarkdown(entries, opts.lang);
      if (!opts.out) return void process.stdout.write(md);
      writeFileSync(opts.out, md);
      say(`${entries.length} entries written to ${opts.out}`);
    });

  log
    .command('import <file>')
    .description('read entries from Markdown in the template; all or nothing')
    .addOption(
      new Option(
        '--mode <mode>',
        "merge: the file's days replace those days; replace: the log becomes the file",
      )
        .choices(['merge', 'replace'])
        .default('merge'),
    )
    .option('--json', 'print the result as JSON')
    .addOption(dbOption())
    .action(
      async (file: string, opts: { mode: 'merge' | 'replace'; json?: boolean; db?: string }) => {
        const curriculum = loadCurriculum(contentDirs());
        let entries;
        try {
          entries = validateImported(
            parseLogMarkdown(readInput(file)),
            new Set(curriculum.concepts.keys()),
          );
        } catch (err) {
          if (err instanceof LogMarkdownError || err instanceof LogValidationError)
            throw new Error(`${file}: ${err.message}`);
          throw err;
        }
        const result = await withDb(opts.db, (db) => importLog(db, entries, opts.mode));
        if (opts.json) return print(result);
        say(
          `${file}: ${result.entries} entries (${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged${result.removed ? `, ${result.removed} removed` : ''})`,
        );
      },
    );

  program
    .command('export')
    .description(
      'write everything (progress, log, milestones, notes, …) as one JSON file (to stdout without --out)',
    )
    .option('--out <file>', 'write to this file')
    .addOption(dbOption())
    .action(async (opts: { out?: string; db?: string }) => {
      const data = await withDb(opts.db, (db) => exportAll(db));
      const text = JSON.stringify(data, null, 2) + '\n';
      if (!opts.out) return void process.stdout.write(text);
      writeFileSync(opts.out, text);
      const rows = Object.values(data.tables).reduce((s, t) => s + t.length, 0);
      say(`${rows} rows in ${Object.keys(data.tables).length} tables written to ${opts.out}`);
    });

  program
    .command('import <file>')
    .description('replace the database with a file from `shirube export`; all or nothing')
    .option('--json', 'print the row counts as JSON')
    .addOption(dbOption())
    .action(async (file: string, opts: { json?: boolean; db?: string }) => {
      let data: unknown;
      try {
        data = JSON.parse(readInput(file));
      } catch (err) {
        if (err instanceof SyntaxError) throw new Error(`${file}: not valid JSON (${err.message})`);
        throw err;
      }
      try {
        const result = await withDb(opts.db, (db) => importAll(db, data));
        if (opts.json) return print(result);
        say(
          `${file}: imported ${Object.entries(result.tables)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ')}`,
        );
      } catch (err) {
        if (err instanceof BackupError) throw new Error(`${file}: ${err.message}`);
        throw err;
      }
    });
}
