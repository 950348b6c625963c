// `shirube plan`: the study plan for a roadmap as a table, as JSON (--json) or as an .ics calendar
// (--ics FILE). Concepts recorded as done or skipped are left out and hours logged on the others are
// taken off their estimates (as on the Plan page), so the plan moves with progress.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { contentDirs, loadCurriculum, type Curriculum } from '../../curriculum/load.ts';
import { planToIcs } from '../../curriculum/ics.ts';
import {
  DAY_NAMES,
  PlanError,
  planRoadmap,
  type Plan,
  type PlanOptions,
} from '../../curriculum/plan.ts';
import { progressToDate } from '../../curriculum/replan.ts';
import { defaultDbFile, openDb } from '../../server/db/open.ts';
import { planFacts } from '../../server/db/plan.ts';

interface PlanCliOptions {
  roadmap: string;
  start?: string;
  hours?: string;
  days?: string;
  json?: boolean;
  ics?: string;
  db?: string;
  progress: boolean;
}

/** The planner's parameter names as the flags the user typed. */
const FLAGS: Record<string, string> = {
  roadmap: '--roadmap',
  start: '--start',
  hoursPerWeek: '--hours',
  days: '--days',
};

function asFlagError(err: unknown): unknown {
  if (!(err instanceof PlanError)) return err;
  const flag = FLAGS[err.param] ?? err.param;
  return new PlanError(flag, err.message.slice(err.param.length + 2));
}

function today(): string {
  const d = new Date();
  return [d.getFullYear(), d.getMonth() + 1, d.getDate()]
    .map((n, i) => String(n).padStart(i ? 2 : 4, '0'))
    .join('-');
}

/**
 * What is done and how many hours are logged on the rest, read from the database the way the
 * Plan page and GET /api/plan read them (progressToDate, with the log up to today).
 */
async function progressFromDb(
  c: Curriculum,
  roadmapId: string,
  dbFile: string,
  day: string,
): Promise<{ done: Set<string>; loggedHours: Record<string, number> }> {
  const db = await openDb(dbFile);
  try {
    return progressToDate(c, roadmapId, await planFacts(db, day));
  } finally {
    await db.destroy();
  }
}

const fmt = (h: number) => String(Math.round(h * 100) / 100);

