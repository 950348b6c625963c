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
