import { describe, expect, it } from 'vitest';
import type { RoadmapConceptDto } from '../../shared/api.ts';
import type { Level } from '../../shared/progress.ts';
import { layoutGraph, wrapTitle } from './graph-layout.ts';

function concept(
  id: string,
  week: number | null,
  prerequisites: string[] = [],
  level: Level = 'basic',
): RoadmapConceptDto {
  return {
    id,
    title: { ja: id, en: id },
    summary: { ja: '', en: '' },
    level,
    importance: 3,
    hours: null,
    week,
    parent: null,
    prerequisites,
    labs: [],
    status: 'not_started',
    changedAt: null,
    ready: true,
  };
}

const concepts = [
  concept('a', 1),
  concept('b', 1, ['a']),
  concept('c', 2, ['a'], 'intermediate'),
  concept('d', 2, ['c', 'b'], 'advanced'),
  concept('e', null, ['outside-the-roadmap']),
  concept('late', 3),
  concept('early-needs-late', 1, ['late']),
];
const title = (c: RoadmapConceptDto) => c.title.ja;

describe('layoutGraph', () => {
  it('puts each week in its own band of columns, in week order', () => {
    const layout = layoutGraph(concepts, 'week', title);
    expect(layout.groups.map((g) => g.key)).toEqual(['week:1', 'week:2', 'week:3', 'week:none']);
    for (let i = 1; i < layout.groups.length; i++) {
      const prev = layout.groups[i - 1];
      expect(layout.groups[i].x).toBeGreaterThanOrEqual(prev.x + prev.width);
    }
    const x = new Map(layout.nodes.map((n) => [n.id, n.x]));
    expect(x.get('b')!).toBeGreaterThan(x.get('a')!);
    expect(x.get('d')!).toBeGreaterThan(x.get('c')!);
  });

  it('draws only edges inside the roadmap, and flags those that point back in time', () => {
    const layout = layoutGraph(concepts, 'week', title);
    const edges = layout.edges.map((e) => `${e.from}>${e.to}${e.backward ? ' back' : ''}`).sort();
    expect(edges).toEqual(['a>b', 'a>c', 'b>d', 'c>d', 'late>early-needs-late back']);
    for (const e of layout.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  it('groups by level, and lays out without groups', () => {
    expect(layoutGraph(concepts, 'level', title).groups.map((g) => g.key)).toEqual([
      'level:basic',
      'level:intermediate',
      'level:advanced',
    ]);
    const flat = layoutGraph(concepts, 'none', title);
    expect(flat.groups).toEqual([]);
    expect(flat.nodes).toHaveLength(concepts.length);
    expect(flat.width).toBeGreaterThan(0);
  });
});

describe('wrapTitle', () => {
  it('keeps brackets with their words and cuts with an ellipsis', () => {
    expect(wrapTitle('事前学習（Pre-training）', 11.8)).toEqual(['事前学習', '（Pre-training）']);
    const long = wrapTitle('入力処理（トークン埋め込みと位置エンコーディング）', 11.8);
    expect(long).toHaveLength(2);
    expect(long[1].endsWith('…')).toBe(true);
  });
});
