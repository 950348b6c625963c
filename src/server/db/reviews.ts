// Self-check reviews with FSRS (ts-fsrs): one card per learner and reviewable item, one log row per
// answer. Items are 'question:<conceptId>/<questionId>' (content questions, graded here against the
// content: a client's "correct" is never trusted for them) and 'lab:<labId>' (a lab's generated
// exercise, graded by the lab's own check function). Also the daily queue, the questions of a
// concept without their answers, and retention statistics.
import { createEmptyCard, fsrs, Rating, State, type Card, type CardInput, type Grade } from 'ts-fsrs';
import type { Curriculum } from '../../curriculum/load.ts';
import type { Question } from '../../curriculum/schema.ts';
import type { Localized } from '../../shared/progress.ts';
import type {
  ConceptQuestionDto,
  LabExerciseDto,
  QuestionDto,
  ReviewCardDto,
  ReviewLogDto,
  ReviewQueueDto,
  ReviewQueueItemDto,
  ReviewResultDto,
  ReviewRevealDto,
  ReviewStatsDto,
  RetentionDto,
} from '../../shared/api.ts';
import type { Db } from './open.ts';
import { LOCAL_LEARNER, listProgress } from './progress.ts';
import { addDays, localDay } from './log.ts';
import type { ReviewCardTable, ReviewLogTable, ReviewRating, ReviewState } from './schema.ts';

export const RATINGS = ['again', 'hard', 'good', 'easy'] as const satisfies readonly ReviewRating[];

/** What the review code needs of a lab (the registry's LabDef has it). */
export interface ReviewLab {
  id: string;
  title: Localized;
  concepts: string[];
  exercise(seed: number): { question: Localized; inputs: Record<string, unknown>; check(answer: number): { correct: boolean; expected: number } };
}

export type ParsedItem = { kind: 'question'; conceptId: string; questionId: string } | { kind: 'lab'; labId: string };

export type ResolvedItem =
  | { kind: 'question'; item: string; conceptId: string; question: Question }
  | { kind: 'lab'; item: string; lab: ReviewLab };

/** A problem with the request: a 400 naming `field`. */
export class ReviewInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ReviewInputError';
  }
}

/** An item that names nothing in the content or the lab registry: a 404. */
export class UnknownItemError extends Error {
  override name = 'UnknownItemError';
}

const ID = '[a-z0-9]+(?:-[a-z0-9]+)*';
const QUESTION_ITEM = new RegExp(`^question:(${ID})/(${ID})$`);
const LAB_ITEM = new RegExp(`^lab:(${ID})$`);

export const questionItem = (conceptId: string, questionId: string) => `question:${conceptId}/${questionId}`;
export const labItem = (labId: string) => `lab:${labId}`;

/** Parses an item id; undefined when it is not of either form. */
export function parseItem(item: string): ParsedItem | undefined {
  let m = QUESTION_ITEM.exec(item);
  if (m) return { kind: 'question', conceptId: m[1], questionId: m[2] };
  m = LAB_ITEM.exec(item);
  if (m) return { kind: 'lab', labId: m[1] };
  return undefined;
}

/** Finds what an item names. Throws ReviewInputError (malformed) or UnknownItemError. */
export function resolveItem(curriculum: Curriculum, labs: readonly ReviewLab[], item: string): ResolvedItem {
  const parsed = parseItem(item);
  if (!parsed) throw new ReviewInputError('item', `expected "question:<conceptId>/<questionId>" or "lab:<labId>", got ${JSON.stringify(item)}`);
  if (parsed.kind === 'lab') {
    const lab = labs.find((l) => l.id === parsed.labId);
    if (!lab) throw new UnknownItemError(`item "${item}" does not exist (no lab "${parsed.labId}"; known: ${labs.map((l) => l.id).join(', ') || 'none'})`);
    return { kind: 'lab', item, lab };
  }
  if (!curriculum.concepts.has(parsed.conceptId)) throw new UnknownItemError(`item "${item}" does not exist (no concept "${parsed.conceptId}")`);
  const question = curriculum.questions.get(parsed.conceptId)?.find((q) => q.id === parsed.questionId);
  if (!question) throw new UnknownItemError(`item "${item}" does not exist (concept "${parsed.conceptId}" has no question "${parsed.questionId}")`);
  return { kind: 'question', item, conceptId: parsed.conceptId, question };
}

