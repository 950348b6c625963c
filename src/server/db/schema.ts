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
}