function printTable(
  c: Curriculum,
  roadmapId: string,
  plan: Plan,
  opts: PlanOptions,
  done: number,
  logged: number,
): void {
  const r = c.roadmaps.get(roadmapId)!;
  const hours = opts.hoursPerWeek!;
  const { recommended: rec, minimum: min } = r.weeklyHours;
  console.log(`${r.title.ja} / ${r.title.en}`);
  console.log(
    `${fmt(hours)} h/week from ${opts.start}${opts.days ? ` (${opts.days.join(', ')})` : ''}` +
      `  — recommended ${rec.min}–${rec.max} h${min ? `, minimum ${min.min}–${min.max} h` : ''}` +
      (done ? `  — ${done} completed concept${done === 1 ? '' : 's'} left out` : '') +
      (logged > 0 ? `  — ${fmt(logged)} h logged taken off` : ''),
  );
  if (min && hours < min.min)
    console.log(
      `note: below the minimum of ${min.min}–${min.max} h a week; the plan runs longer than the roadmap's ${r.weeks} weeks`,
    );
  console.log('');
  if (plan.weeks.length === 0) console.log('nothing left to plan: every concept is done');
  const lastWeekOf = new Map<string, number>();
  for (const w of plan.weeks) for (const i of w.items) lastWeekOf.set(i.conceptId, w.week);
  console.log(
    `${'week'.padEnd(5)} ${'start'.padEnd(10)} ${'hours'.padStart(5)}   ${'concept'.padEnd(32)} ${'hours'.padStart(7)}  title`,
  );
  for (const w of plan.weeks) {
    w.items.forEach((item, k) => {
      const head =
        k === 0
          ? `${String(w.week).padEnd(5)} ${w.start} ${fmt(w.hours).padStart(5)}`
          : ' '.repeat(22);
      const more = lastWeekOf.get(item.conceptId)! > w.week ? ' →' : '  ';
      const days =
        item.days && item.hours > 0
          ? `  [${item.days.map((d) => `${d.day} ${fmt(d.hours)}`).join(', ')}]`
          : '';
      const hours = item.hours > 0 ? fmt(item.hours) + more : '–  ';
      const title = c.concepts.get(item.conceptId)?.title.ja ?? '';
      console.log(`${head}   ${item.conceptId.padEnd(32)} ${hours.padStart(7)}  ${title}${days}`);
    });
  }
  if (plan.milestones.length > 0) console.log('');
  for (const m of plan.milestones) {
    const title = r.milestones.find((x) => x.id === m.id)?.title.ja ?? '';
    console.log(`◆ week ${String(m.week).padEnd(3)} ${m.id.padEnd(28)} ${title}`);
  }
  console.log('');
  console.log(
    `finish: optimistic ${plan.optimistic_finish}, pessimistic ${plan.pessimistic_finish} (${plan.weeks.length} weeks at the middle estimate)`,
  );
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('a week-by-week study plan for a roadmap / 学習計画')
    .requiredOption('--roadmap <id>', 'the roadmap to plan')
    .option('--start <date>', 'first day of week 1, YYYY-MM-DD (default: today)')
    .option(
      '--hours <h>',
      "study hours per week (default: the middle of the roadmap's recommended hours)",
    )
    .option(
      '--days <days>',
      `study days, comma-separated: ${DAY_NAMES.join(',')} (default: spread over the week)`,
    )
    .option('--json', 'print the plan as JSON')
    .option('--ics <file>', 'also write the plan as an iCalendar file (one event per study block)')
    .option('--no-progress', 'plan every concept in full, ignoring recorded progress and logged hours')
    .addOption(
      new Option(
        '--db <file>',
        'SQLite database file to read progress from (default: $SHIRUBE_DB or the user data directory)',
      ),
    )
    .action(async (opts: PlanCliOptions) => {
      const c = loadCurriculum(contentDirs());
      const roadmap = c.roadmaps.get(opts.roadmap);
      if (!roadmap)
        throw new PlanError(
          '--roadmap',
          `unknown roadmap "${opts.roadmap}" (known: ${[...c.roadmaps.keys()].join(', ')})`,
        );
      let hoursPerWeek =
        (roadmap.weeklyHours.recommended.min + roadmap.weeklyHours.recommended.max) / 2;
      if (opts.hours !== undefined) {
        if (!/^\s*\d*\.?\d+\s*$/.test(opts.hours))
          throw new PlanError(
            '--hours',
            `expected a number of hours per week greater than 0, got "${opts.hours}"`,
          );
        hoursPerWeek = Number(opts.hours);
      }
      const { done, loggedHours } = opts.progress
        ? await progressFromDb(c, opts.roadmap, opts.db ?? defaultDbFile(), today())
        : { done: new Set<string>(), loggedHours: {} };
      const days = opts.days
        ?.split(',')
        .map((d) => d.trim())
        .filter(Boolean);
      const planOpts: PlanOptions = {
        start: opts.start ?? today(),
        hoursPerWeek,
        days,
        done,
        loggedHours,
      };
      let plan: Plan;
      try {
        plan = planRoadmap(c, opts.roadmap, planOpts);
      } catch (err) {
        throw asFlagError(err);
      }
      if (opts.ics) {
        // The calendar needs days: without --days the same plan, spread over every day.
        const withDays = days
          ? plan
          : planRoadmap(c, opts.roadmap, { ...planOpts, days: DAY_NAMES });
        const text = planToIcs(withDays, {
          roadmapId: opts.roadmap,
          calName: `しるべ ${roadmap.title.ja}`,
          start: planOpts.start,
          conceptTitle: (id) => c.concepts.get(id)?.title.ja ?? id,
          milestoneTitle: (id) => roadmap.milestones.find((m) => m.id === id)?.title.ja ?? id,
        });
        writeFileSync(opts.ics, text);
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify(plan, null, 2) + '\n');
        return;
      }
      const logged = Object.values(loggedHours).reduce((a, b) => a + b, 0);
      printTable(c, opts.roadmap, plan, planOpts, done.size, logged);
      if (opts.ics) console.log(`calendar written to ${opts.ics}`);
    });
}
