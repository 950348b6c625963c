// `shirube review` (today's self-check queue; `review answer`, `review stats`) and `shirube search`.
// The same grading, scheduling and JSON as the HTTP API. Errors are thrown as one-line messages;
// main.ts prints them and exits non-zero.
import { Option, type Command } from 'commander';
import { contentDirs, loadCurriculum } from '../../curriculum/load.ts';
import { labs } from '../../labs/registry.ts';
import { defaultDbFile, openDb, type Db } from '../../server/db/open.ts';
import { isoDate, localDay } from '../../server/db/log.ts';
import { answerItem, RATINGS, resolveItem, reviewQueue, reviewStats } from '../../server/db/reviews.ts';
import { createSearcher } from '../../server/review-routes.ts';
import type { ReviewRatingName } from '../../shared/api.ts';

const print = (value: unknown): void => void process.stdout.write(JSON.stringify(value, null, 2) + '\n');
const say = (line: string): void => void process.stdout.write(line + '\n');

async function withDb<T>(file: string | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(file ?? defaultDbFile());
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

const dbOption = () => new Option('--db <file>', 'SQLite database file (default: $SHIRUBE_DB or the user data directory)');

function day(flag: string, value: string | undefined): string {
  if (value === undefined) return localDay();
  if (!isoDate.safeParse(value).success) throw new Error(`${flag}: expected a real date as YYYY-MM-DD, got "${value}"`);
  return value;
}

function int(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) throw new Error(`${flag}: expected an integer ${min}–${max}, got "${value}"`);
  return n;
}

const oneLine = (s: string, max = 70) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
};

