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
