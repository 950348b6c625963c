// iCalendar export of a plan: one timed event per study block (one concept on one study day, in
// floating local time so a calendar shows it at the learner's own evening hour) and an all-day
// event per milestone. Written with the `ics` package; pure: returns the text, writes no file.
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { PlanError, addDays, formatDate, parseDate, type Plan } from './plan.ts';

export interface IcsOptions {
  roadmapId: string;
  /** The calendar's name (X-WR-CALNAME). */
  calName?: string;
  /** Event titles; default: the id. */
  conceptTitle?: (conceptId: string) => string;
  milestoneTitle?: (milestoneId: string) => string;
  /** When each day's first block starts, HH:MM (default 19:00); earlier if the day would run past midnight. */
  startTime?: string;
  /** First day of week 1 (default: the plan's first week), to date the milestones. */
  start?: string;
}

interface Block {
  date: string;
  week: number;
  conceptId: string;
  minutes: number;
}

const dateArray = (date: string): [number, number, number] => {
  const d = parseDate(date, 'date');
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
};

function parseTime(text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new PlanError('startTime', `expected HH:MM (00:00–23:59), got "${text}"`);
  return +m[1] * 60 + +m[2];
}

/** The plan's study blocks by day, in plan order. A plan made without study days has none. */
function studyBlocks(plan: Plan): Map<string, Block[]> {
  const byDate = new Map<string, Block[]>();
  for (const week of plan.weeks) {
    for (const item of week.items) {
      if (item.hours > 0 && !item.days) {
        throw new PlanError(
          'days',
          'a calendar needs a plan with study days (plan with days; every day if none are chosen)',
        );
      }
      for (const d of item.days ?? []) {
        const minutes = Math.round(d.hours * 60);
        if (minutes === 0) continue;
        const blocks = byDate.get(d.date) ?? [];
        blocks.push({ date: d.date, week: week.week, conceptId: item.conceptId, minutes });
        byDate.set(d.date, blocks);
      }
    }
  }
  return byDate;
}

const formatHours = (minutes: number) => `${Math.round((minutes / 60) * 100) / 100} h`;

/** The plan as an .ics calendar (text with CRLF line ends). Throws PlanError on unusable input. */
export function planToIcs(plan: Plan, opts: IcsOptions): string {
  const startMinute = parseTime(opts.startTime ?? '19:00');
  const conceptTitle = opts.conceptTitle ?? ((id: string) => id);
  const milestoneTitle = opts.milestoneTitle ?? ((id: string) => id);
  const events: EventAttributes[] = [];

  for (const [date, blocks] of studyBlocks(plan)) {
    const total = blocks.reduce((s, b) => s + b.minutes, 0);
    let at = Math.max(0, Math.min(startMinute, 24 * 60 - total));
    for (const b of blocks) {
      const start: DateArray = [...dateArray(date), Math.floor(at / 60), at % 60];
      events.push({
        uid: `${opts.roadmapId}-${b.conceptId}-${date}@shirube`,
        title: `しるべ: ${conceptTitle(b.conceptId)}`,
        description: `${opts.roadmapId} · 第${b.week}週 week ${b.week} · ${b.conceptId} · ${formatHours(b.minutes)}`,
        start,
        startInputType: 'local',
        startOutputType: 'local',
        duration: { hours: Math.floor(b.minutes / 60), minutes: b.minutes % 60 },
        categories: ['shirube', opts.roadmapId],
        busyStatus: 'BUSY',
      });
      at += b.minutes;
    }
  }

  const first = opts.start ?? plan.weeks[0]?.start;
  if (first !== undefined) {
    const start = parseDate(first, 'start');
    for (const m of plan.milestones) {
      const day = addDays(start, 7 * m.week - 1);
      events.push({
        uid: `${opts.roadmapId}-milestone-${m.id}@shirube`,
        title: `◆ しるべ: ${milestoneTitle(m.id)}`,
        description: `${opts.roadmapId} · 第${m.week}週 week ${m.week} · milestone ${m.id}`,
        start: dateArray(formatDate(day)),
        end: dateArray(formatDate(addDays(day, 1))),
        categories: ['shirube', opts.roadmapId, 'milestone'],
        busyStatus: 'FREE',
        transp: 'TRANSPARENT',
      });
    }
  }

  const { error, value } = createEvents(events, {
    productId: 'shirube',
    calName: opts.calName ?? `しるべ ${opts.roadmapId}`,
  });
  if (error || value === null)
    throw new Error(`could not write the calendar: ${error?.message ?? 'no output'}`);
  return value;
}
