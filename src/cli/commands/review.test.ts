// `shirube review` and `shirube search`, run in process on the fixture curriculum and temporary
// database files.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerReview } from './review.ts';
import { openDb } from '../../server/db/open.ts';
import { updateProgress } from '../../server/db/progress.ts';
import { putLogEntry } from '../../server/db/log.ts';
import type { ReviewQueueDto, ReviewResultDto, ReviewStatsDto, SearchHitDto } from '../../shared/api.ts';

const dir = mkdtempSync(join(tmpdir(), 'shirube-review-cli-'));
beforeAll(() => {
  process.env.SHIRUBE_CONTENT_DIR = join(import.meta.dirname, '../../../test/fixtures/content');
});
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const program = new Command('shirube').exitOverride().enablePositionalOptions();
  registerReview(program);
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    vi.restoreAllMocks();
  }
  return out;
}

async function seed(file: string): Promise<void> {
  const db = await openDb(file);
  try {
    await updateProgress(db, 'attention', { status: 'in_progress' });
    await putLogEntry(db, '2025-03-09', { minutes: 20, learned: '今日は注意機構の式を追った', implemented: '', blockers: '', next: '', concepts: [] });
  } finally {
    await db.destroy();
  }
}

describe('shirube review', () => {
  it("prints today's queue as JSON, answers an item (graded here) and shows stats", async () => {
    const db = join(dir, 'a.db');
    await seed(db);
    const queue: ReviewQueueDto = JSON.parse(await run('review', '--json', '--db', db));
    expect(queue.items.slice(0, 2).map((i) => i.item)).toEqual(['question:attention/scale', 'question:attention/softmax-range']);
    expect(JSON.stringify(queue)).not.toContain('"correct"');

    const wrong: ReviewResultDto = JSON.parse(await run('review', 'answer', 'question:attention/softmax-range', 'b', '--rating', 'easy', '--json', '--db', db));
    expect(wrong).toMatchObject({ correct: false, rating: 'again', reveal: { correctOption: 'a' } });
    const right: ReviewResultDto = JSON.parse(await run('review', 'answer', 'question:attention/scale', '2', '--json', '--db', db));
    expect(right).toMatchObject({ correct: true, rating: 'good' });

    const stats: ReviewStatsDto = JSON.parse(await run('review', 'stats', '--json', '--db', db));
    expect(stats.retention).toMatchObject({ reviews: 2, correct: 1, rate: 0.5 });

    const text = await run('review', '--db', db);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}: \d+ due, \d+ new/);
  });

  it('rejects bad input with one-line messages', async () => {
    const db = join(dir, 'b.db');
    await expect(run('review', '--today', '2025-13-01', '--db', db)).rejects.toThrow('--today: expected a real date');
    await expect(run('review', '--limit', '0', '--db', db)).rejects.toThrow('--limit: expected an integer 1–500');
    await expect(run('review', 'answer', 'question:attention/scale', 'two', '--db', db)).rejects.toThrow('answer: expected a number');
    await expect(run('review', 'answer', 'question:attention/nope', 'a', '--db', db)).rejects.toThrow('item "question:attention/nope" does not exist');
    await expect(run('review', 'answer', 'lab:self-attention', '--db', db)).rejects.toThrow('correct: expected true or false');
  });
});

describe('shirube search', () => {
  it('finds Japanese text in the log and concepts, as JSON or with 【】 marks', async () => {
    const db = join(dir, 'c.db');
    await seed(db);
    const hits: SearchHitDto[] = JSON.parse(await run('search', '注意機構', '--json', '--db', db));
    expect(hits.map((h) => `${h.kind}:${h.id}`).sort()).toEqual(['concept:attention', 'log:2025-03-09']);
    const text = await run('search', '注意機構', '--db', db);
    expect(text).toContain('今日は【注意機構】の式を追った');
    expect(JSON.parse(await run('search', 'nothing', 'like', 'this', '--json', '--db', db))).toEqual([]);
  });
});
