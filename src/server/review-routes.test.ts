// Reviews (FSRS), questions without answers, statistics and search, in process (app.request)
// against a real SQLite file, the fixture curriculum and a clock the tests move.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../curriculum/load.ts';
import { openDb, type Db } from './db/open.ts';
import { updateProgress } from './db/progress.ts';
import { putLogEntry } from './db/log.ts';
import { putNote } from './db/notes.ts';
import { exportAll, importAll } from './db/backup.ts';
import { createReviewRoutes } from './review-routes.ts';
import type { ReviewLab } from './db/reviews.ts';
import type { ConceptQuestionDto, ReviewQueueDto, ReviewResultDto, ReviewStatsDto, SearchHitDto } from '../shared/api.ts';

const curriculum = loadCurriculum([join(import.meta.dirname, '../../test/fixtures/content')]);

/** A lab whose exercise asks for seed mod 7; its check is the lab's own function. */
const fakeLab: ReviewLab = {
  id: 'self-attention',
  title: { ja: '自己注意', en: 'Self-attention' },
  concepts: ['attention'],
  exercise: (seed) => ({
    question: { ja: `${seed} を 7 で割った余りは？`, en: `${seed} mod 7?` },
    inputs: { seed },
    check: (answer) => ({ correct: answer === seed % 7, expected: seed % 7 }),
  }),
};

const MIN = 60_000;
const DAY = 86_400_000;

let db: Db;
let app: Hono;
let clock: Date;

beforeEach(async () => {
  db = await openDb(join(mkdtempSync(join(tmpdir(), 'shirube-reviews-')), 'test.db'));
  // Local time, so "today" is the same day whatever the machine's time zone.
  clock = new Date(2025, 2, 10, 9, 0, 0);
  app = new Hono();
  const api = new Hono();
  api.route('/', createReviewRoutes({ db, curriculum, now: () => clock, labs: [fakeLab] }));
  app.route('/api', api);
});
afterEach(async () => {
  await db.destroy();
});

