import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { stepTensor } from '../trace.ts';
import { expectRejected, stepIds } from '../test-support.ts';
import { beamSearch } from './beam.ts';
import { exercise } from './exercise.ts';

/** Every sequence of `steps` tokens, scored independently: Σ log p by an explicit softmax. */
function exhaustive(logits: number[][], start: number, steps: number) {
  const V = logits.length;
  const lp = (i: number, j: number) => {
    const z = logits[i].reduce((s, v) => s + Math.exp(v), 0);
    return Math.log(Math.exp(logits[i][j]) / z);
  };
  let best = { tokens: [] as number[], score: -Infinity };
  for (let code = 0; code < V ** steps; code++) {
    const seq: number[] = [];
    for (let s = 0, c = code; s < steps; s++, c = Math.floor(c / V)) seq.unshift(c % V);
    let score = 0,
      prev = start;
    for (const t of seq) {
      score += lp(prev, t);
      prev = t;
    }
    if (score > best.score + 1e-12) best = { tokens: seq, score };
  }
  return best;
}

describe('beam-search lab', () => {
  it('steps in order; two beams find 猫 が where greedy takes 私', () => {
    const t = runLab('beam-search', {}, 0);
    expect(stepIds(t)).toEqual(['log_probs', 'candidates', 'beam_scores', 'beam_tokens', 'best']);
    const ex = exhaustive((t.params as { logits: number[][] }).logits, 0, 3);
    expect(t.result.data).toEqual(ex.tokens);
    const best = t.steps.find((s) => s.id === 'best')!;
    expect(best.tensors.greedy.data[0]).toBe(1); // 私
    expect(t.result.data.slice(0, 2)).toEqual([2, 3]); // 猫 が
    expect(stepTensor(t, 'beam_scores').shape).toEqual([3, 2]);
    expect(stepTensor(t, 'beam_scores').data[4]).toBeCloseTo(ex.score, 10);
  });

  it('a beam as wide as all sequences is exhaustive search; narrower beams never beat it', () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
    for (let trial = 0; trial < 20; trial++) {
      const V = 3;
      const logits = Array.from({ length: V }, () => Array.from({ length: V }, rnd));
      const ex = exhaustive(logits, 0, 3);
      const full = runLab('beam-search', { logits, beams: V ** 2, steps: 3 }, 0);
      expect(full.result.data).toEqual(ex.tokens);
      for (const w of [1, 2]) {
        const t = runLab('beam-search', { logits, beams: w, steps: 3 }, 0);
        const score = stepTensor(t, 'beam_scores').data[2 * w];
        expect(score).toBeLessThanOrEqual(ex.score + 1e-12);
      }
    }
  });

  it('keeps ties by beam order then lower id; rejects bad params', () => {
    const { history } = beamSearch(() => [0, 0, 0], [0], 2, 1);
    expect(history[0].beams.map((b) => b.tokens)).toEqual([[0], [1]]);
    expectRejected('beam-search', { logits: [[1, 2]] }, 'logits');
    expectRejected('beam-search', { start: 9 }, 'start');
    expectRejected('beam-search', { beams: 0 }, 'beams');
    const ex = exercise(4);
    expect(ex.check(ex.check(NaN).expected).correct).toBe(true);
  });
});
