// The web app's HTTP client: typed GET/PUT against /api, and the one error type the views render
// (network down, 404, other server errors). No caching; each view fetches what it shows.
import type {
  BackupDto,
  ConceptDto,
  GuideDto,
  ImportResultDto,
  LogEntryDto,
  LogEntryInput,
  LogImportResultDto,
  LogStatsDto,
  MilestoneChecklistDto,
  MilestoneItemUpdate,
  NoteDto,
  RoadmapMilestonesDto,
  ConceptQuestionDto,
  ReviewInput,
  ReviewQueueDto,
  ReviewResultDto,
  ReviewStatsDto,
  SearchHitDto,
  NextUpDto,
  ProgressDto,
  ProgressUpdate,
  RoadmapDto,
  RoadmapSummaryDto,
} from '../shared/api.ts';

export class ApiFailure extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
  get notFound(): boolean {
    return this.status === 404;
  }
  get network(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init?.headers } });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiFailure(0, (err as Error).message);
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: a proxy error page, or the SPA's index.html when the API is missing.
  }
  if (!res.ok) {
    const message =
      body && typeof body === 'object' && 'error' in body
        ? String(body.error)
        : `HTTP ${res.status}`;
    throw new ApiFailure(res.status, message);
  }
  if (body === undefined) throw new ApiFailure(502, 'the server did not answer with JSON');
  return body as T;
}

const enc = encodeURIComponent;

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

export type DayName = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const DAY_NAMES: DayName[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The plan API's shapes (src/server/plan-routes.ts; not in src/shared/api.ts). */
export interface PlanItem {
  conceptId: string;
  hours: number;
  /** Only when study days were set: the days this concept is studied in this week. */
  days?: { date: string; day: DayName; hours: number }[];
}
export interface PlanWeek {
  week: number;
  start: string;
  hours: number;
  items: PlanItem[];
}
export interface Plan {
  weeks: PlanWeek[];
  optimistic_finish: string;
  pessimistic_finish: string;
  milestones: { id: string; week: number }[];
}
export interface PlanSettingsInput {
  start: string;
  hoursPerWeek: number;
  days?: DayName[];
}
export interface PlanDto {
  saved: boolean;
  settings: { start: string; hoursPerWeek: number; days?: string[] };
  today: string;
  currentWeek: number;
  original: Plan;
  current: Plan;
  burndown: { week: number; end: string; planned: number; actual: number | null }[];
  hoursBehind: number;
  suggestions: { conceptId: string; importance: number; hours: number }[];
}

export interface ConceptListItem {
  id: string;
  title: { ja: string; en: string };
  level: string;
  importance: number;
  status: string;
}

/** The learner's calendar day, YYYY-MM-DD, in local time (as the server counts days). */
export function localDay(d: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export const api = {
  roadmaps: (signal?: AbortSignal) => request<RoadmapSummaryDto[]>('/api/roadmaps', { signal }),
  roadmap: (id: string, signal?: AbortSignal) =>
    request<RoadmapDto>(`/api/roadmaps/${enc(id)}`, { signal }),
  concept: (id: string, signal?: AbortSignal) =>
    request<ConceptDto>(`/api/concepts/${enc(id)}`, { signal }),
  next: (limit: number, signal?: AbortSignal) =>
    request<NextUpDto[]>(`/api/next?limit=${limit}`, { signal }),
  guides: (signal?: AbortSignal) => request<GuideDto[]>('/api/guides', { signal }),
  guide: (id: string, signal?: AbortSignal) =>
    request<GuideDto>(`/api/guides/${enc(id)}`, { signal }),
  setProgress: (conceptId: string, update: ProgressUpdate) =>
    request<ProgressDto>(`/api/progress/${enc(conceptId)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(update),
    }),
  concepts: (signal?: AbortSignal) => request<ConceptListItem[]>('/api/concepts', { signal }),

  plan: (roadmapId: string, signal?: AbortSignal) =>
    request<PlanDto>(`/api/plan/${enc(roadmapId)}`, { signal }),
  savePlan: (roadmapId: string, settings: PlanSettingsInput) =>
    request<PlanDto>(`/api/plan/${enc(roadmapId)}`, json('PUT', settings)),
  planIcsUrl: (roadmapId: string, lang: string) =>
    `/api/plan/${enc(roadmapId)}/ics?lang=${lang === 'en' ? 'en' : 'ja'}`,

  log: (signal?: AbortSignal) => request<LogEntryDto[]>('/api/log', { signal }),
  logStats: (today: string, from: string, roadmap: string | null, signal?: AbortSignal) =>
    request<LogStatsDto>(
      `/api/log/stats?today=${today}&from=${from}&to=${today}` +
        (roadmap ? `&roadmap=${enc(roadmap)}` : ''),
      { signal },
    ),
  saveLog: (date: string, entry: LogEntryInput) =>
    request<LogEntryDto>(`/api/log/${enc(date)}`, json('PUT', entry)),
  deleteLog: (date: string) =>
    request<{ deleted: string }>(`/api/log/${enc(date)}`, { method: 'DELETE' }),
  logExportUrl: (lang: string) => `/api/log/export.md?lang=${lang === 'en' ? 'en' : 'ja'}`,
  importLog: (markdown: string) =>
    request<LogImportResultDto>('/api/log/import?mode=merge', {
      method: 'POST',
      headers: { 'Content-Type': 'text/markdown; charset=utf-8' },
      body: markdown,
    }),
  exportAllUrl: () => '/api/export',
  importAll: (backup: BackupDto) => request<ImportResultDto>('/api/import', json('POST', backup)),

  milestones: (roadmapId: string, signal?: AbortSignal) =>
    request<RoadmapMilestonesDto>(`/api/milestones/${enc(roadmapId)}`, { signal }),
  saveMilestoneItem: (
    roadmapId: string,
    milestoneId: string,
    itemId: string,
    update: MilestoneItemUpdate,
  ) =>
    request<MilestoneChecklistDto>(
      `/api/milestones/${enc(roadmapId)}/${enc(milestoneId)}/${enc(itemId)}`,
      json('PUT', update),
    ),

  note: (conceptId: string, signal?: AbortSignal) =>
    request<NoteDto>(`/api/notes/${enc(conceptId)}`, { signal }),
  saveNote: (conceptId: string, body: string) =>
    request<NoteDto>(`/api/notes/${enc(conceptId)}`, json('PUT', { body })),

  reviewQueue: (limit: number, signal?: AbortSignal) =>
    request<ReviewQueueDto>(`/api/reviews/queue?today=${localDay()}&limit=${limit}`, { signal }),
  reviewStats: (signal?: AbortSignal) =>
    request<ReviewStatsDto>(`/api/reviews/stats?today=${localDay()}`, { signal }),
  answer: (input: ReviewInput) => request<ReviewResultDto>('/api/reviews', json('POST', input)),
  conceptQuestions: (conceptId: string, signal?: AbortSignal) =>
    request<ConceptQuestionDto[]>(`/api/concepts/${enc(conceptId)}/questions`, { signal }),
  search: (q: string, signal?: AbortSignal) =>
    request<SearchHitDto[]>(`/api/search?q=${enc(q)}&limit=50`, { signal }),
};
