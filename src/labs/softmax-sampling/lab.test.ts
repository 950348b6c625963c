import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { stepTensor } from '../trace.ts';
import { expectClose, expectRejected, softmaxRow, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';

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