const post = (body: unknown) =>
  app.request('/api/reviews', { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const answer = async (body: unknown): Promise<ReviewResultDto> => {
  const res = await post(body);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};
const getJson = async <T>(path: string): Promise<T> => {
  const res = await app.request(path);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};
const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

describe('FSRS scheduling', () => {
  it('moves the due date further out after each correct answer, each interval longer than the last', async () => {
    const intervals: number[] = [];
    const dues: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await answer({ item: 'question:attention/softmax-range', answer: 'a' });
      expect(r.correct).toBe(true);
      expect(r.rating).toBe('good');
      const due = Date.parse(r.nextDue);
      intervals.push(due - clock.getTime());
      dues.push(due);
      clock = new Date(due); // answer exactly when due
    }
    // ts-fsrs's default learning steps are [1m, 10m]: "good" on a new card goes to the 10-minute step.
    expect(intervals[0]).toBe(10 * MIN);
    // The next "good" graduates the card to Review: whole days from then on.
    expect(intervals[1]).toBeGreaterThanOrEqual(DAY);
    for (let i = 1; i < intervals.length; i++) {
      expect(intervals[i]).toBeGreaterThan(intervals[i - 1]);
      expect(dues[i]).toBeGreaterThan(dues[i - 1]);
    }
    // With request_retention 0.9 the FSRS interval is the stability itself (R(t = S) = 0.9).
    const card = (await getJson<ConceptQuestionDto[]>('/api/concepts/attention/questions')).find((q) => q.question.id === 'softmax-range')!.card!;
    expect(card.scheduledDays).toBe(Math.round(card.stability));
    expect(intervals[intervals.length - 1]).toBe(card.scheduledDays * DAY);
  });

  it("'again' after a long interval sends the card back to a 10-minute relearning step and counts a lapse", async () => {
    for (let i = 0; i < 4; i++) {
      const r = await answer({ item: 'question:attention/scale', answer: 2 });
      clock = new Date(Date.parse(r.nextDue));
    }
    const before = (await getJson<{ card: { scheduledDays: number } }[]>('/api/concepts/attention/questions'))[0].card;
    expect(before.scheduledDays).toBeGreaterThan(5);
    const wrong = await answer({ item: 'question:attention/scale', answer: 3 });
    expect(wrong.correct).toBe(false);
    expect(wrong.rating).toBe('again');
    expect(Date.parse(wrong.nextDue) - clock.getTime()).toBe(10 * MIN);
    expect(wrong.card).toMatchObject({ state: 'Relearning', lapses: 1 });
    expect(wrong.log).toMatchObject({ state: 'Review', correct: false, answer: 3 });
  });

  it("'again' on a new card comes back in a minute; 'easy' waits longer than 'good'", async () => {
    const again = await answer({ item: 'question:attention/scale', answer: 5 });
    expect(Date.parse(again.nextDue) - clock.getTime()).toBe(1 * MIN);
    const easy = await answer({ item: 'question:attention/softmax-range', answer: 'a', rating: 'easy' });
    expect(easy.rating).toBe('easy');
    expect(Date.parse(easy.nextDue) - clock.getTime()).toBeGreaterThan(10 * MIN);
  });
});

describe('POST /api/reviews grading', () => {
  it('grades content questions itself: a wrong option with correct: true is still wrong', async () => {
    const r = await answer({ item: 'question:attention/softmax-range', answer: 'b', correct: true, rating: 'easy' });
    expect(r.correct).toBe(false);
    expect(r.rating).toBe('again');
    expect(r.log.correct).toBe(false);
    // Only now are the answer and every explanation revealed.
    expect(r.reveal).toMatchObject({ kind: 'choice', chosen: 'b', correctOption: 'a' });
    if (r.reveal?.kind !== 'choice') throw new Error('expected a choice reveal');
    expect(r.reveal.options.map((o) => [o.id, o.correct, o.explanation.ja.length > 0])).toEqual([
      ['a', true, true],
      ['b', false, true],
    ]);
    const stats = await getJson<ReviewStatsDto>('/api/reviews/stats');
    expect(stats.retention).toMatchObject({ reviews: 1, correct: 0, rate: 0 });
  });

  it('grades numeric answers with the tolerance and reveals the answer and explanation', async () => {
    const r = await answer({ item: 'question:attention/scale', answer: 2, correct: false });
    expect(r.correct).toBe(true);
    expect(r.reveal).toEqual({ kind: 'numeric', given: 2, answer: 2, tolerance: 0, explanation: { ja: '√4 = 2 です。', en: '√4 = 2.' } });
  });

  it("takes a lab item's correct from the client, or checks seed + answer with the lab's function", async () => {
    const trusted = await answer({ item: 'lab:self-attention', correct: true });
    expect(trusted).toMatchObject({ correct: true, rating: 'good' });
    expect(trusted.reveal).toBeUndefined();
    const checked = await answer({ item: 'lab:self-attention', seed: 20, answer: 5, correct: true });
    expect(checked).toMatchObject({ correct: false, reveal: { kind: 'lab', given: 5, expected: 6 } });
  });

  it.each([
    [{ answer: 'a' }, 'item: '],
    [{ item: 'attention/softmax-range', answer: 'a' }, 'item: expected "question:<conceptId>/<questionId>" or "lab:<labId>"'],
    [{ item: 'question:attention/softmax-range' }, 'answer: required'],
    [{ item: 'question:attention/softmax-range', answer: 'z' }, 'answer: expected an option id, one of "a", "b"'],
    [{ item: 'question:attention/scale', answer: 'two' }, 'answer: expected a number'],
    [{ item: 'question:attention/scale', answer: 2, rating: 'perfect' }, 'rating: expected one of: again, hard, good, easy'],
    [{ item: 'question:attention/scale', answer: true }, 'answer: '],
    [{ item: 'lab:self-attention' }, 'correct: expected true or false'],
    [{ item: 'lab:self-attention', seed: -1, answer: 1 }, 'seed: '],
    [{ item: 'lab:self-attention', correct: 'yes' }, 'correct: expected true or false'],
    [{ item: 'question:attention/scale', answer: 2, extra: 1 }, 'extra'],
  ])('400 naming the field for %j', async (body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain(message);
    expect((await getJson<ReviewStatsDto>('/api/reviews/stats')).cards.total).toBe(0);
  });

  it('400s a body that is not JSON', async () => {
    expect((await post('{')).status).toBe(400);
    expect((await post('')).status).toBe(400);
  });

  it.each(['question:attention/nope', 'question:nope/scale', 'lab:nope'])('404s unknown item %s', async (item) => {
    const res = await post({ item, answer: 'a', correct: true });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toContain(`item "${item}" does not exist`);
  });
});

describe('GET /api/concepts/:id/questions', () => {
  it('lists questions without answers, flags or explanations', async () => {
    const list = await getJson<{ question: Record<string, unknown>; card: unknown }[]>('/api/concepts/attention/questions');
    expect(list.map((q) => q.question.item)).toEqual(['question:attention/scale', 'question:attention/softmax-range']);
    const text = JSON.stringify(list);
    expect(text).not.toContain('correct');
    expect(text).not.toContain('explanation');
    expect(text).not.toContain('"answer"');
    expect(list[1].question.options).toEqual([
      { id: 'a', text: { ja: '[0, 1]', en: '[0, 1]' } },
      { id: 'b', text: { ja: '[−1, 1]', en: '[−1, 1]' } },
    ]);
    expect(list.every((q) => q.card === null)).toBe(true);
  });

  it('is [] for a concept without questions and 404 for an unknown concept', async () => {
    expect(await getJson('/api/concepts/basics/questions')).toEqual([]);
    expect((await app.request('/api/concepts/nope/questions')).status).toBe(404);
  });
});

describe('GET /api/reviews/queue', () => {
  it('offers new questions (and labs) of concepts being studied, then due cards first', async () => {
    let q = await getJson<ReviewQueueDto>('/api/reviews/queue');
    expect(q).toMatchObject({ today: '2025-03-10', items: [], dueCount: 0, newCount: 0 });

    await updateProgress(db, 'attention', { status: 'in_progress' });
    q = await getJson<ReviewQueueDto>('/api/reviews/queue');
    expect(q.items.map((i) => [i.item, i.isNew])).toEqual([
      ['question:attention/scale', true],
      ['question:attention/softmax-range', true],
      ['lab:self-attention', true],
    ]);
    expect(JSON.stringify(q)).not.toContain('correct');
    expect(q.items[2].lab).toMatchObject({ labId: 'self-attention', inputs: { seed: q.items[2].lab!.seed } });

    // Answered right: back in 10 minutes, not offered before then; the page is told when.
    const r = await answer({ item: 'question:attention/scale', answer: 2 });
    q = await getJson<ReviewQueueDto>('/api/reviews/queue');
    expect(q.items.map((i) => i.item)).toEqual(['question:attention/softmax-range', 'lab:self-attention']);
    expect(q.laterToday).toBe(r.nextDue);

    clock = new Date(clock.getTime() + 11 * MIN);
    q = await getJson<ReviewQueueDto>('/api/reviews/queue?limit=2');
    expect(q.items.map((i) => [i.item, i.isNew])).toEqual([
      ['question:attention/scale', false],
      ['question:attention/softmax-range', true],
    ]);
    expect(q).toMatchObject({ dueCount: 1, newCount: 2 });

    // Graduated to days: not due today, due on the day it is scheduled.
    const g = await answer({ item: 'question:attention/scale', answer: 2 });
    q = await getJson<ReviewQueueDto>('/api/reviews/queue');
    expect(q.items.map((i) => i.item)).not.toContain('question:attention/scale');
    q = await getJson<ReviewQueueDto>(`/api/reviews/queue?today=${day(new Date(g.nextDue))}`);
    expect(q.items[0]).toMatchObject({ item: 'question:attention/scale', isNew: false, due: g.nextDue, state: 'Review' });
  });

  it('400s a bad today or limit', async () => {
    for (const [path, field] of [
      ['/api/reviews/queue?today=2025-02-30', 'today: '],
      ['/api/reviews/queue?limit=0', 'limit: '],
      ['/api/reviews/queue?limit=x', 'limit: '],
      ['/api/reviews/stats?today=tomorrow', 'today: '],
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error).toContain(field);
    }
  });
});

describe('GET /api/reviews/stats', () => {
  it('counts retention over the last 30 days by concept, due today and this week, and reviews per day', async () => {
    await updateProgress(db, 'attention', { status: 'done' });
    clock = new Date(2025, 1, 1, 9, 0); // more than 30 days before the stats' today: left out
    await answer({ item: 'question:attention/scale', answer: 1 });
    clock = new Date(2025, 2, 9, 20, 0);
    await answer({ item: 'question:attention/scale', answer: 2 });
    await answer({ item: 'lab:self-attention', correct: false });
    clock = new Date(2025, 2, 10, 8, 0);
    await answer({ item: 'question:attention/softmax-range', answer: 'a' });
    clock = new Date(2025, 2, 10, 9, 0);

    const s = await getJson<ReviewStatsDto>('/api/reviews/stats');
    expect(s.today).toBe('2025-03-10');
    expect(s.retention).toMatchObject({ from: '2025-02-09', to: '2025-03-10', reviews: 3, correct: 2 });
    expect(s.retention.rate).toBeCloseTo(2 / 3);
    expect(s.retention.byConcept).toEqual([{ conceptId: 'attention', reviews: 3, correct: 2, rate: 2 / 3 }]);
    expect(s.perDay).toEqual([
      { date: '2025-03-09', reviews: 2, correct: 1 },
      { date: '2025-03-10', reviews: 1, correct: 1 },
    ]);
    // scale and the lab are in short (re)learning steps (due yesterday evening), softmax-range at 08:10.
    expect(s.due).toEqual({ today: 3, week: 3, newAvailable: 0 });
    expect(s.cards).toMatchObject({ total: 3 });
  });
});

describe('backup', () => {
  it('exports and imports the review tables', async () => {
    await answer({ item: 'question:attention/scale', answer: 2 });
    const data = await exportAll(db);
    expect(data.tables.review_card).toHaveLength(1);
    expect(data.tables.review_log).toHaveLength(1);
    const other = await openDb(join(mkdtempSync(join(tmpdir(), 'shirube-reviews-')), 'copy.db'));
    try {
      const result = await importAll(other, JSON.parse(JSON.stringify(data)));
      expect(result.tables).toMatchObject({ review_card: 1, review_log: 1 });
      expect((await exportAll(other, new Date(data.exportedAt))).tables).toEqual(data.tables);
    } finally {
      await other.destroy();
    }
  });
});

describe('GET /api/search', () => {
  const find = (q: string) => getJson<SearchHitDto[]>(`/api/search?q=${encodeURIComponent(q)}`);

  it('finds 注意機構 inside a Japanese sentence of a log entry and a note, and in concept text', async () => {
    await putLogEntry(db, '2025-03-09', { minutes: 30, learned: '今日は注意機構の式を追った', implemented: '', blockers: '', next: '', concepts: [] });
    await putNote(db, 'heads', 'マルチヘッドは注意機構を並べたもの');
    const hits = await find('注意機構');
    const byKind = Object.fromEntries(hits.map((h) => [`${h.kind}:${h.id}`, h]));
    expect(Object.keys(byKind).sort()).toEqual(['concept:attention', 'log:2025-03-09', 'note:heads']);
    const log = byKind['log:2025-03-09'];
    expect(log.snippet.field).toBe('learned');
    expect(log.snippet.text).toBe('今日は注意機構の式を追った');
    expect(log.snippet.highlights).toEqual([{ start: 3, end: 7 }]);
    const { text, highlights } = byKind['note:heads'].snippet;
    expect(text.slice(highlights[0].start, highlights[0].end)).toBe('注意機構');
    // The concept whose title is 注意機構 ranks first.
    expect(hits[0]).toMatchObject({ kind: 'concept', id: 'attention', title: '注意機構' });
  });

  it('finds English words, case-insensitively, and full-width text through NFKC', async () => {
    await putNote(db, 'attention', 'The SOFTMAX turns scores into weights.');
    const hits = await find('Softmax');
    expect(hits.map((h) => `${h.kind}:${h.id}`)).toContain('note:attention');
    const h = hits.find((x) => x.kind === 'note')!;
    expect(h.snippet.text.slice(h.snippet.highlights[0].start, h.snippet.highlights[0].end)).toBe('SOFTMAX');
    expect((await find('ＳＯＦＴＭＡＸ')).map((x) => x.id)).toContain('attention');
    expect((await find('help')).map((x) => `${x.kind}:${x.id}`)).toContain('guide:help');
  });

  it('returns [] when nothing matches and 400 for an empty query', async () => {
    expect(await find('量子コンピュータ')).toEqual([]);
    expect(await find('zzzz')).toEqual([]);
    for (const path of ['/api/search', '/api/search?q=', '/api/search?q=%20%20', '/api/search?q=x&limit=0']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error).toMatch(/^(q|limit): /);
    }
  });
});
