// The JSON the HTTP API returns and accepts. The server builds these; the web app and the command
// line read them. Texts are Localized ({ ja, en }); dates are ISO 8601 strings in UTC.
import type { Level, Localized, Status } from './progress.ts';

export interface Hours {
  min: number;
  max: number;
}

export interface SourceRef {
  seed: '000' | '001' | '002' | '003' | '004';
  section: string;
  label: string;
}

/** A learner's progress on one concept. Dates are when the status last changed. */
export interface ProgressDto {
  conceptId: string;
  status: Status;
  /** When the status was last changed (null when never touched). */
  changedAt: string | null;
  /** First time the concept was set to in_progress (or done, if it skipped that). */
  startedAt: string | null;
  /** When the concept was last set to done (null unless done). */
  completedAt: string | null;
  /** Sub-concept checks: id → ISO date when checked. Unchecked ones are absent. */
  subconcepts: Record<string, string>;
  /** Every status change, oldest first. */
  history: { status: Status; at: string }[];
}

export interface RoadmapSummaryDto {
  id: string;
  title: Localized;
  description: Localized;
  source: string;
  weeks: number;
  totalHours: Hours | null;
  conceptCount: number;
  counts: Record<Status, number>;
}

export interface RoadmapConceptDto {
  id: string;
  title: Localized;
  summary: Localized;
  level: Level;
  /** The upper end of a level range ("基礎-中級": level basic, levelTo intermediate), when it is one. */
  levelTo?: Level;
  importance: number;
  /** Hours in this roadmap (entry hours, else the concept's), null when none. */
  hours: Hours | null;
  week: number | null;
  parent: string | null;
  prerequisites: string[];
  labs: string[];
  status: Status;
  changedAt: string | null;
  /** True when every prerequisite inside this roadmap is done or skipped. */
  ready: boolean;
}

export interface SectionDto {
  id: string;
  title: Localized;
  description?: Localized;
  weeks?: { from: number; to: number };
  hours?: Hours;
  weeklyHours?: Hours;
  concepts: string[];
  source?: string;
}

export interface DeliverableDto {
  id: string;
  title: Localized;
  artifact?: string;
  source: string;
}

export interface MilestoneDto {
  id: string;
  title: Localized;
  week: number;
  concepts: string[];
  deliverables: DeliverableDto[];
  conditions: DeliverableDto[];
  source: string;
}

export interface RoadmapDto extends RoadmapSummaryDto {
  weeklyHours: { recommended: Hours; minimum?: Hours };
  concepts: RoadmapConceptDto[];
  sections: SectionDto[];
  milestones: MilestoneDto[];
  orderings: { id: string; title: Localized; concepts: string[]; source: string }[];
}

export interface ConceptLinkDto {
  id: string;
  title: Localized;
  status: Status;
}

export interface ConceptDto {
  id: string;
  parent: ConceptLinkDto | null;
  children: ConceptLinkDto[];
  title: Localized;
  level: Level;
  /** The upper end of a level range, when it is one. */
  levelTo?: Level;
  importance: number;
  hours: Hours | null;
  estimated: ('hours' | 'importance')[];
  summary: Localized;
  body: Localized;
  whyHard: Localized | null;
  /** `concept`: the concept this checklist item is, when the curriculum has it as one of its own. */
  subconcepts: { id: string; title: Localized; source?: string; concept?: string }[];
  prerequisites: ConceptLinkDto[];
  /** Concepts that list this one as a prerequisite. */
  unlocks: ConceptLinkDto[];
  sources: SourceRef[];
  labs: { id: string; available: boolean }[];
  resources: { title: string; url: string; lang: 'ja' | 'en' }[];
  roadmaps: { id: string; title: Localized; week: number | null }[];
  progress: ProgressDto;
}

export interface NextUpDto {
  roadmapId: string;
  concept: RoadmapConceptDto;
}

export interface GuideDto {
  id: string;
  title: Localized;
  source: string;
  roadmap?: string;
  blocks: unknown[];
}

/** PUT /api/progress/:conceptId */
export interface ProgressUpdate {
  status?: Status;
  /** Sub-concept id → checked. */
  subconcepts?: Record<string, boolean>;
}

export interface ApiError {
  error: string;
}

// ---- The learning loop: log, milestones, notes, backup ----------------------------------------
// Days are `YYYY-MM-DD` (the learner's calendar day); change times are ISO 8601 timestamps.

/** The four Markdown fields of 002's learning-log template (field names as in its guide). */
export const LOG_FIELDS = ['learned', 'implemented', 'blockers', 'next'] as const;
export type LogField = (typeof LOG_FIELDS)[number];