export function registerReview(program: Command): void {
  const review = program
    .command('review')
    .description("today's self-check reviews (FSRS): due questions and lab exercises, then new ones of concepts you are studying")
    .enablePositionalOptions()
    .option('--today <YYYY-MM-DD>', 'the day to build the queue for (default: today)')
    .option('--limit <n>', 'how many items at most', '20')
    .option('--json', 'print JSON (the same as GET /api/reviews/queue)')
    .addOption(dbOption())
    .action(async (opts: { today?: string; limit: string; json?: boolean; db?: string }) => {
      const today = day('--today', opts.today);
      const limit = int('--limit', opts.limit, 1, 500);
      const curriculum = loadCurriculum(contentDirs());
      const queue = await withDb(opts.db, (db) => reviewQueue(db, curriculum, labs, today, limit, new Date()));
      if (opts.json) return print(queue);
      say(`${queue.today}: ${queue.dueCount} due, ${queue.newCount} new`);
      if (queue.items.length === 0) say('nothing to review — mark a concept in progress: shirube progress set <concept> in_progress');
      for (const i of queue.items) {
        const text = i.question?.prompt.ja ?? i.lab?.question.ja ?? '';
        say(`  ${(i.isNew ? 'new' : i.state).padEnd(10)} ${i.item.padEnd(44)} ${oneLine(text)}`);
        if (i.question?.kind === 'choice') for (const o of i.question.options) say(`${' '.repeat(16)}${o.id}) ${oneLine(o.text.ja, 60)}`);
        if (i.lab) say(`${' '.repeat(16)}seed ${i.lab.seed}`);
      }
    });

  review
    .command('answer <item> [answer]')
    .description('answer one item: an option id or a number for question:<concept>/<id>; for lab:<id>, --correct/--wrong or --seed with a number')
    .option('--rating <rating>', `how it went when right: ${RATINGS.join(' | ')} (default good; a wrong answer is always again)`)
    .option('--correct', "lab items: the lab's check said right")
    .option('--wrong', "lab items: the lab's check said wrong")
    .option('--seed <n>', 'lab items: the seed of the exercise answered (then the answer is checked here)')
    .option('--json', 'print JSON (the same as POST /api/reviews)')
    .addOption(dbOption())
    .action(async (item: string, answer: string | undefined, opts: { rating?: string; correct?: boolean; wrong?: boolean; seed?: string; json?: boolean; db?: string }) => {
      if (opts.rating !== undefined && !(RATINGS as readonly string[]).includes(opts.rating)) throw new Error(`--rating: expected one of ${RATINGS.join(', ')}, got "${opts.rating}"`);
      if (opts.correct && opts.wrong) throw new Error('--correct and --wrong: give one of them');
      const curriculum = loadCurriculum(contentDirs());
      const resolved = resolveItem(curriculum, labs, item);
      const numeric = resolved.kind === 'lab' || resolved.question.kind === 'numeric';
      let value: string | number | undefined = answer;
      if (answer !== undefined && numeric) {
        value = Number(answer);
        if (answer.trim() === '' || !Number.isFinite(value)) throw new Error(`answer: expected a number, got "${answer}"`);
      }
      const result = await withDb(opts.db, (db) =>
        answerItem(
          db,
          resolved,
          {
            answer: value,
            correct: opts.correct ? true : opts.wrong ? false : undefined,
            rating: opts.rating as ReviewRatingName | undefined,
            seed: opts.seed === undefined ? undefined : int('--seed', opts.seed, 0, 0xffffffff),
          },
          new Date(),
        ),
      );
      if (opts.json) return print(result);
      say(`${result.correct ? '正解 / right' : '不正解 / wrong'} (${result.rating}) — next: ${result.nextDue}`);
      const r = result.reveal;
      if (r?.kind === 'choice') for (const o of r.options) say(`  ${o.correct ? '✓' : ' '} ${o.id}) ${oneLine(o.text.ja, 50)} — ${oneLine(o.explanation.ja, 60)}`);
      if (r?.kind === 'numeric') say(`  ${r.answer}${r.unit ? ` ${r.unit}` : ''} — ${oneLine(r.explanation.ja)}`);
      if (r?.kind === 'lab') say(`  expected ${r.expected}`);
    });

  review
    .command('stats')
    .description('retention over the last 30 days (by concept), due counts, reviews per day')
    .option('--today <YYYY-MM-DD>', 'the day to count from (default: today)')
    .option('--json', 'print JSON (the same as GET /api/reviews/stats)')
    .addOption(dbOption())
    .action(async (opts: { today?: string; json?: boolean; db?: string }) => {
      const today = day('--today', opts.today);
      const curriculum = loadCurriculum(contentDirs());
      const s = await withDb(opts.db, (db) => reviewStats(db, curriculum, labs, today));
      if (opts.json) return print(s);
      const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
      say(`${s.retention.from} … ${s.retention.to}: ${s.retention.reviews} reviews, ${pct(s.retention.rate)} right`);
      say(`due today ${s.due.today}, this week ${s.due.week}, new ${s.due.newAvailable}`);
      for (const c of s.retention.byConcept) say(`  ${c.conceptId.padEnd(32)} ${String(c.reviews).padStart(4)}  ${pct(c.rate)}`);
    });

  program
    .command('search <query...>')
    .description('search concepts, help pages, your notes and log (Japanese and English)')
    .option('--limit <n>', 'how many results at most', '20')
    .option('--json', 'print JSON (the same as GET /api/search)')
    .addOption(dbOption())
    .action(async (words: string[], opts: { limit: string; json?: boolean; db?: string }) => {
      const q = words.join(' ');
      if (q.trim() === '') throw new Error('query: expected a non-empty search query');
      const limit = int('--limit', opts.limit, 1, 100);
      const curriculum = loadCurriculum(contentDirs());
      const hits = await withDb(opts.db, (db) => createSearcher(db, curriculum)(q, limit));
      if (opts.json) return print(hits);
      if (hits.length === 0) say(`no results for "${q}"`);
      for (const h of hits) {
        // Highlights as 【…】 in the terminal.
        let text = h.snippet.text;
        for (const { start, end } of [...h.snippet.highlights].reverse()) text = `${text.slice(0, start)}【${text.slice(start, end)}】${text.slice(end)}`;
        say(`${h.kind.padEnd(8)} ${h.id.padEnd(32)} ${h.title}`);
        say(`         ${text}`);
      }
    });
}
