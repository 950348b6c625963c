import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { rows, stepTensor } from '../trace.ts';
import { expectClose, expectRejected, mm, softmaxRow, stepIds, tr } from '../test-support.ts';
import { exercise } from './exercise.ts';

describe('causal-mask lab', () => {
  it('masks above the diagonal; weights and output match plain loops; the past does not move', () => {
    const t = runLab('causal-mask', { text: 'I love cats very much' }, 8);
    expect(stepIds(t)).toEqual(['scaled', 'mask', 'masked', 'weights', 'output', 'future_change']);
    const [X, Wq, Wk, Wv] = ['X', 'Wq', 'Wk', 'Wv'].map((k) => rows(t.inputs[k]));
    const s = mm(mm(X, Wq), tr(mm(X, Wk))).map((r) => r.map((v) => v / Math.sqrt(3)));
    const masked = s.map((r, i) => r.map((v, j) => (j > i ? -Infinity : v)));
    expectClose(stepTensor(t, 'scaled'), s, [5, 5]);
    expectClose(
      stepTensor(t, 'mask'),
      s.map((r, i) => r.map((_, j) => (j > i ? -Infinity : 0))),
    );
    expectClose(stepTensor(t, 'masked'), masked);
    const w = masked.map(softmaxRow);
    expectClose(stepTensor(t, 'weights'), w);
    expectClose(stepTensor(t, 'output'), mm(w, mm(X, Wv)));
    const diff = stepTensor(t, 'future_change').data;
    expect(diff.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(diff[4]).toBeGreaterThan(0);
  });

  it('rejects bad params', () => {
    expectRejected('causal-mask', { causal: false }, 'causal');
    expectRejected('causal-mask', { X: [[1, 2]], Wv: [[1]] }, 'Wv');
    expectRejected('causal-mask', { X: [[Infinity]] }, 'X');
  });

  it('exercise', () => {
    const ex = exercise(2);
    const r = (ex.inputs as { scores: number[] }).scores;
    const want = softmaxRow([r[0], r[1]])[0];
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(want + 0.05).correct).toBe(false);
  });
});
