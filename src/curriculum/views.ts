// Turns the curriculum plus a learner's progress into the DTOs the API and the command line return.
// Pure: no I/O.
import type { Curriculum } from './load.ts';
import type { Concept, Roadmap } from './schema.ts';
import type {
  ConceptDto,
  ConceptLinkDto,
  NextUpDto,
  ProgressDto,
  RoadmapConceptDto,
  RoadmapDto,
  RoadmapSummaryDto,
} from '../shared/api.ts';
import { STATUSES, type Status } from '../shared/progress.ts';

export type ProgressMap = Map<string, ProgressDto>;

const statusOf = (progress: ProgressMap, id: string): Status => progress.get(id)?.status ?? 'not_started';
const finished = (s: Status) => s === 'done' || s === 'skipped';

function emptyProgress(conceptId: string): ProgressDto {
  return { conceptId, status: 'not_started', changedAt: null, startedAt: null, completedAt: null, subconcepts: {}, history: [] };
}

function countStatuses(r: Roadmap, progress: ProgressMap): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const e of r.entries) counts[statusOf(progress, e.concept)]++;
  return counts;
}

export function roadmapSummary(r: Roadmap, progress: ProgressMap): RoadmapSummaryDto {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    source: r.source,
    weeks: r.weeks,
    totalHours: r.totalHours ?? null,
    conceptCount: r.entries.length,
    counts: countStatuses(r, progress),
  };
}

export function roadmapConcepts(c: Curriculum, r: Roadmap, progress: ProgressMap): RoadmapConceptDto[] {
  return r.entries.map((e) => {
    const concept = c.concepts.get(e.concept)!;
    return {
      id: concept.id,
      title: concept.title,
      summary: concept.summary,
      level: concept.level,
      ...(concept.levelTo ? { levelTo: concept.levelTo } : {}),
      importance: e.importance ?? concept.importance,
      hours: e.hours ?? concept.hours ?? null,
      week: e.week ?? null,
      parent: concept.parent ?? null,
      prerequisites: concept.prerequisites,
      labs: concept.labs,
      status: statusOf(progress, concept.id),
      changedAt: progress.get(concept.id)?.changedAt ?? null,
      // Every prerequisite counts, in this roadmap or not: a concept is ready when all are done.
      ready: concept.prerequisites.every((p) => finished(statusOf(progress, p))),
    };
  });
}

export function roadmapDetail(c: Curriculum, r: Roadmap, progress: ProgressMap): RoadmapDto {
  return {
    ...roadmapSummary(r, progress),
    weeklyHours: r.weeklyHours,
    concepts: roadmapConcepts(c, r, progress),
    sections: r.sections,
    milestones: r.milestones,
    orderings: r.orderings,
  };
}

function link(c: Curriculum, id: string, progress: ProgressMap): ConceptLinkDto {
  const concept = c.concepts.get(id)!;
  return { id, title: concept.title, status: statusOf(progress, id) };
}

export function conceptDetail(
  c: Curriculum,
  concept: Concept,
  progress: ProgressMap,
  availableLabs: ReadonlySet<string> = new Set(),
): ConceptDto {
  const all = [...c.concepts.values()];
  return {
    id: concept.id,
    parent: concept.parent ? link(c, concept.parent, progress) : null,
    children: all.filter((x) => x.parent === concept.id).map((x) => link(c, x.id, progress)),
    title: concept.title,
    level: concept.level,
    ...(concept.levelTo ? { levelTo: concept.levelTo } : {}),
    importance: concept.importance,
    hours: concept.hours ?? null,
    estimated: concept.estimated,
    summary: concept.summary,
    body: concept.body,
    whyHard: concept.whyHard ?? null,
    subconcepts: concept.subconcepts,
    prerequisites: concept.prerequisites.map((p) => link(c, p, progress)),
    unlocks: all.filter((x) => x.prerequisites.includes(concept.id)).map((x) => link(c, x.id, progress)),
    sources: concept.sources,
    labs: concept.labs.map((id) => ({ id, available: availableLabs.has(id) })),
    resources: concept.resources.map(({ title, url, lang }) => ({ title, url, lang })),
    roadmaps: [...c.roadmaps.values()]
      .map((r) => ({ r, e: r.entries.find((e) => e.concept === concept.id) }))
      .filter(({ e }) => e !== undefined)
      .map(({ r, e }) => ({ id: r.id, title: r.title, week: e!.week ?? null })),
    progress: progress.get(concept.id) ?? emptyProgress(concept.id),
  };
}

/**
 * "Next up": concepts not yet done or skipped whose prerequisites (all of them, in any roadmap) are
 * all done or skipped, most important first, then in roadmap order. A concept in several roadmaps
 * appears once. With `roadmapId`, the roadmap's own ready concepts, and also the ready concepts of
 * other roadmaps that its concepts wait for (directly or through other prerequisites), so a roadmap
 * that builds on another never has an empty "next up"; those carry the roadmap they belong to.
 */
export function nextUp(c: Curriculum, progress: ProgressMap, limit = 10, roadmapId?: string): NextUpDto[] {
  const seen = new Set<string>();
  const candidates: (NextUpDto & { order: number })[] = [];
  const views = new Map<string, Map<string, RoadmapConceptDto>>();
  const viewOf = (r: Roadmap) => {
    let v = views.get(r.id);
    if (!v) views.set(r.id, (v = new Map(roadmapConcepts(c, r, progress).map((x) => [x.id, x]))));
    return v;
  };
  const add = (rid: string, concept: RoadmapConceptDto, order: number) => {
    if (!concept.ready || finished(concept.status) || seen.has(concept.id)) return;
    seen.add(concept.id);
    candidates.push({ roadmapId: rid, concept, order });
  };
  for (const r of c.roadmaps.values()) {
    if (roadmapId !== undefined && r.id !== roadmapId) continue;
    [...viewOf(r).values()].forEach((concept, order) => add(r.id, concept, order));
  }
  const target = roadmapId === undefined ? undefined : c.roadmaps.get(roadmapId);
  if (target) {
    const members = new Set(target.entries.map((e) => e.concept));
    target.entries.forEach((e, order) => {
      // Unfinished prerequisites outside the roadmap, followed back to the ones that are ready.
      const stack = (c.concepts.get(e.concept)?.prerequisites ?? []).filter((p) => !members.has(p));
      const visited = new Set<string>();
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (visited.has(id) || members.has(id) || finished(statusOf(progress, id))) continue;
        visited.add(id);
        const prereqs = c.concepts.get(id)?.prerequisites ?? [];
        if (prereqs.every((p) => finished(statusOf(progress, p)))) {
          const home = [...c.roadmaps.values()].find((r) => r.entries.some((x) => x.concept === id));
          if (home) add(home.id, viewOf(home).get(id)!, order);
        } else stack.push(...prereqs);
      }
    });
  }
  candidates.sort((a, b) => {
    const inProgress = Number(b.concept.status === 'in_progress') - Number(a.concept.status === 'in_progress');
    return inProgress || b.concept.importance - a.concept.importance || a.order - b.order;
  });
  return candidates.slice(0, limit).map(({ roadmapId: rid, concept }) => ({ roadmapId: rid, concept }));
}
