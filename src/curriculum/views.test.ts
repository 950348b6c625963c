// "Next up" on the real content, against lists picked by hand from the prerequisite edges in
// content/concepts/*.yaml. The edges this relies on:
//   linear-algebra, math-foundations, probability-statistics, python-basics, tokenization: none
//   calculus-optimization ← linear-algebra;  perceptron ← linear-algebra
//   neural-network-basics ← linear-algebra, calculus-optimization
//   transformer-architecture, transformer-basic-structure, transfer-learning, rnn-to-transformer
//     ← neural-network-basics (which is in llm-understanding, not in llm-basics-6w)
//   embeddings ← linear-algebra, probability-statistics;  rl-basics ← probability-statistics
//   vector-search ← embeddings, python-basics (python-basics is only in llm-apps-12m)
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from './load.ts';
import { nextUp, roadmapConcepts, type ProgressMap } from './views.ts';
import type { Status } from '../shared/progress.ts';

const c = loadCurriculum();

function progressOf(statuses: Record<string, Status>): ProgressMap {
  return new Map(
    Object.entries(statuses).map(([conceptId, status]) => [
      conceptId,
      { conceptId, status, changedAt: '2026-01-05T00:00:00.000Z', startedAt: null, completedAt: null, subconcepts: {}, history: [] },
    ]),
  );
}
const ids = (list: { concept: { id: string } }[]) => list.map((n) => n.concept.id).sort();

describe('nextUp: every prerequisite counts, across roadmaps', () => {
  it('offers only the concepts without prerequisites to a new learner', () => {
    const next = nextUp(c, new Map(), 100);
    expect(ids(next)).toEqual(['linear-algebra', 'math-foundations', 'probability-statistics', 'python-basics', 'tokenization']);
    // ★5 first: linear-algebra, python-basics, tokenization; then the ★4 ones.
    expect(ids(next.slice(0, 3))).toEqual(['linear-algebra', 'python-basics', 'tokenization']);
    expect(next.map((n) => n.concept.id)).not.toContain('transformer-architecture');
  });

  it('does not mark transformer-architecture ready in llm-basics-6w while neural-network-basics is not done', () => {
    const ta = (p: ProgressMap) => roadmapConcepts(c, c.roadmaps.get('llm-basics-6w')!, p).find((x) => x.id === 'transformer-architecture')!;
    expect(ta(new Map()).ready).toBe(false);
    expect(ta(progressOf({ 'neural-network-basics': 'done' })).ready).toBe(true);
  });

  it('opens what the finished concepts unlock, and skipped counts as finished', () => {
    let next = nextUp(c, progressOf({ 'linear-algebra': 'done', 'calculus-optimization': 'skipped' }), 100);
    expect(ids(next)).toEqual(['math-foundations', 'neural-network-basics', 'perceptron', 'probability-statistics', 'python-basics', 'tokenization']);
    next = nextUp(c, progressOf({ 'linear-algebra': 'done', 'calculus-optimization': 'done', 'neural-network-basics': 'done' }), 100);
    for (const id of ['transformer-architecture', 'transformer-basic-structure', 'transfer-learning', 'rnn-to-transformer', 'perceptron']) {
      expect(next.map((n) => n.concept.id)).toContain(id);
    }
    // still waiting for probability-statistics
    expect(next.map((n) => n.concept.id)).not.toContain('embeddings');
  });

  it("for one roadmap, leads to the other roadmaps' concepts it waits for", () => {
    // Nothing in llm-basics-6w is ready for a new learner; what it waits for and can start now:
    const next = nextUp(c, new Map(), 100, 'llm-basics-6w');
    expect(next.map((n) => [n.concept.id, n.roadmapId]).sort()).toEqual([
      ['linear-algebra', 'llm-understanding'],
      ['probability-statistics', 'llm-understanding'],
      ['python-basics', 'llm-apps-12m'],
    ]);
    const after = nextUp(c, progressOf({ 'linear-algebra': 'done', 'calculus-optimization': 'done', 'neural-network-basics': 'done' }), 100, 'llm-basics-6w');
    expect(after.find((n) => n.concept.id === 'transformer-architecture')?.roadmapId).toBe('llm-basics-6w');
  });
});

describe('level ranges reach the DTOs', () => {
  it("000's 基礎-中級 group carries levelTo beside level", () => {
    const c = loadCurriculum();
    const concepts = roadmapConcepts(c, c.roadmaps.get('llm-basics-6w')!, new Map());
    const training = concepts.find((x) => x.id === 'training-process')!;
    expect([training.level, training.levelTo]).toEqual(['basic', 'intermediate']);
    expect(concepts.find((x) => x.id === 'self-attention')!.levelTo).toBeUndefined();
  });
});