/** A question without its answer: no `correct` flags, no explanations, no numeric answer. */
export function publicQuestion(conceptId: string, q: Question): QuestionDto {
  const item = questionItem(conceptId, q.id);
  if (q.kind === 'choice') {
    return { kind: 'choice', item, conceptId, id: q.id, prompt: q.prompt, options: q.options.map((o) => ({ id: o.id, text: o.text })) };
  }
  return { kind: 'numeric', item, conceptId, id: q.id, prompt: q.prompt, tolerance: q.tolerance, ...(q.unit !== undefined ? { unit: q.unit } : {}) };
}

/** Grades an answer to a content question. Throws ReviewInputError('answer', …) for a wrong kind of answer. */
export function gradeQuestion(q: Question, answer: string | number | undefined): { correct: boolean; reveal: ReviewRevealDto } {
  if (q.kind === 'choice') {
    const ids = q.options.map((o) => o.id);
    if (typeof answer !== 'string' || !ids.includes(answer)) {
      throw new ReviewInputError('answer', `expected an option id, one of ${ids.map((x) => `"${x}"`).join(', ')}${answer === undefined ? '' : `, got ${JSON.stringify(answer)}`}`);
    }
    const right = q.options.find((o) => o.correct)!;
    return {
      correct: answer === right.id,
      reveal: { kind: 'choice', chosen: answer, correctOption: right.id, options: q.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct, explanation: o.explanation })) },
    };
  }
  if (typeof answer !== 'number' || !Number.isFinite(answer)) {
    throw new ReviewInputError('answer', `expected a number${answer === undefined ? '' : `, got ${JSON.stringify(answer)}`}`);
  }
  // A hair of slack for decimal answers (0.1 + 0.2); tolerance 0 still means exact to the eye.
  const slack = 1e-9 * Math.max(1, Math.abs(q.answer));
  return {
    correct: Math.abs(answer - q.answer) <= q.tolerance + slack,
    reveal: { kind: 'numeric', given: answer, answer: q.answer, tolerance: q.tolerance, ...(q.unit !== undefined ? { unit: q.unit } : {}), explanation: q.explanation },
  };
}

// ---- FSRS ----

/** Default FSRS-6 parameters: 90 % target retention, learning steps 1m/10m, relearning 10m, no fuzz. */
const scheduler = fsrs();

const GRADE: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };
const stateName = (s: State): ReviewState => State[s] as ReviewState;

function toCardInput(row: ReviewCardTable): CardInput {
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsed_days: row.elapsed_days,
    scheduled_days: row.scheduled_days,
    learning_steps: row.learning_steps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    last_review: row.last_review,
  };
}

function cardDto(row: ReviewCardTable): ReviewCardDto {
  return {
    item: row.item,
    state: row.state,
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    scheduledDays: row.scheduled_days,
    reps: row.reps,
    lapses: row.lapses,
    lastReview: row.last_review,
  };
}

function logDto(row: ReviewLogTable & { id: number }): ReviewLogDto {
  return {
    id: row.id,
    item: row.item,
    answer: row.answer === null ? null : (JSON.parse(row.answer) as string | number),
    correct: row.correct === 1,
    rating: row.rating,
    state: row.state,
    reviewedAt: row.reviewed_at,
    reviewedOn: row.reviewed_on,
    nextDue: row.next_due,
    scheduledDays: row.scheduled_days,
  };
}

export async function getCard(db: Db, item: string, learner = LOCAL_LEARNER): Promise<ReviewCardDto | null> {
  const row = await db.selectFrom('review_card').selectAll().where('learner_id', '=', learner).where('item', '=', item).executeTakeFirst();
  return row ? cardDto(row) : null;
}

export async function listCards(db: Db, learner = LOCAL_LEARNER): Promise<ReviewCardDto[]> {
  const rows = await db.selectFrom('review_card').selectAll().where('learner_id', '=', learner).orderBy('due').orderBy('item').execute();
  return rows.map(cardDto);
}

