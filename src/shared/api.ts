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
  importance: number;
  hours: Hours | null;
  estimated: ('hours' | 'importance')[];
  summary: Localized;
  body: Localized;
  whyHard: Localized | null;
  subconcepts: { id: string; title: Localized; source?: string }[];
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
