import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { stepTensor } from '../trace.ts';
import { expectClose, expectRejected, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';

describe('layer-norm lab', () => {
  it('matches the hand computation on [1, 2, 3, 4]', () => {
    // mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25
    const t = runLab(
      'layer-norm',
      { x: [[1, 2, 3, 4]], gamma: [1, 2, 1, 1], beta: [0, 0, 1, 0], eps: 0 },
      0,
    );
    expect(stepIds(t)).toEqual(['mean', 'variance', 'normalized', 'output']);
    expectClose(stepTensor(t, 'mean'), [2.5], [1]);
    expectClose(stepTensor(t, 'variance'), [1.25], [1]);
    const s = Math.sqrt(1.25);
    const xh = [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s];
    expectClose(stepTensor(t, 'normalized'), xh, [1, 4]);
    expectClose(t.result, [xh[0], 2 * xh[1], xh[2] + 1, xh[3]]);
  });

  it('matches a plain reference on the default input with eps', () => {
    const t = runLab('layer-norm', {}, 0);
    const X = [
      [1, 2, 3, 4],
      [10, 20, 30, 40],
      [-2, 0, 0, 6],
    ];
    const mu = X.map((r) => r.reduce((a, b) => a + b, 0) / r.length);
    const v = X.map((r, i) => r.reduce((a, b) => a + (b - mu[i]) ** 2, 0) / r.length);
    expectClose(stepTensor(t, 'mean'), mu);
    expectClose(stepTensor(t, 'variance'), v);
    expectClose(
      t.result,
      X.map((r, i) => r.map((x) => (x - mu[i]) / Math.sqrt(v[i] + 1e-5))),
      [3, 4],
    );
  });

  it('rejects bad params', () => {
    expectRejected('layer-norm', { x: [[1, 2]], gamma: [1, 2, 3] }, 'gamma');
    expectRejected('layer-norm', { x: [[1, 2], [1]] }, 'x');
    expectRejected('layer-norm', { eps: -1 }, 'eps');
    expectRejected('layer-norm', { beta: [NaN, 0, 0, 0] }, 'beta');
    expectRejected('layer-norm', { mu: 1 }, 'mu');
  });

  it('exercise', () => {
    const ex = exercise(4);
    const { x, index } = ex.inputs as { x: number[]; index: number };
    const mu = x.reduce((a, b) => a + b, 0) / 4;
    const v = x.reduce((a, b) => a + (b - mu) ** 2, 0) / 4;
    const want = (x[index] - mu) / Math.sqrt(v);
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(want + 0.2).correct).toBe(false);
  });
});