/** Which rating FSRS gets: a wrong answer is always 'again'; a right one the learner's rating or 'good'. */
export function ratingFor(correct: boolean, rating: ReviewRating | undefined): ReviewRating {
  return correct ? (rating ?? 'good') : 'again';
}

/**
 * Records one answer: schedules the card with FSRS at `now` (a new card starts at `now`), stores the
 * card and a log row in one transaction. `correct` must already be decided by the caller's grading.
 */
export async function recordReview(
  db: Db,
  item: string,
  r: { correct: boolean; rating?: ReviewRating; answer?: string | number },
  now: Date = new Date(),
  learner = LOCAL_LEARNER,
): Promise<{ rating: ReviewRating; card: ReviewCardDto; log: ReviewLogDto }> {
  const rating = ratingFor(r.correct, r.rating);
  const at = now.toISOString();
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('review_card').selectAll().where('learner_id', '=', learner).where('item', '=', item).executeTakeFirst();
    const before: CardInput | Card = row ? toCardInput(row) : createEmptyCard(now);
    const { card, log } = scheduler.next(before, now, GRADE[rating]);
    const values = {
      state: stateName(card.state),
      due: card.due.toISOString(),
      stability: card.stability,
      difficulty: card.difficulty,
      elapsed_days: card.elapsed_days,
      scheduled_days: card.scheduled_days,
      learning_steps: card.learning_steps,
      reps: card.reps,
      lapses: card.lapses,
      last_review: card.last_review ? card.last_review.toISOString() : at,
      updated_at: at,
    };
    await tx
      .insertInto('review_card')
      .values({ learner_id: learner, item, ...values, created_at: at })
      .onConflict((oc) => oc.columns(['learner_id', 'item']).doUpdateSet(values))
      .execute();
    const logRow = {
      learner_id: learner,
      item,
      answer: r.answer === undefined ? null : JSON.stringify(r.answer),
      correct: r.correct ? 1 : 0,
      rating,
      state: stateName(log.state),
      due: log.due.toISOString(),
      stability: log.stability,
      difficulty: log.difficulty,
      elapsed_days: log.elapsed_days,
      last_elapsed_days: log.last_elapsed_days,
      scheduled_days: log.scheduled_days,
      learning_steps: log.learning_steps,
      reviewed_at: at,
      reviewed_on: localDay(now),
      next_due: values.due,
    };
    const inserted = await tx.insertInto('review_log').values(logRow).returning('id').executeTakeFirstOrThrow();
    const saved = await tx.selectFrom('review_card').selectAll().where('learner_id', '=', learner).where('item', '=', item).executeTakeFirstOrThrow();
    return { rating, card: cardDto(saved), log: logDto({ ...logRow, id: Number(inserted.id) }) };
  });
}

/** Grades (questions here; labs by their check function when seed and answer are given) and records. */
export async function answerItem(
  db: Db,
  resolved: ResolvedItem,
  input: { answer?: string | number; correct?: boolean; rating?: ReviewRating; seed?: number },
  now: Date = new Date(),
  learner = LOCAL_LEARNER,
): Promise<ReviewResultDto> {
  let correct: boolean;
  let reveal: ReviewRevealDto | undefined;
  if (resolved.kind === 'question') {
    if (input.answer === undefined) throw new ReviewInputError('answer', `required for question items (${resolved.question.kind === 'choice' ? 'an option id' : 'a number'}); the server grades it`);
    ({ correct, reveal } = gradeQuestion(resolved.question, input.answer));
  } else if (input.seed !== undefined) {
    if (typeof input.answer !== 'number' || !Number.isFinite(input.answer)) throw new ReviewInputError('answer', 'expected a number (the answer to the exercise generated with "seed")');
    const check = resolved.lab.exercise(input.seed).check(input.answer);
    correct = check.correct;
    reveal = { kind: 'lab', given: input.answer, expected: check.expected };
  } else {
    if (typeof input.correct !== 'boolean') throw new ReviewInputError('correct', 'expected true or false (what the lab\'s check function said), or send "seed" and a numeric "answer"');
    correct = input.correct;
  }
  const { rating, card, log } = await recordReview(db, resolved.item, { correct, rating: input.rating, answer: input.answer }, now, learner);
  return { item: resolved.item, correct, rating, ...(reveal ? { reveal } : {}), log, card, nextDue: card.due };
}

