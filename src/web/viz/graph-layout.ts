// Lays out a roadmap's prerequisite graph with dagre, left to right. Grouping by week or level
// puts each group in a dagre cluster; an invisible chain of label nodes, one per cluster, keeps the
// clusters in order (week 1 before week 2, 基礎 before 中級). Pure: no DOM, no React.
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
}

export interface GraphGroup {
  key: string;
  x: number; // top-left
  y: number;
  width: number;
  height: number;
  /** Where dagre placed the group's label node (left edge, vertical centre). */
  labelX: number;
  labelY: number;
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
  const parts = title.match(/[A-Za-z0-9][A-Za-z0-9.\-/+'’]*\s*|[^A-Za-z0-9]/g) ?? [title];
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

export function layoutGraph(
  concepts: RoadmapConceptDto[],
  grouping: Grouping,
  titleOf: (c: RoadmapConceptDto) => string,
  groupLabelWidth: (key: string) => number,
): GraphLayout {
  const g = new dagre.graphlib.Graph({ compound: grouping !== 'none', multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 56, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));

  const ids = new Set(concepts.map((c) => c.id));
  for (const c of concepts) g.setNode(c.id, { width: NODE_W, height: NODE_H });

  const keys = [...new Set(concepts.map((c) => groupKey(c, grouping)).filter((k): k is string => k !== null))];
  keys.sort((a, b) => groupOrder(a) - groupOrder(b));
  for (const key of keys) {
    g.setNode(`group:${key}`, { paddingTop: LABEL_H });
    g.setNode(`label:${key}`, { width: Math.max(groupLabelWidth(key), 40), height: LABEL_H });
    g.setParent(`label:${key}`, `group:${key}`);
  }
  for (const c of concepts) {
    const key = groupKey(c, grouping);
    if (key) g.setParent(c.id, `group:${key}`);
  }
  for (const c of concepts) {
    for (const p of c.prerequisites) if (ids.has(p) && p !== c.id) g.setEdge(p, c.id);
  }
  // Invisible: keeps the groups in order from left to right.
  for (let i = 1; i < keys.length; i++) g.setEdge(`label:${keys[i - 1]}`, `label:${keys[i]}`, { weight: 4 });

  dagre.layout(g);

  const nodes: GraphNode[] = concepts.map((c) => {
    const n = g.node(c.id);
    return { id: c.id, concept: c, x: n.x ?? 0, y: n.y ?? 0, lines: wrapTitle(titleOf(c), (NODE_W - 34) / 13) };
  });
  const edges: GraphEdge[] = g
    .edges()
    .filter((e) => ids.has(e.v) && ids.has(e.w))
    .map((e) => ({ from: e.v, to: e.w, points: g.edge(e).points ?? [] }));
  const groups: GraphGroup[] = keys.map((key) => {
    // The cluster box is computed from its members, label node included.
    const members = g.children(`group:${key}`).map((id) => g.node(id));
    const pad = 8;
    const x0 = Math.min(...members.map((m) => (m.x ?? 0) - m.width / 2)) - pad;
    const y0 = Math.min(...members.map((m) => (m.y ?? 0) - m.height / 2)) - pad;
    const x1 = Math.max(...members.map((m) => (m.x ?? 0) + m.width / 2)) + pad;
    const y1 = Math.max(...members.map((m) => (m.y ?? 0) + m.height / 2)) + pad;
    const label = g.node(`label:${key}`);
    return { key, x: x0, y: y0, width: x1 - x0, height: y1 - y0, labelX: (label.x ?? 0) - label.width / 2, labelY: label.y ?? 0 };
  });
  const graph = g.graph();
  const minX = Math.min(0, ...groups.map((gr) => gr.x));
  const minY = Math.min(0, ...groups.map((gr) => gr.y));
  const shift = <P extends { x: number; y: number }>(p: P): P => ({ ...p, x: p.x - minX, y: p.y - minY });
  return {
    nodes: nodes.map(shift),
    edges: edges.map((e) => ({ ...e, points: e.points.map(shift) })),
    groups: groups.map((gr) => ({ ...shift(gr), labelX: gr.labelX - minX, labelY: gr.labelY - minY })),
    width: Math.max(graph.width ?? 0, ...groups.map((gr) => gr.x + gr.width)) - minX + 4,
    height: Math.max(graph.height ?? 0, ...groups.map((gr) => gr.y + gr.height)) - minY + 4,
  };
}
