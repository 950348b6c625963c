import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { rows, stepTensor } from '../trace.ts';
import { expectClose, expectRejected, mm, stepIds, tr, type M } from '../test-support.ts';
import { exercise } from './exercise.ts';
import { trained, type CrossAttentionTrace } from './lab.ts';

/** Plain loops: scores, scaled, row softmax, weights·V. */
function reference(Q: M, K: M, V: M) {
  const d = Q[0].length;
  const scores: M = [];
  for (let t = 0; t < Q.length; t++) {
    scores.push([]);
    for (let j = 0; j < K.length; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += Q[t][c] * K[j][c];
      scores[t].push(s);
    }
  }
  const scaled = scores.map((r) => r.map((s) => s / Math.sqrt(d)));
  const weights = scaled.map((r) => {
    let m = -Infinity;
    for (const s of r) m = Math.max(m, s);
    let z = 0;
    for (const s of r) z += Math.exp(s - m);
    return r.map((s) => Math.exp(s - m) / z);
  });
  const output: M = weights.map((w) => {
    const o = new Array(V[0].length).fill(0);
    for (let j = 0; j < V.length; j++) for (let c = 0; c < o.length; c++) o[c] += w[j] * V[j][c];
    return o;
  });
  return { scores, scaled, weights, output };
}

describe('cross-attention lab', () => {
  const t = runLab('cross-attention', {}, 3) as CrossAttentionTrace;

  it('learns to translate "I love cats" → 私 は 猫 が 好き greedily (seed 3)', () => {
    expect(t.translation).toEqual(['私', 'は', '猫', 'が', '好き', '<eos>']);
    expect(t.decoderInput).toEqual(['<bos>', '私', 'は', '猫', 'が', '好き']);
    const loss = stepTensor(t, 'loss').data;
    expect(loss.length).toBe(200);
    expect(loss.at(-1)!).toBeLessThan(0.05 * loss[0]);
    // another pair of the set, from the same (memoised) model
    const u = runLab('cross-attention', { source: 'you drink water' }, 3) as CrossAttentionTrace;
    expect(u.translation).toEqual(['あなた', 'は', '水', 'を', '飲む', '<eos>']);
  });

  it('has the documented steps and shapes', () => {
    expect(stepIds(t)).toEqual([
      'loss',
      'encoder_out',
      'K',
      'V',
      'Q',
      'scores',
      'scaled',
      'weights',
      'output',
      'probs',
    ]);
    expect(stepTensor(t, 'encoder_out').shape).toEqual([3, 32]);
    expect(stepTensor(t, 'Q').shape).toEqual([6, 32]);
    expect(stepTensor(t, 'weights').shape).toEqual([6, 3]);
    expect(t.tokens).toEqual(['I', 'love', 'cats']);
  });

  it('the cross-attention math of every step matches a plain-loop reference', () => {
    const [Q, K, V] = ['Q', 'K', 'V'].map((id) => rows(stepTensor(t, id)));
    const r = reference(Q, K, V);
    expectClose(stepTensor(t, 'scores'), r.scores);
    expectClose(stepTensor(t, 'scaled'), r.scaled);
    expectClose(stepTensor(t, 'weights'), r.weights);
    expectClose(stepTensor(t, 'output'), r.output);
    // K and V come from the encoder output through the cross-attention projections.
    const w = trained({ d: 32, steps: 200, lr: 0.01 }, 3).weights;
    const H = rows(stepTensor(t, 'encoder_out'));
    const Wk = rows({ shape: w.Wk_c.shape, data: Array.from(w.Wk_c.data) });
    expectClose(stepTensor(t, 'K'), mm(H, Wk));
    for (const row of rows(stepTensor(t, 'weights')))
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(tr(K).length).toBe(32);
  });

  it('rejects bad params naming the key', () => {
    expectRejected('cross-attention', { source: 'I love unicorns' }, 'source');
    expectRejected('cross-attention', { source: '' }, 'source');
    expectRejected('cross-attention', { d: 4 }, 'd');
    expectRejected('cross-attention', { steps: 5000 }, 'steps');
    expectRejected('cross-attention', { lr: NaN }, 'lr');
    expectRejected('cross-attention', { target: 'x' }, 'target');
  });

  it('exercise: softmax(qKᵀ/√2)[0] by hand', () => {
    const ex = exercise(7);
    const q = ex.inputs.q as number[];
    const K = ex.inputs.K as M;
    const s = K.map((k) => (k[0] * q[0] + k[1] * q[1]) / Math.SQRT2);
    const want = Math.exp(s[0]) / s.reduce((a, x) => a + Math.exp(x), 0);
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(want + 0.05).correct).toBe(false);
  });
});