// ---- what to ask ----

/** The concept's questions without answers, each with its card. */
export async function conceptQuestions(db: Db, curriculum: Curriculum, conceptId: string, learner = LOCAL_LEARNER): Promise<ConceptQuestionDto[]> {
  const questions = curriculum.questions.get(conceptId) ?? [];
  if (questions.length === 0) return [];
  const items = questions.map((q) => questionItem(conceptId, q.id));
  const rows = await db.selectFrom('review_card').selectAll().where('learner_id', '=', learner).where('item', 'in', items).execute();
  const byItem = new Map(rows.map((r) => [r.item, cardDto(r)]));
  return questions.map((q) => ({ question: publicQuestion(conceptId, q), card: byItem.get(questionItem(conceptId, q.id)) ?? null }));
}

/** Local midnight at the start of `day` + n days, as an instant. */
function startOfDay(day: string, n = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + n);
}

/** A seed for a lab exercise that changes with each review of the card (FNV-1a of item and reps). */
export function labSeed(item: string, reps: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${item}#${reps}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function labExercise(lab: ReviewLab, seed: number): LabExerciseDto {
  const ex = lab.exercise(seed);
  return { labId: lab.id, title: lab.title, seed, question: ex.question, inputs: ex.inputs };
}

function itemConcepts(curriculum: Curriculum, labs: readonly ReviewLab[], item: string): string[] {
  const p = parseItem(item);
  if (!p) return [];
  if (p.kind === 'question') return [p.conceptId];
  return labs.find((l) => l.id === p.labId)?.concepts.filter((c) => curriculum.concepts.has(c)) ?? [];
}

/** New items (never reviewed) of the concepts being studied: in_progress first, then done. */
async function newItems(db: Db, curriculum: Curriculum, labs: readonly ReviewLab[], reviewed: ReadonlySet<string>, learner: string): Promise<ResolvedItem[]> {
  const progress = await listProgress(db, learner);
  const studying = [...curriculum.concepts.keys()]
    .filter((id) => ['in_progress', 'done'].includes(progress.get(id)?.status ?? ''))
    .sort((a, b) => Number(progress.get(a)!.status === 'done') - Number(progress.get(b)!.status === 'done'));
  const out: ResolvedItem[] = [];
  const seen = new Set<string>();
  for (const conceptId of studying) {
    for (const question of curriculum.questions.get(conceptId) ?? []) {
      const item = questionItem(conceptId, question.id);
      if (!reviewed.has(item)) out.push({ kind: 'question', item, conceptId, question });
    }
    const concept = curriculum.concepts.get(conceptId)!;
    for (const lab of labs) {
      const item = labItem(lab.id);
      if (seen.has(item) || reviewed.has(item)) continue;
      if (lab.concepts.includes(conceptId) || concept.labs.includes(lab.id)) {
        seen.add(item);
        out.push({ kind: 'lab', item, lab });
      }
    }
  }
  return out;
}

function queueEntry(curriculum: Curriculum, labs: readonly ReviewLab[], r: ResolvedItem, card: ReviewCardDto | null): ReviewQueueItemDto {
  const base = { item: r.item, isNew: card === null, due: card?.due ?? null, state: card?.state ?? 'New', conceptIds: itemConcepts(curriculum, labs, r.item) } as const;
  return r.kind === 'question'
    ? { ...base, kind: 'question', question: publicQuestion(r.conceptId, r.question) }
    : { ...base, kind: 'lab', lab: labExercise(r.lab, labSeed(r.item, card?.reps ?? 0)) };
}

/**
 * Today's queue: cards due by the end of `today` (local time), most overdue first, then new
 * questions and lab exercises of the concepts being studied; at most `limit` in all. A card in a
 * short (re)learning step (minutes) is due only once its time has come when `today` is the day of
 * `now`; `laterToday` says when the next such card comes back. Cards whose item no longer exists
 * in the content are left out.
 */
