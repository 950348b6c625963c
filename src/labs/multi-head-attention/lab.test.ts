import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { rows, stepTensor } from '../trace.ts';
import {
  expectClose,
  expectRejected,
  mm,
  softmaxRow,
  stepIds,
  tr,
  type M,
} from '../test-support.ts';
import { exercise } from './exercise.ts';

/** Reference: each head on its own column slice, plain loops. */
function reference(X: M, W: Record<string, M>, H: number, causal: boolean) {
  const Q = mm(X, W.Wq),
    K = mm(X, W.Wk),
    V = mm(X, W.Wv);
  const d = X[0].length,
    D = d / H;
  const cols = (A: M, h: number) => A.map((r) => r.slice(h * D, (h + 1) * D));
  const weights: M[] = [],
    headsOut: M[] = [];
  for (let h = 0; h < H; h++) {
    const s = mm(cols(Q, h), tr(cols(K, h))).map((r, i) =>
      r.map((v, j) => (causal && j > i ? -Infinity : v / Math.sqrt(D))),
    );
    const a = s.map(softmaxRow);
    weights.push(a);
    headsOut.push(mm(a, cols(V, h)));
  }
  const concat = X.map((_, i) => headsOut.flatMap((o) => o[i]));
  return {
    Q,
    K,
    V,
    weights: weights.flat(),
    heads_out: headsOut.flat(),
    concat,
    output: mm(concat, W.Wo),
  };
}

describe('multi-head-attention lab', () => {
  for (const [heads, causal] of [
    [2, false],
    [4, true],
    [1, false],
  ] as const) {
    it(`matches per-head plain loops (H=${heads}, causal=${causal})`, () => {
      const t = runLab('multi-head-attention', { heads, causal }, 11);
      expect(stepIds(t)).toEqual(['Q', 'K', 'V', 'weights', 'heads_out', 'concat', 'output']);
      const W = Object.fromEntries(['Wq', 'Wk', 'Wv', 'Wo'].map((k) => [k, rows(t.inputs[k])]));
      const r = reference(rows(t.inputs.X), W, heads, causal);
      const n = 3,
        d = 8;
      expectClose(stepTensor(t, 'weights'), r.weights, [heads, n, n]);
      expectClose(stepTensor(t, 'heads_out'), r.heads_out, [heads, n, d / heads]);
      for (const id of ['Q', 'K', 'V', 'concat', 'output'] as const)
        expectClose(stepTensor(t, id), r[id], [n, d]);
      expectClose(t.result, r.output);
    });
  }

  it('one head equals self-attention with the same weights', () => {
    const t = runLab('multi-head-attention', { heads: 1, d: 4 }, 2);
    const W = Object.fromEntries(['X', 'Wq', 'Wk', 'Wv'].map((k) => [k, rows(t.inputs[k])]));
    const sa = runLab('self-attention', W, 0);
    expectClose(stepTensor(t, 'concat'), sa.result.data);
  });

  it('rejects bad params', () => {
    expectRejected('multi-head-attention', { heads: 3 }, 'heads');
    expectRejected('multi-head-attention', { Wo: [[1]] }, 'Wo');
    expectRejected('multi-head-attention', { X: [[NaN, 1]] }, 'X');
    expectRejected('multi-head-attention', { bogus: true }, 'bogus');
  });

  it('exercise', () => {
    const ex = exercise(9);
    const X = ex.inputs.X as M;
    const h1 = X.map((r) => r.slice(2, 4));
    const want = softmaxRow(mm(h1, tr(h1))[0].map((v) => v / Math.SQRT2))[1];
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(want + 0.05).correct).toBe(false);
  });
});
