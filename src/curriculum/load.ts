// Loads content/ (concepts, roadmaps, guides), validates every file against the schema and checks
// the graph: every reference resolves and prerequisites have no cycle. Pure of HTTP and SQL.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { conceptSchema, roadmapSchema, guideSchema, questionFileSchema } from './schema.ts';
import type { Concept, Roadmap, Guide, Question, QuestionFile } from './schema.ts';

export const DEFAULT_CONTENT_DIR = fileURLToPath(new URL('../../content', import.meta.url));

export interface Curriculum {
  concepts: Map<string, Concept>;
  roadmaps: Map<string, Roadmap>;
  guides: Map<string, Guide>;
  /** Self-check questions by concept id (content/questions/<concept-id>.yaml). */
  questions: Map<string, Question[]>;
}

/** One problem in one file: which file, which field, what was expected. */
export interface ContentIssue {
  file: string;
  field: string;
  message: string;
}

export class ContentError extends Error {
  constructor(readonly issues: ContentIssue[]) {
    super(
      `content is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  ${i.file}: ${i.field || '(file)'}: ${i.message}`).join('\n'),
    );
    this.name = 'ContentError';
  }
}

interface Loaded<T> {
  file: string;
  value: T;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function readFile<T>(
  path: string,
  schema: z.ZodType<T>,
  shown: string,
  issues: ContentIssue[],
): Loaded<T> | undefined {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    issues.push({ file: shown, field: '', message: `not valid YAML${where}: ${(err as Error).message.split('\n')[0]}` });
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      issues.push({ file: shown, field: fieldPath(issue.path), message: issue.message });
    }
    return undefined;
  }
  const id = (parsed.data as { id: string }).id;
  const expected = basename(path).replace(/\.ya?ml$/, '');
  if (id !== expected) {
    issues.push({ file: shown, field: 'id', message: `expected "${expected}" (the file name), got "${id}"` });
    return undefined;
  }
  return { file: shown, value: parsed.data };
}

function loadKind<T extends { id: string }>(
  dirs: string[],
  sub: string,
  schema: z.ZodType<T>,
  issues: ContentIssue[],
): Map<string, Loaded<T>> {
  const out = new Map<string, Loaded<T>>();
  for (const dir of dirs) {
    for (const path of yamlFiles(join(dir, sub))) {
      const shown = relative(process.cwd(), path) || path;
      const loaded = readFile(path, schema, shown, issues);
      if (!loaded) continue;
      const twin = out.get(loaded.value.id);
      if (twin) {
        issues.push({ file: shown, field: 'id', message: `"${loaded.value.id}" is already defined in ${twin.file}` });
        continue;
      }
      out.set(loaded.value.id, loaded);
    }
  }
  return out;
}

/** Finds one prerequisite cycle, as the list of ids around it, or undefined. Iterative DFS. */
export function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'closed'>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const deps = edges.get(top.id) ?? [];
      if (top.next >= deps.length) {
        state.set(top.id, 'closed');
        stack.pop();
        continue;
      }
      const dep = deps[top.next++];
      const s = state.get(dep);
      if (s === 'open') {
        const from = stack.findIndex((f) => f.id === dep);
        return [...stack.slice(from).map((f) => f.id), dep];
      }
      if (s === undefined && edges.has(dep)) {
        state.set(dep, 'open');
        stack.push({ id: dep, next: 0 });
      }
    }
  }
  return undefined;
}