export async function reviewQueue(
  db: Db,
  curriculum: Curriculum,
  labs: readonly ReviewLab[],
  today: string,
  limit: number,
  now: Date = new Date(),
  learner = LOCAL_LEARNER,
): Promise<ReviewQueueDto> {
  const rows = await db.selectFrom('review_card').selectAll().where('learner_id', '=', learner).orderBy('due').orderBy('item').execute();
  const end = startOfDay(today, 1).getTime();
  const stepsCutoff = today === localDay(now) ? now.getTime() : end;
  const due: ReviewQueueItemDto[] = [];
  let laterToday: string | null = null;
  for (const row of rows) {
    const t = Date.parse(row.due);
    if (t >= end) continue;
    let resolved: ResolvedItem;
    try {
      resolved = resolveItem(curriculum, labs, row.item);
    } catch {
      continue;
    }
    const stepping = row.state === 'Learning' || row.state === 'Relearning';
    if (stepping && t > stepsCutoff) {
      if (laterToday === null || row.due < laterToday) laterToday = row.due;
      continue;
    }
    due.push(queueEntry(curriculum, labs, resolved, cardDto(row)));
  }
  const fresh = await newItems(db, curriculum, labs, new Set(rows.map((r) => r.item)), learner);
  const items = due.slice(0, limit);
  for (const r of fresh) {
    if (items.length >= limit) break;
    items.push(queueEntry(curriculum, labs, r, null));
  }
  return { today, items, dueCount: due.length, newCount: fresh.length, laterToday };
}

// ---- statistics ----

const rate = (reviews: number, correct: number): RetentionDto => ({ reviews, correct, rate: reviews ? correct / reviews : null });

export async function reviewStats(db: Db, curriculum: Curriculum, labs: readonly ReviewLab[], today: string, learner = LOCAL_LEARNER): Promise<ReviewStatsDto> {
  const from = addDays(today, -29);
  const [logs, cards] = await Promise.all([
    db
      .selectFrom('review_log')
      .select(['item', 'correct', 'reviewed_on'])
      .where('learner_id', '=', learner)
      .where('reviewed_on', '>=', from)
      .where('reviewed_on', '<=', today)
      .execute(),
    db.selectFrom('review_card').select(['item', 'state', 'due']).where('learner_id', '=', learner).execute(),
  ]);
  const byConcept = new Map<string, { reviews: number; correct: number }>();
  const byDay = new Map<string, { reviews: number; correct: number }>();
  let correct = 0;
  for (const l of logs) {
    correct += l.correct;
    for (const c of itemConcepts(curriculum, labs, l.item)) {
      const x = byConcept.get(c) ?? { reviews: 0, correct: 0 };
      x.reviews++;
      x.correct += l.correct;
      byConcept.set(c, x);
    }
    const d = byDay.get(l.reviewed_on) ?? { reviews: 0, correct: 0 };
    d.reviews++;
    d.correct += l.correct;
    byDay.set(l.reviewed_on, d);
  }
  const endToday = startOfDay(today, 1).getTime();
  const endWeek = startOfDay(today, 7).getTime();
  const states: Record<ReviewState, number> = { New: 0, Learning: 0, Review: 0, Relearning: 0 };
  let dueToday = 0;
  let dueWeek = 0;
  for (const c of cards) {
    states[c.state]++;
    const t = Date.parse(c.due);
    if (t < endToday) dueToday++;
    if (t < endWeek) dueWeek++;
  }
  const fresh = await newItems(db, curriculum, labs, new Set(cards.map((c) => c.item)), learner);
  return {
    today,
    retention: {
      ...rate(logs.length, correct),
      from,
      to: today,
      byConcept: [...byConcept]
        .map(([conceptId, x]) => ({ conceptId, ...rate(x.reviews, x.correct) }))
        .sort((a, b) => b.reviews - a.reviews || a.conceptId.localeCompare(b.conceptId)),
    },
    due: { today: dueToday, week: dueWeek, newAvailable: fresh.length },
    cards: { ...states, total: cards.length },
    perDay: [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, x]) => ({ date, ...x })),
  };
}
