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

const ln = (X: M) =>
  X.map((r) => {
    const mu = r.reduce((a, b) => a + b, 0) / r.length;
    const v = r.reduce((a, b) => a + (b - mu) ** 2, 0) / r.length;
    return r.map((x) => (x - mu) / Math.sqrt(v + 1e-5));
  });
const addM = (A: M, B: M) => A.map((r, i) => r.map((v, j) => v + B[i][j]));
const addRow = (A: M, b: number[]) => A.map((r) => r.map((v, j) => v + b[j]));
const gelu = (x: number) =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

describe('transformer-block lab', () => {
  it('matches a plain pre-norm block, step by step, with the shapes', () => {
    const t = runLab('transformer-block', { text: 'I love cats', d: 8, heads: 2 }, 5);
    expect(stepIds(t)).toEqual([
      'x',
      'ln1',
      'Q',
      'K',
      'V',
      'weights',
      'attn',
      'residual1',
      'ln2',
      'hidden',
      'activated',
      'ffn',
      'output',
    ]);
    const W = Object.fromEntries(
      Object.entries(t.inputs).map(([k, v]) => [k, v.shape.length === 2 ? rows(v) : [v.data]]),
    );
    const x = W.X,
      H = 2,
      D = 4;
    const h = ln(x);
    const Q = mm(h, W.Wq),
      K = mm(h, W.Wk),
      V = mm(h, W.Wv);
    const cols = (A: M, k: number) => A.map((r) => r.slice(k * D, (k + 1) * D));
    const weights: M[] = [],
      outs: M[] = [];
    for (let k = 0; k < H; k++) {
      const a = mm(cols(Q, k), tr(cols(K, k))).map((r, i) =>
        softmaxRow(r.map((v, j) => (j > i ? -Infinity : v / Math.sqrt(D)))),
      );
      weights.push(a);
      outs.push(mm(a, cols(V, k)));
    }
    const attn = mm(
      x.map((_, i) => outs.flatMap((o) => o[i])),
      W.Wo,
    );
    const r1 = addM(x, attn);
    const h2 = ln(r1);
    const u = addRow(mm(h2, W.W1), W.b1[0]);
    const g = u.map((r) => r.map(gelu));
    const f = addRow(mm(g, W.W2), W.b2[0]);
    const want = {
      ln1: h,
      Q,
      K,
      V,
      attn,
      residual1: r1,
      ln2: h2,
      hidden: u,
      activated: g,
      ffn: f,
      output: addM(r1, f),
    };
    for (const [id, v] of Object.entries(want))
      expectClose(stepTensor(t, id), v, [3, id === 'hidden' || id === 'activated' ? 32 : 8]);
    expectClose(stepTensor(t, 'weights'), weights.flat(), [2, 3, 3]);
    expect(t.steps.find((s) => s.id === 'hidden')!.formula).toContain('3\\times 32');
  });

  it('rejects bad params', () => {
    expectRejected('transformer-block', { d: 6, heads: 4 }, 'heads');
    expectRejected('transformer-block', { d_ff: 0 }, 'd_ff');
    expectRejected(
      'transformer-block',
      {
        X: [
          [1, 2],
          [3, NaN],
        ],
      },
      'X',
    );
    expectRejected('transformer-block', { layers: 2 }, 'layers');
  });

  it('exercise: parameter count', () => {
    const ex = exercise(1);
    const { d, d_ff } = ex.inputs as { d: number; d_ff: number };
    expect(ex.check(4 * d * d + 2 * d * d_ff + d_ff + d + 4 * d).correct).toBe(true);
    expect(ex.check(4 * d * d).correct).toBe(false);
  });
});
