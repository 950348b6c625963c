// Lays out a roadmap's prerequisite graph with dagre, left to right. Grouping by week or level
// gives each group its own band of columns, in order (week 1 before week 2, 基礎 before 中級): we
// assign the ranks, dagre orders and places the nodes and routes the edges. Pure: no DOM, no React.
import dagre from '@dagrejs/dagre';
import type { RoadmapConceptDto } from '../../shared/api.ts';
import { LEVELS } from '../../shared/progress.ts';

export type Grouping = 'week' | 'level' | 'none';

export const NODE_W = 188;
export const NODE_H = 56;
const LABEL_H = 22;

export interface GraphNode {
  id: string;
  concept: RoadmapConceptDto;
  x: number; // centre
  y: number;
  lines: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  points: { x: number; y: number }[];
  /** A prerequisite placed to the right of what needs it (content that goes back in time). */
  backward?: boolean;
}

export interface GraphGroup {
  key: string;
  x: number; // top-left
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  width: number;
  height: number;
}

/** The group a concept falls in: 'week:3', 'week:none', 'level:basic'; null when not grouping. */
export function groupKey(c: RoadmapConceptDto, grouping: Grouping): string | null {
  if (grouping === 'week') return `week:${c.week ?? 'none'}`;
  if (grouping === 'level') return `level:${c.level}`;
  return null;
}

function groupOrder(key: string): number {
  const [kind, value] = key.split(':');
  if (kind === 'level') return LEVELS.indexOf(value as (typeof LEVELS)[number]);
  return value === 'none' ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** Width of a string in em: CJK and full-width characters are 1, the rest about 0.56. */
function emWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.56;
  return w;
}

