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

/** Reference: the attention formula in plain float64 loops. */
function reference(X: M, Wq: M, Wk: M, Wv: M, causal: boolean) {
  const Q = mm(X, Wq),
    K = mm(X, Wk),
    V = mm(X, Wv);
  const scores = mm(Q, tr(K));
  const scaled = scores.map((r) => r.map((v) => v / Math.sqrt(Wq[0].length)));
  const masked = scaled.map((r, i) => r.map((v, j) => (causal && j > i ? -Infinity : v)));
  const weights = masked.map(softmaxRow);
  return { Q, K, V, scores, scaled, masked, weights, output: mm(weights, V) };
}

describe('self-attention lab', () => {
  it('matches a hand computation on a 2×2 example', () => {
    // X = I, W = I: scores = I, scaled = I/√2, weights row 0 = softmax([1/√2, 0]).
    const I = [
      [1, 0],
      [0, 1],
    ];
    const t = runLab('self-attention', { X: I, Wq: I, Wk: I, Wv: I }, 0);
    const a = Math.exp(1 / Math.SQRT2) / (Math.exp(1 / Math.SQRT2) + 1);
    expectClose(stepTensor(t, 'scaled'), [1 / Math.SQRT2, 0, 0, 1 / Math.SQRT2], [2, 2]);
    expectClose(stepTensor(t, 'weights'), [a, 1 - a, 1 - a, a]);
    expectClose(t.result, [a, 1 - a, 1 - a, a]);
  });

  it('matches the plain reference on the default sentence, with and without the mask', () => {
    for (const causal of [false, true]) {
      const t = runLab('self-attention', { causal }, 42);
      expect(t.tokens).toEqual(['I', 'love', 'cats']);
      expect(stepIds(t)).toEqual(
        causal
          ? ['Q', 'K', 'V', 'scores', 'scaled', 'masked', 'weights', 'output']
          : ['Q', 'K', 'V', 'scores', 'scaled', 'weights', 'output'],
      );
      const [X, Wq, Wk, Wv] = ['X', 'Wq', 'Wk', 'Wv'].map((k) => rows(t.inputs[k]));
      expect(X.length).toBe(3);
      expect(Wq.length).toBe(4);
      expect(Wq[0].length).toBe(3);
      const r = reference(X, Wq, Wk, Wv, causal);
      for (const id of ['Q', 'K', 'V', 'scores', 'scaled', 'weights', 'output'] as const)
        expectClose(stepTensor(t, id), r[id]);
      if (causal) {
        expectClose(stepTensor(t, 'masked'), r.masked);
        expect(stepTensor(t, 'masked').data[1]).toBe(-Infinity);
        expect(rows(stepTensor(t, 'weights'))[0]).toEqual([1, 0, 0]);
      }
      expectClose(t.result, r.output, [3, 3]);
    }
  });

  it('is deterministic per seed; the same word gets the same embedding', () => {
    const a = runLab('self-attention', { text: 'cats love cats' }, 7);
    expect(runLab('self-attention', { text: 'cats love cats' }, 7)).toEqual(a);
    const X = rows(a.inputs.X);
    expect(X[0]).toEqual(X[2]);
  });

  it('keeps the seeded weights when only X is edited', () => {
    const a = runLab('self-attention', {}, 3);
    const X = rows(a.inputs.X);
    X[0][0] += 1;
    const b = runLab('self-attention', { text: 'I love cats', X }, 3);
    expect(b.inputs.Wq).toEqual(a.inputs.Wq);
    expect(b.inputs.X.data[0]).toBeCloseTo(a.inputs.X.data[0] + 1, 10);
  });

  it('rejects bad params naming the key', () => {
    expectRejected('self-attention', { foo: 1 }, 'foo');
    expectRejected('self-attention', { X: [[1, 2], [3]] }, 'X');
    expectRejected('self-attention', { X: [[1, NaN]] }, 'X');
    expectRejected('self-attention', { X: [[1, 2]], Wq: [[1, 2, 3]] }, 'Wq');
    expectRejected(
      'self-attention',
      {
        X: [[1, 2]],
        Wq: [[1], [2]],
        Wk: [
          [1, 2],
          [3, 4],
        ],
      },
      'Wk',
    );
    expectRejected('self-attention', { causal: 'yes' }, 'causal');
    expectRejected('self-attention', { text: 'a b', X: [[1]] }, 'text');
    expect(() => runLab('nope', {}, 0)).toThrow(/unknown lab "nope"/);
  });

  it("exercise checks with the lab's own function", () => {
    const ex = exercise(5);
    const X = ex.inputs.X as M;
    const s = mm(X, tr(X)).map((r) => r.map((v) => v / Math.SQRT2));
    const want = softmaxRow(s[0])[1];
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(Math.round(want * 100) / 100).correct).toBe(true);
    expect(ex.check(want + 0.1).correct).toBe(false);
    expect(ex.question.ja).toContain('A[0][1]');
  });
});
