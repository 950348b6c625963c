// The tables, as Kysely sees them. Written for SQLite today and PostgreSQL later: ISO 8601 text
// dates, no SQLite-only types.
import type { Status } from '../../shared/progress.ts';

export interface ProgressTable {
  learner_id: string;
  concept_id: string;
  status: Status;
  changed_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface ProgressEventTable {
  id: number | undefined;
  learner_id: string;
  concept_id: string;
  status: Status;
  at: string;
}

export interface SubconceptCheckTable {
  learner_id: string;
  concept_id: string;
  subconcept_id: string;
  checked_at: string;
}

export interface Database {
  progress: ProgressTable;
  progress_event: ProgressEventTable;
  subconcept_check: SubconceptCheckTable;
  log_entry: LogEntryTable;
  log_entry_concept: LogEntryConceptTable;
  milestone_check: MilestoneCheckTable;
  note: NoteTable;
  plan_setting: PlanSettingTable;
  review_card: ReviewCardTable;
  review_log: ReviewLogTable;
}

/** One learning-log day (002's template). The four texts are Markdown; `date` is YYYY-MM-DD. */
export interface LogEntryTable {
  learner_id: string;
  date: string;
  minutes: number;
  learned: string;
  implemented: string;
  blockers: string;
  next: string;
  created_at: string;
  updated_at: string;
}

/** A concept a log entry touched; `position` keeps the learner's order. */
export interface LogEntryConceptTable {
  learner_id: string;
  date: string;
  concept_id: string;
  position: number;
}

/** A milestone deliverable or condition: 完了日 (YYYY-MM-DD, null when not done) and a link. */
export interface MilestoneCheckTable {
  learner_id: string;
  roadmap_id: string;
  milestone_id: string;
  item_id: string;
  completed_on: string | null;
  link: string | null;
  updated_at: string;
}

/** One raw-Markdown note per concept (sanitized when rendered, never when stored). */
export interface NoteTable {
  learner_id: string;
  concept_id: string;
  body: string;
  created_at: string;
  updated_at: string;
}

/** The plan a learner set for a roadmap: start day, weekly hours, study days (comma-separated). */
export interface PlanSettingTable {
  learner_id: string;
  roadmap_id: string;
  start: string;
  hours_per_week: number;
  days: string;
  updated_at: string;
}

/** FSRS states as ts-fsrs names them. */
export type ReviewState = 'New' | 'Learning' | 'Review' | 'Relearning';
export type ReviewRating = 'again' | 'hard' | 'good' | 'easy';

/**
 * One reviewable item's FSRS card: `item` is 'question:<conceptId>/<questionId>' or 'lab:<labId>'.
 * Columns are ts-fsrs's Card fields; `due` and `last_review` are ISO 8601 timestamps.
 */
export interface ReviewCardTable {
  learner_id: string;
  item: string;
  state: ReviewState;
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  last_review: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * One answer: what was answered (JSON, null when the client only said right or wrong), whether it
 * was right, the rating given to FSRS, the card as it was before (ts-fsrs's ReviewLog), when, and
 * the new due time.
 */
export interface ReviewLogTable {
  id: number | undefined;
  learner_id: string;
  item: string;
  answer: string | null;
  /** 1 right, 0 wrong. */
  correct: number;
  rating: ReviewRating;
  state: ReviewState;
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  last_elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reviewed_at: string;
  /** The learner's calendar day of reviewed_at, YYYY-MM-DD. */
  reviewed_on: string;
  next_due: string;
}
