import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { stepTensor } from '../trace.ts';
import { expectClose, expectRejected, softmaxRow, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';
import { fields } from './lab.ts';

const stepData = (t: ReturnType<typeof runLab>, id: string) => stepTensor(t, id).data;

describe('softmax-sampling lab', () => {
  it('applies penalty, temperature, softmax, top-k and top-p in that order', () => {
    const logits = [2, -1, 1, 0.5, 1];
    const t = runLab(
      'softmax-sampling',
      { logits, temperature: 0.5, repetition_penalty: 2, previous: [0, 1], top_k: 3, top_p: 0.9 },
      3,
    );
    expect(stepIds(t)).toEqual([
      'penalized',
      'scaled',
      'probs',
      'top_k_probs',
      'top_p_probs',
      'sample',
      'naive_probs',
    ]);
    const pen = [1, -2, 1, 0.5, 1]; // 2/2, −1·2
    expectClose(stepTensor(t, 'penalized'), pen);
    const sc = pen.map((v) => v / 0.5);
    expectClose(stepTensor(t, 'scaled'), sc);
    const p = softmaxRow(sc);
    expectClose(stepTensor(t, 'probs'), p);
    // top-3 by probability: ids 0, 2, 4 tie at the top (lower ids first), then 3 is cut.
    const k = [p[0], 0, p[2], 0, p[4]].map((v) => v / (3 * p[0]));
    expectClose(stepTensor(t, 'top_k_probs'), k);
    // top-p 0.9 over three equal thirds: 1/3, 2/3 < 0.9, then 3/3 ≥ 0.9 → all three kept.
    expectClose(stepTensor(t, 'top_p_probs'), k);
    expectClose(t.result, k);
  });

  it('top-p keeps the smallest set reaching p, ties by lower id', () => {
    const probs = [0.1, 0.4, 0.4, 0.1];
    const t = runLab('softmax-sampling', { logits: probs.map(Math.log), top_p: 0.5 }, 0);
    expectClose(stepTensor(t, 'probs'), probs);
    expectClose(stepTensor(t, 'top_p_probs'), [0, 0.5, 0.5, 0]); // 0.4 < 0.5, 0.8 ≥ 0.5
    const t2 = runLab('softmax-sampling', { logits: probs.map(Math.log), top_p: 0.4 }, 0);
    expectClose(stepTensor(t2, 'top_p_probs'), [0, 1, 0, 0]); // id 1 before id 2
    const t3 = runLab('softmax-sampling', { logits: probs.map(Math.log), top_k: 1 }, 0);
    expectClose(stepTensor(t3, 'top_k_probs'), [0, 1, 0, 0]);
    expect(stepTensor(t3, 'sample').data).toEqual([1]);
  });

  it('naive_probs: the formula without −max, in float32, matches probs when nothing overflows', () => {
    // Default logits at T = 1: e^2, e^1.5, … are small, so the naive quotient is the softmax.
    const logits = [2, 1.5, 1, 0.5, 0, -1];
    const t = runLab('softmax-sampling', {}, 0);
    const e = logits.map(Math.exp);
    const sum = e.reduce((a, b) => a + b, 0); // 7.38906 + 4.48169 + 2.71828 + 1.64872 + 1 + 0.36788
    expect(sum).toBeCloseTo(17.60563, 4);
    expectClose(
      stepTensor(t, 'naive_probs'),
      e.map((v) => v / sum),
    );
    expectClose(
      stepTensor(t, 'probs'),
      e.map((v) => v / sum),
    );
    expect(t.steps.at(-1)!.tensors.naive_sum.data[0]).toBeCloseTo(sum, 4);
    // the note tells the learner how to break it from the page: T = 0.05 and logits[0] = 4.5
    const note = t.steps.at(-1)!.explanation;
    expect(note.ja).toContain('logits[0] を 4.5');
    expect(note.en).toContain('logits[0] to 4.5');
    const broken = runLab(
      'softmax-sampling',
      { logits: [4.5, ...logits.slice(1)], temperature: 0.05 },
      0,
    );
    expect(stepData(broken, 'scaled')[0]).toBeCloseTo(90, 4); // 4.5 / 0.05 > ln(3.4e38) ≈ 88.72
    expect(Number.isNaN(stepData(broken, 'naive_probs')[0])).toBe(true);
  });

  it('naive_probs overflows at a low temperature; probs (max subtracted) stays exact', () => {
    // z'' = [5, 4, 0] / 0.05 = [100, 80, 0]: e^100 ≈ 2.7e43 > float32's 3.4e38 → ∞, so ∞/∞ = NaN
    // for id 0 and finite/∞ = 0 for the others.
    const t = runLab('softmax-sampling', { logits: [5, 4, 0], temperature: 0.05 }, 0);
    expectClose(stepTensor(t, 'scaled'), [100, 80, 0]);
    const naive = stepData(t, 'naive_probs');
    expect(Number.isNaN(naive[0])).toBe(true);
    expect(naive.slice(1)).toEqual([0, 0]);
    const exps = t.steps.at(-1)!.tensors.naive_exp.data;
    expect(exps[0]).toBe(Infinity);
    expect(exps[1] / Math.exp(80)).toBeCloseTo(1, 6);
    expect(exps[2]).toBe(1);
    expect(t.steps.at(-1)!.tensors.naive_sum.data[0]).toBe(Infinity);
    // by hand with the maximum subtracted: 1 / (1 + e^−20 + e^−100), e^−20 / (…), e^−100 / (…)
    const d = 1 + Math.exp(-20) + Math.exp(-100);
    const p = stepData(t, 'probs');
    expect(p[0]).toBeCloseTo(1 / d, 7);
    expect(p[1] / (Math.exp(-20) / d)).toBeCloseTo(1, 5);
    expect(p[2]).toBeLessThan(1e-40);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(t.steps.at(-1)!.explanation.ja).toMatch(/∞\/∞ = NaN/);
  });

  it('naive_probs: a sum that overflows gives all zeros; all-underflow gives 0/0 = NaN', () => {
    // e^88 ≈ 1.65e38 fits in float32, three of them (4.9e38) do not.
    expect(Math.exp(88)).toBeLessThan(3.4028234663852886e38);
    expect(3 * Math.exp(88)).toBeGreaterThan(3.4028234663852886e38);
    const t = runLab('softmax-sampling', { logits: [88, 88, 88] }, 0);
    expect(stepData(t, 'naive_probs')).toEqual([0, 0, 0]);
    expectClose(stepTensor(t, 'probs'), [1 / 3, 1 / 3, 1 / 3]);
    expect(t.steps.at(-1)!.explanation.en).toMatch(/sum passed/);
    // z'' = [−120, −140]: e^−120 ≈ 7.7e−53, below float32's smallest 1.4e−45 → 0, and 0/0 = NaN.
    const u = runLab('softmax-sampling', { logits: [-6, -7], temperature: 0.05 }, 0);
    expect(stepData(u, 'naive_probs').every(Number.isNaN)).toBe(true);
    const q = 1 / (1 + Math.exp(-20));
    expectClose(stepTensor(u, 'probs'), [q, 1 - q]);
    expect(u.steps.at(-1)!.explanation.en).toMatch(/underflow/);
  });

  it('the temperature control runs from 0.05 to 10', () => {
    const f = fields.find((x) => x.key === 'temperature')!;
    expect([f.min, f.max]).toEqual([0.05, 10]);
    const t = runLab('softmax-sampling', { logits: [2, 1, 0], temperature: 10 }, 0);
    expectClose(stepTensor(t, 'scaled'), [0.2, 0.1, 0]);
    expectClose(stepTensor(t, 'probs'), softmaxRow([0.2, 0.1, 0]));
    expectClose(stepTensor(t, 'naive_probs'), softmaxRow([0.2, 0.1, 0]));
  });

  it('rejects bad params', () => {
    expectRejected('softmax-sampling', { temperature: 0 }, 'temperature');
    expectRejected('softmax-sampling', { top_p: 1.5 }, 'top_p');
    expectRejected('softmax-sampling', { top_k: -1 }, 'top_k');
    expectRejected('softmax-sampling', { previous: [99] }, 'previous');
    expectRejected('softmax-sampling', { logits: [1, NaN] }, 'logits');
    expectRejected('softmax-sampling', { logits: [[1, 2]] }, 'logits');
    expectRejected('softmax-sampling', { min_p: 0.1 }, 'min_p');
  });

  it('exercise', () => {
    const ex = exercise(6);
    const { logits, temperature } = ex.inputs as { logits: number[]; temperature: number };
    const p = softmaxRow(logits.map((l) => l / temperature));
    const order = p.map((_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
    const want = p[order[0]] / (p[order[0]] + p[order[1]]);
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(want - 0.1).correct).toBe(false);
  });
});
