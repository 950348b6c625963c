import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { rows, stepTensor } from '../trace.ts';
import { expectClose, expectRejected, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';
import type { EmbeddingTrace } from './lab.ts';
import { buildVocab, cosine, pca2, sgnsStep } from './word2vec.ts';

const sig = (x: number) => 1 / (1 + Math.exp(-x));

describe('embedding lab', () => {
  it('cosine and dot by hand', () => {
    expect(cosine([1, 2], [2, 1])).toBeCloseTo(4 / 5, 12); // (2+2)/(√5·√5)
    expect(cosine([1, 0], [0, 3])).toBe(0);
    expect(cosine([1, 1], [-2, -2])).toBeCloseTo(-1, 12);
  });

  it('one SGD step of skip-gram negative sampling matches the hand-computed gradient', () => {
    // v_c = (1, 0), u_o = (0.5, 0.5), one negative u_n = (−1, 0), lr = 0.1
    // v_c·u_o = 0.5, σ = 0.62246;  v_c·u_n = −1, σ = 0.26894
    // ∂v_c = (σ(0.5) − 1)·u_o + σ(−1)·u_n = (−0.18877 − 0.26894, −0.18877)
    // ∂u_o = (σ(0.5) − 1)·v_c = (−0.37754, 0);  ∂u_n = σ(−1)·v_c = (0.26894, 0)
    const vc = [1, 0],
      uo = [0.5, 0.5],
      un = [-1, 0];
    const loss = sgnsStep(vc, uo, [un], 0.1);
    const go = sig(0.5) - 1,
      gn = sig(-1);
    expect(loss).toBeCloseTo(-Math.log(sig(0.5)) - Math.log(sig(1)), 12); // 0.787339
    expect(loss).toBeCloseTo(0.787339, 5);
    expect(vc[0]).toBeCloseTo(1 - 0.1 * (go * 0.5 - gn), 12); // 1.0457712
    expect(vc[1]).toBeCloseTo(-0.1 * go * 0.5, 12); // 0.0188770
    expect(vc[0]).toBeCloseTo(1.0457712, 6);
    expect(uo).toEqual([expect.closeTo(0.5 - 0.1 * go, 12), 0.5]);
    expect(un).toEqual([expect.closeTo(-1 - 0.1 * gn, 12), 0]);
  });

  it('PCA finds the known principal axis of a 2-D dataset', () => {
    // points along (1, 1) with a little spread along (1, −1): axis 1 = (1, 1)/√2, axis 2 = (1, −1)/√2 up to sign
    const X = [-2, -1, 1, 2].flatMap((t) => [0.1, -0.1].map((s) => [t + s, t - s]));
    const { axes, variances, projection } = pca2(X);
    const r = Math.SQRT1_2;
    expect(axes[0][0]).toBeCloseTo(r, 6);
    expect(axes[0][1]).toBeCloseTo(r, 6);
    expect(Math.abs(axes[1][0])).toBeCloseTo(r, 6);
    expect(axes[1][0] * axes[1][1]).toBeCloseTo(-0.5, 6);
    // variance along (1,1)/√2: mean of (√2·t)² = 2·(4+1+1+4)/4 = 5; across: (√2·0.1)² = 0.02
    expect(variances[0]).toBeCloseTo(5, 6);
    expect(variances[1]).toBeCloseTo(0.02, 6);
    expect(projection[0][0]).toBeCloseTo(-2 * Math.SQRT2, 6);
  });

  it('trains on the built-in corpus: loss falls, steps are the documented ones, numbers agree', () => {
    const t0 = performance.now();
    const t = runLab('embedding', {}, 1) as EmbeddingTrace;
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(stepIds(t)).toEqual([
      'counts',
      'loss',
      'E',
      'lookup',
      'dot',
      'cosine',
      'neighbours',
      'pca_axes',
      'projection',
    ]);
    const loss = stepTensor(t, 'loss').data;
    expect(loss.at(-1)!).toBeLessThan(0.8 * loss[0]);
    const E = rows(stepTensor(t, 'E'));
    const [ia, ib] = t.steps.find((s) => s.id === 'lookup')!.tensors.ids.data;
    expect(t.vocab[ia]).toBe('猫');
    expect(t.vocab[ib]).toBe('犬');
    expectClose(stepTensor(t, 'lookup'), [E[ia], E[ib]]);
    const a = E[ia],
      b = E[ib];
    let d = 0,
      na = 0,
      nb = 0;
    for (let i = 0; i < a.length; i++) {
      d += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    expectClose(stepTensor(t, 'dot'), [d]);
    expectClose(stepTensor(t, 'cosine'), [d / Math.sqrt(na * nb)]);
    // neighbours: sorted, and the best one really is the highest cosine to the query
    const q = E[t.vocab.indexOf('トークン')];
    const best = E.map((e, i) => (t.vocab[i] === 'トークン' ? -2 : cosine(q, e)));
    const nb0 = stepTensor(t, 'neighbours').data;
    expect(nb0[0]).toBeCloseTo(Math.max(...best), 10);
    expect([...nb0].sort((x, y) => y - x)).toEqual(nb0);
    expect(stepTensor(t, 'projection').shape).toEqual([t.vocab.length, 2]);
  });

  it('sentences end at 。; a window never crosses them', () => {
    expect(buildVocab('a b。 c a\nb').sentences).toEqual([[0, 1], [2, 0], [1]]);
  });

  it('rejects bad params naming the key', () => {
    expectRejected('embedding', { a: 'ユニコーン' }, 'a');
    expectRejected('embedding', { query: 'x' }, 'query');
    expectRejected('embedding', { text: 'a a a' }, 'text');
    expectRejected('embedding', { dim: 1 }, 'dim');
    expectRejected('embedding', { lr: NaN }, 'lr');
    expectRejected('embedding', { size: 3 }, 'size');
  });

  it('exercise: cosine of two integer vectors', () => {
    const ex = exercise(2);
    const a = ex.inputs.a as number[],
      b = ex.inputs.b as number[];
    const d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    const want = d / Math.hypot(...a) / Math.hypot(...b);
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(want + 0.05).correct).toBe(false);
  });
});