/** Breaks a title into at most `maxLines` lines of `maxEm` em, with an ellipsis when cut. */
export function wrapTitle(title: string, maxEm: number, maxLines = 2): string[] {
  const lines: string[] = [];
  let line = '';
  // Break between words for Latin text and anywhere for Japanese.
  const raw = title.match(/[A-Za-z0-9][A-Za-z0-9.\-/+'’]*\s*|[^A-Za-z0-9]/g) ?? [title];
  // NOTE: kinsoku: closing brackets, punctuation and small kana never start a line, opening
  // brackets never end one; glue them to their neighbour.
  const parts: string[] = [];
  for (const p of raw) {
    const prev = parts[parts.length - 1];
    if (prev && (/^[）)」』、。，．・ー…\]ァィゥェォャュョッ]/.test(p) || /[（(「『[]$/.test(prev)))
      parts[parts.length - 1] += p;
    else parts.push(p);
  }
  for (const part of parts) {
    if (emWidth(line + part.trimEnd()) > maxEm && line) {
      lines.push(line.trimEnd());
      line = part.trimStart();
    } else {
      line += part;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (emWidth(last + '…') > maxEm && last.length > 1) last = last.slice(0, -1);
  kept[maxLines - 1] = last + '…';
  return kept;
}

/**
 * Ranks (columns) when grouping: the groups take disjoint ranges of columns, in order, and inside a
 * group a concept sits one column right of its latest prerequisite. Edges from a later group to an
 * earlier one cannot point right; they are returned as `backward` and drawn apart.
 */
function groupedRanks(
  concepts: RoadmapConceptDto[],
  keyOf: (c: RoadmapConceptDto) => string,
  keys: string[],
) {
  const byId = new Map(concepts.map((c) => [c.id, c]));
  const groupIndex = new Map(keys.map((k, i) => [k, i]));
  const gi = (c: RoadmapConceptDto) => groupIndex.get(keyOf(c)) ?? 0;
  const rank = new Map<string, number>();
  const backward: [string, string][] = [];
  let start = 0;
  for (const key of keys) {
    const members = concepts.filter((c) => keyOf(c) === key);
    const visiting = new Set<string>();
    // Longest path inside the group; iterative so a long chain cannot overflow the stack.
    const place = (root: RoadmapConceptDto) => {
      const stack: RoadmapConceptDto[] = [root];
      while (stack.length) {
        const c = stack[stack.length - 1];
        if (rank.has(c.id)) {
          stack.pop();
          continue;
        }
        visiting.add(c.id);
        const pending = c.prerequisites
          .map((p) => byId.get(p))
          .filter(
            (p): p is RoadmapConceptDto =>
              !!p && gi(p) === gi(c) && !rank.has(p.id) && !visiting.has(p.id),
          );
        if (pending.length) {
          stack.push(...pending);
          continue;
        }
        let r = start;
        for (const p of c.prerequisites) {
          const pr = rank.get(p);
          if (pr !== undefined && gi(byId.get(p)!) <= gi(c)) r = Math.max(r, pr + 1);
        }
        rank.set(c.id, r);
        visiting.delete(c.id);
        stack.pop();
      }
    };
    members.forEach(place);
    start = Math.max(start, ...members.map((c) => rank.get(c.id)! + 1));
  }
  for (const c of concepts) {
    for (const p of c.prerequisites) {
      const pr = rank.get(p);
      if (pr !== undefined && pr >= rank.get(c.id)!) backward.push([p, c.id]);
    }
  }
  return { rank, backward };
}

export function layoutGraph(
  concepts: RoadmapConceptDto[],
  grouping: Grouping,
  titleOf: (c: RoadmapConceptDto) => string,
): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  const ids = new Set(concepts.map((c) => c.id));
  const keyOf = (c: RoadmapConceptDto) => groupKey(c, grouping) ?? '';
  const keys =
    grouping === 'none'
      ? []
      : [...new Set(concepts.map(keyOf))].sort((a, b) => groupOrder(a) - groupOrder(b));
  const ranked = keys.length ? groupedRanks(concepts, keyOf, keys) : null;
  const isBackward = (from: string, to: string) =>
    !!ranked?.backward.some(([f, t]) => f === from && t === to);

  // NOTE: ranker 'none' makes dagre keep the ranks we set (its types do not list the value).
  // dagre doubles every edge's minlen to make room for edge labels, so our ranks are doubled too.
  g.setGraph({
    rankdir: 'LR',
    nodesep: 14,
    edgesep: 8,
    ranksep: 56,
    marginx: 12,
    marginy: 12 + (keys.length ? LABEL_H + 8 : 0),
    ranker: (ranked ? 'none' : 'network-simplex') as 'network-simplex',
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const c of concepts)
    g.setNode(c.id, {
      width: NODE_W,
      height: NODE_H,
      ...(ranked ? { rank: 2 * ranked.rank.get(c.id)! } : {}),
    });
  for (const c of concepts) {
    for (const p of c.prerequisites)
      if (ids.has(p) && p !== c.id && !isBackward(p, c.id)) g.setEdge(p, c.id);
  }

  dagre.layout(g);

  const nodes: GraphNode[] = concepts.map((c) => {
    const n = g.node(c.id);
    return {
      id: c.id,
      concept: c,
      x: n.x ?? 0,
      y: n.y ?? 0,
      lines: wrapTitle(titleOf(c), (NODE_W - 34) / 13),
    };
  });
  const at = new Map(nodes.map((n) => [n.id, n]));
  const edges: GraphEdge[] = g
    .edges()
    .map((e) => ({ from: e.v, to: e.w, points: g.edge(e).points ?? [] }));
  for (const [from, to] of ranked?.backward ?? []) {
    const a = at.get(from)!;
    const b = at.get(to)!;
    // Drawn from the prerequisite's bottom to the dependent's bottom, as a dashed arc.
    edges.push({
      from,
      to,
      backward: true,
      points: [
        { x: a.x, y: a.y + NODE_H / 2 },
        { x: b.x, y: b.y + NODE_H / 2 },
      ],
    });
  }
  const graph = g.graph();
  const height = graph.height ?? 0;
  const half = 56 / 2 - 3;
  const groups: GraphGroup[] = keys.map((key) => {
    const xs = nodes.filter((n) => keyOf(n.concept) === key).map((n) => n.x);
    const x0 = Math.min(...xs) - NODE_W / 2 - half;
    const x1 = Math.max(...xs) + NODE_W / 2 + half;
    return { key, x: x0, y: 4, width: x1 - x0, height: height - 8 };
  });
  return { nodes, edges, groups, width: graph.width ?? 0, height };
}