function checkGraph(
  concepts: Map<string, Loaded<Concept>>,
  roadmaps: Map<string, Loaded<Roadmap>>,
  guides: Map<string, Loaded<Guide>>,
  questions: Map<string, Loaded<QuestionFile>>,
  issues: ContentIssue[],
): void {
  const known = (id: string) => concepts.has(id);
  const ref = (file: string, field: string, id: string) => {
    if (!known(id)) issues.push({ file, field, message: `unknown concept "${id}"` });
  };
  for (const { file, value: c } of concepts.values()) {
    if (c.parent !== undefined) ref(file, 'parent', c.parent);
    if (c.parent === c.id) issues.push({ file, field: 'parent', message: 'a concept cannot be its own parent' });
    c.prerequisites.forEach((p, i) => ref(file, `prerequisites[${i}]`, p));
    const seen = new Set<string>();
    c.subconcepts.forEach((s, i) => {
      if (seen.has(s.id)) issues.push({ file, field: `subconcepts[${i}].id`, message: `duplicate sub-concept id "${s.id}"` });
      seen.add(s.id);
      if (s.concept === undefined) return;
      if (s.concept === c.id) issues.push({ file, field: `subconcepts[${i}].concept`, message: `a sub-concept cannot point at its own concept "${c.id}"` });
      else ref(file, `subconcepts[${i}].concept`, s.concept);
    });
  }
  for (const { file, value: r } of roadmaps.values()) {
    const inRoadmap = new Set<string>();
    r.entries.forEach((e, i) => {
      ref(file, `entries[${i}].concept`, e.concept);
      if (inRoadmap.has(e.concept)) issues.push({ file, field: `entries[${i}].concept`, message: `"${e.concept}" is listed twice` });
      inRoadmap.add(e.concept);
    });
    const member = (field: string, id: string) => {
      if (!known(id)) ref(file, field, id);
      else if (!inRoadmap.has(id)) issues.push({ file, field, message: `"${id}" is not one of this roadmap's entries` });
    };
    r.sections.forEach((s, i) => s.concepts.forEach((c, j) => member(`sections[${i}].concepts[${j}]`, c)));
    r.milestones.forEach((m, i) => m.concepts.forEach((c, j) => member(`milestones[${i}].concepts[${j}]`, c)));
    const milestoneIds = new Set<string>();
    r.milestones.forEach((m, i) => {
      if (milestoneIds.has(m.id)) issues.push({ file, field: `milestones[${i}].id`, message: `duplicate milestone id "${m.id}"` });
      milestoneIds.add(m.id);
      const itemIds = new Set<string>();
      for (const [kind, items] of [['deliverables', m.deliverables], ['conditions', m.conditions]] as const) {
        items.forEach((d, j) => {
          if (itemIds.has(d.id)) issues.push({ file, field: `milestones[${i}].${kind}[${j}].id`, message: `duplicate item id "${d.id}" in milestone "${m.id}" (deliverables and conditions share one checklist)` });
          itemIds.add(d.id);
        });
      }
    });
    r.orderings.forEach((o, i) => o.concepts.forEach((c, j) => member(`orderings[${i}].concepts[${j}]`, c)));
  }
  for (const { file, value: g } of guides.values()) {
    if (g.roadmap !== undefined && !roadmaps.has(g.roadmap)) {
      issues.push({ file, field: 'roadmap', message: `unknown roadmap "${g.roadmap}"` });
    }
  }
  for (const { file, value: q } of questions.values()) {
    if (!known(q.id)) issues.push({ file, field: 'id', message: `unknown concept "${q.id}" (a question file is named after its concept)` });
    const seen = new Set<string>();
    q.questions.forEach((x, i) => {
      if (seen.has(x.id)) issues.push({ file, field: `questions[${i}].id`, message: `duplicate question id "${x.id}"` });
      seen.add(x.id);
    });
  }
  const edges = new Map([...concepts.values()].map(({ value: c }) => [c.id, c.prerequisites]));
  const cycle = findCycle(edges);
  if (cycle) {
    const file = concepts.get(cycle[0])?.file ?? 'content/concepts';
    issues.push({ file, field: 'prerequisites', message: `prerequisite cycle: ${cycle.join(' → ')}` });
  }
}

/**
 * Loads and validates the curriculum from one or more content directories (later directories add
 * roadmaps and concepts of their own). Throws ContentError listing every problem found.
 */
export function loadCurriculum(dirs: string[] = [DEFAULT_CONTENT_DIR]): Curriculum {
  const issues: ContentIssue[] = [];
  const concepts = loadKind(dirs, 'concepts', conceptSchema, issues);
  const roadmaps = loadKind(dirs, 'roadmaps', roadmapSchema, issues);
  const guides = loadKind(dirs, 'guides', guideSchema, issues);
  const questions = loadKind(dirs, 'questions', questionFileSchema, issues);
  if (issues.length === 0) checkGraph(concepts, roadmaps, guides, questions, issues);
  if (issues.length > 0) throw new ContentError(issues);
  const values = <T>(m: Map<string, Loaded<T>>) => new Map([...m].map(([k, v]) => [k, v.value]));
  return {
    concepts: values(concepts),
    roadmaps: values(roadmaps),
    guides: values(guides),
    questions: new Map([...questions].map(([k, v]) => [k, v.value.questions])),
  };
}

/**
 * Content directories: the built-in one (or SHIRUBE_CONTENT_DIR in its place) plus SHIRUBE_CONTENT,
 * a ':'-separated list of directories with roadmaps and concepts of one's own.
 */
export function contentDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.SHIRUBE_CONTENT ?? '').split(':').filter(Boolean);
  return [env.SHIRUBE_CONTENT_DIR || DEFAULT_CONTENT_DIR, ...extra];
}
