import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { stepTensor } from '../trace.ts';
import { expectClose, expectRejected, softmaxRow, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';

describe('cross-entropy lab', () => {
  it('logits and targets: probs, nll, loss, perplexity', () => {
    const logits = [
      [2, 1, 0.1],
      [0.5, 2.5, 0.3],
      [0, 0, 0],
    ];
    const targets = [0, 2, 1];
    const t = runLab('cross-entropy', { logits, targets }, 0);
    expect(stepIds(t)).toEqual(['probs', 'nll', 'loss', 'perplexity']);
    const q = logits.map(softmaxRow);
    expectClose(stepTensor(t, 'probs'), q, [3, 3]);
    const nll = targets.map((y, r) => -Math.log(q[r][y]));
    expectClose(stepTensor(t, 'nll'), nll, [3]);
    expect(nll[2]).toBeCloseTo(Math.log(3), 12); // uniform over 3
    const loss = (nll[0] + nll[1] + nll[2]) / 3;
    expectClose(stepTensor(t, 'loss'), [loss]);
    expectClose(stepTensor(t, 'perplexity'), [Math.exp(loss)]);
    expectClose(t.result, [loss]);
  });

  it('p and q: entropy, cross-entropy, KL (by hand)', () => {
    const t = runLab('cross-entropy', { p: [0.5, 0.5, 0], q: [0.25, 0.5, 0.25] }, 0);
    expect(stepIds(t)).toEqual(['entropy', 'cross_entropy', 'kl']);
    expectClose(stepTensor(t, 'entropy'), [Math.log(2)]);
    expectClose(stepTensor(t, 'cross_entropy'), [0.5 * Math.log(4) + 0.5 * Math.log(2)]);
    expectClose(stepTensor(t, 'kl'), [0.5 * Math.log(2)]);
  });

  it('rejects bad params', () => {
    expectRejected('cross-entropy', { logits: [[1, 2]] }, 'targets');
    expectRejected('cross-entropy', { logits: [[1, 2]], targets: [2] }, 'targets');
    expectRejected('cross-entropy', { p: [0.5, 0.5] }, 'q');
    expectRejected('cross-entropy', { p: [0.5, 0.6], q: [0.5, 0.5] }, 'p');
    expectRejected('cross-entropy', { p: [1], q: [NaN] }, 'q');
    expectRejected('cross-entropy', { labels: [1] }, 'labels');
  });

  it('exercise', () => {
    const ex = exercise(8);
    const { logits, target } = ex.inputs as { logits: number[]; target: number };
    const want = -Math.log(softmaxRow(logits)[target]);
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(want + 0.1).correct).toBe(false);
  });
});
