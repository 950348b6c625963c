// The web app's HTTP client: typed GET/PUT against /api, and the one error type the views render
// (network down, 404, other server errors). No caching; each view fetches what it shows.
import type {
  ConceptDto,
  GuideDto,
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
};