/** One day of the learning log. GET /api/log/:date, an item of GET /api/log. */
export interface LogEntryDto {
  date: string;
  minutes: number;
  /** 今日学んだこと (Markdown) */
  learned: string;
  /** 実装したこと (Markdown) */
  implemented: string;
  /** つまずいた点と解決法 (Markdown) */
  blockers: string;
  /** 明日の目標 (Markdown) */
  next: string;
  /** Concept ids touched that day, in the learner's order. */
  concepts: string[];
  createdAt: string;
  /** Unchanged when a save changes nothing. */
  updatedAt: string;
}

/** PUT /api/log/:date — replaces that day's entry (absent texts become ''; concepts default []). */
export interface LogEntryInput {
  minutes: number;
  learned?: string;
  implemented?: string;
  blockers?: string;
  next?: string;
  concepts?: string[];
}

/** GET /api/log/stats?today=YYYY-MM-DD&from=&to=&roadmap= */
export interface LogStatsDto {
  today: string;
  from: string;
  to: string;
  /** Consecutive days with ≥ 1 minute ending today or yesterday (0 when neither has minutes). */
  streak: { current: number; longest: number; lastDay: string | null };
  totalMinutes: number;
  /** Days in [from, to] that have an entry (sparse, ascending): for the calendar heat map. */
  days: { date: string; minutes: number }[];
  /** Monday-start weeks overlapping [from, to] that have minutes, ascending. */
  weeks: { weekStart: string; minutes: number; days: number }[];
  /** The roadmap's recommended weekly hours in minutes, when ?roadmap= is given. */
  weeklyTargetMinutes: { min: number; max: number } | null;
}

/** POST /api/log/import (body: Markdown; ?mode=merge|replace) */
export interface LogImportResultDto {
  mode: 'merge' | 'replace';
  entries: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Entries removed because mode=replace and the file did not have their day. */
  removed: number;
}

export interface MilestoneItemDto {
  id: string;
  kind: 'deliverable' | 'condition';
  title: Localized;
  artifact?: string;
  source: string;
  done: boolean;
  /** 完了日, YYYY-MM-DD, null unless done. */
  completedAt: string | null;
  /** The learner's work (repository, slides): an http(s) URL or null. */
  link: string | null;
  updatedAt: string | null;
}

export interface MilestoneChecklistDto {
  roadmapId: string;
  milestoneId: string;
  title: Localized;
  week: number;
  concepts: string[];
  items: MilestoneItemDto[];
  doneCount: number;
  total: number;
}

/** GET /api/milestones/:roadmapId (GET /api/milestones: one per roadmap) */
export interface RoadmapMilestonesDto {
  roadmapId: string;
  milestones: MilestoneChecklistDto[];
}

/**
 * PUT /api/milestones/:roadmapId/:milestoneId/:itemId (or, for several,
 * PUT /api/milestones/:roadmapId/:milestoneId with { items: { [itemId]: MilestoneItemUpdate } }).
 * done: true keeps an existing 完了日 or sets today; done: false clears it; a completedAt date
 * means done. link: '' or null clears it.
 */
export interface MilestoneItemUpdate {
  done?: boolean;
  completedAt?: string | null;
  link?: string | null;
}

/** GET/PUT /api/notes/:conceptId. Raw Markdown; sanitize when rendering. */
export interface NoteDto {
  conceptId: string;
  body: string;
  /** null when the concept has no note yet. */
  createdAt: string | null;
  updatedAt: string | null;
}

/** GET /api/export, POST /api/import: every table of the learner database, rows as stored. */
export interface BackupDto {
  format: 'shirube-backup';
  version: 1;
  exportedAt: string;
  /** Migrations applied in the database that was exported. */
  migrations: string[];
  tables: Record<string, Record<string, string | number | null>[]>;
}

export interface ImportResultDto {
  tables: Record<string, number>;
}

// ---- Self-check reviews (FSRS) and search ------------------------------------------------------
// A reviewable item is 'question:<conceptId>/<questionId>' (a content question, graded by the
// server) or 'lab:<labId>' (a lab's generated exercise, graded by the lab's check function).

export type ReviewRatingName = 'again' | 'hard' | 'good' | 'easy';
export type ReviewStateName = 'New' | 'Learning' | 'Review' | 'Relearning';

/** A content question as the learner sees it: no `correct` flags, no answer, no explanations. */
export type QuestionDto =
  | {
      kind: 'choice';
      /** 'question:<conceptId>/<questionId>', what POST /api/reviews takes. */
      item: string;
      conceptId: string;
      id: string;
      prompt: Localized;
      options: { id: string; text: Localized }[];
    }
  | {
      kind: 'numeric';
      item: string;
      conceptId: string;
      id: string;
      prompt: Localized;
      /** Accepted absolute error (0: exact). */
      tolerance: number;
      unit?: string;
    };

/** The FSRS card of one item (null fields: never reviewed). */
export interface ReviewCardDto {
  item: string;
  state: ReviewStateName;
  /** When it is next due (ISO 8601). */
  due: string;
  stability: number;
  difficulty: number;
  /** Days until due, as scheduled at the last review (0 while learning within the day). */
  scheduledDays: number;
  reps: number;
  lapses: number;
  lastReview: string | null;
}

/** GET /api/concepts/:id/questions: each question with its card (null before the first answer). */
export interface ConceptQuestionDto {
  question: QuestionDto;
  card: ReviewCardDto | null;
}

/** A lab exercise as the queue hands it out; generate it in the browser with lab.exercise(seed). */
export interface LabExerciseDto {
  labId: string;
  title: Localized;
  seed: number;
  question: Localized;
  inputs: Record<string, unknown>;
}

/** One entry of GET /api/reviews/queue. */
export interface ReviewQueueItemDto {
  item: string;
  kind: 'question' | 'lab';
  /** True when never reviewed (a new question of a concept being studied). */
  isNew: boolean;
  /** Due time (ISO 8601); null for new items. */
  due: string | null;
  state: ReviewStateName;
  /** Concepts this item checks (a question's concept; a lab's concepts). */
  conceptIds: string[];
  question?: QuestionDto;
  lab?: LabExerciseDto;
}

/** GET /api/reviews/queue?today=YYYY-MM-DD&limit=N */
export interface ReviewQueueDto {
  today: string;
  /** Due items first (most overdue first), then new ones, at most `limit` in all. */
  items: ReviewQueueItemDto[];
  /** Counts before the limit was applied. */
  dueCount: number;
  newCount: number;
  /**
   * When the next card in a short learning step (answered wrong or new, minutes ago) comes back
   * today; null when none. Fetch the queue again then.
   */
  laterToday: string | null;
}

/**
 * POST /api/reviews. For 'question:' items send `answer` (the option id for choice questions, a
 * number for numeric ones); the server grades it and ignores `correct`. For 'lab:' items send
 * `correct` as the lab's check function said — or `seed` and a numeric `answer`, and the server
 * checks it with the same function. `rating` defaults to 'good' when right; a wrong answer is
 * always 'again'.
 */
export interface ReviewInput {
  item: string;
  answer?: string | number;
  correct?: boolean;
  rating?: ReviewRatingName;
  seed?: number;
}

/** One review as stored: the card's state before it, and the due time it set. */
export interface ReviewLogDto {
  id: number;
  item: string;
  /** What was answered (null when the client only said right or wrong). */
  answer: string | number | null;
  correct: boolean;
  rating: ReviewRatingName;
  /** The card's state before this review. */
  state: ReviewStateName;
  reviewedAt: string;
  /** The learner's calendar day of the review, YYYY-MM-DD. */
  reviewedOn: string;
  nextDue: string;
  scheduledDays: number;
}

/** What POST /api/reviews reveals after a question is answered. */
export type ReviewRevealDto =
  | {
      kind: 'choice';
      chosen: string;
      /** The id of the right option. */
      correctOption: string;
      options: { id: string; text: Localized; correct: boolean; explanation: Localized }[];
    }
  | { kind: 'numeric'; given: number; answer: number; tolerance: number; unit?: string; explanation: Localized }
  | { kind: 'lab'; given: number; expected: number };

/** The answer to POST /api/reviews. */
export interface ReviewResultDto {
  item: string;
  correct: boolean;
  rating: ReviewRatingName;
  /** Absent for lab items the client graded itself. */
  reveal?: ReviewRevealDto;
  log: ReviewLogDto;
  card: ReviewCardDto;
  /** = card.due */
  nextDue: string;
}

export interface RetentionDto {
  reviews: number;
  correct: number;
  /** correct / reviews; null without reviews. */
  rate: number | null;
}

/** GET /api/reviews/stats?today=YYYY-MM-DD */
export interface ReviewStatsDto {
  today: string;
  /** Reviews of the last 30 days (today and the 29 before). */
  retention: RetentionDto & {
    from: string;
    to: string;
    /** Per concept (a lab review counts for each of its concepts), most reviewed first. */
    byConcept: (RetentionDto & { conceptId: string })[];
  };
  due: {
    /** Cards due by the end of today (overdue included). */
    today: number;
    /** Cards due by the end of the 7 days starting today (today's included). */
    week: number;
    /** New questions waiting in concepts being studied. */
    newAvailable: number;
  };
  cards: Record<ReviewStateName, number> & { total: number };
  /** Days of the last 30 with reviews, ascending. */
  perDay: { date: string; reviews: number; correct: number }[];
}

export type SearchKind = 'concept' | 'guide' | 'note' | 'log';

/** GET /api/search?q=…&limit=N, best first. */
export interface SearchHitDto {
  kind: SearchKind;
  /** Concept id, guide id, the note's concept id, or the log entry's date. */
  id: string;
  /** Japanese title (a note's concept title; a log entry's date). */
  title: string;
  titleEn: string;
  /** Text around the best match; highlights are [start, end) offsets into `text`. */
  snippet: { field: string; text: string; highlights: { start: number; end: number }[] };
  score: number;
}
