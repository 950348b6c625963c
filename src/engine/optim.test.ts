import { describe, expect, it } from 'vitest';
import { Adam, AdamW, clipGradNorm, cosineWithWarmup, SGD, tensor } from './index.ts';
import { expectClose } from './test-support.ts';

/** Sets p.grad to the gradient of f(p) = Σ (p − 1)² · k_i, i.e. 2k_i(p_i − 1). */
function quadraticGrad(p: ReturnType<typeof tensor>, k: number[]) {
  p.grad = Float32Array.from(p.data, (v, i) => 2 * k[i] * (v - 1));
}

describe('optimizers against written-out updates', () => {
  const k = [1, 3];
  it('SGD with momentum and weight decay', () => {
    const p = tensor([0, 2], [2], true);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
    const w = [0, 2],
      v = [0, 0];
    for (let t = 0; t < 3; t++) {
      quadraticGrad(p, k);
      opt.step();
      for (let i = 0; i < 2; i++) {
        v[i] = 0.9 * v[i] + 2 * k[i] * (w[i] - 1) + 0.01 * w[i];
        w[i] -= 0.1 * v[i];
      }
      expectClose(p.data, w);
    }
  });

  for (const decoupled of [false, true]) {
    it(
      decoupled ? 'AdamW (decoupled decay, matrices only)' : 'Adam (L2 decay in the gradient)',
      () => {
        const p = tensor([0, 2, -1, 0.5], [2, 2], true);
        const bias = tensor([0.3], [1], true);
        const opts = {
          lr: 0.05,
          betas: [0.9, 0.99] as [number, number],
          eps: 1e-8,
          weightDecay: 0.1,
        };
        const opt = decoupled ? new AdamW([p, bias], opts) : new Adam([p, bias], opts);
        const kk = [1, 3, 2, 0.5];
        const w = [0, 2, -1, 0.5],
          m = [0, 0, 0, 0],
          v = [0, 0, 0, 0];
        let b = 0.3,
          bm = 0,
          bv = 0;
        for (let t = 1; t <= 4; t++) {
          quadraticGrad(p, kk);
          bias.grad = Float32Array.of(2 * (bias.data[0] - 1));
          opt.step();
          for (let i = 0; i < 4; i++) {
            let g = 2 * kk[i] * (w[i] - 1);
            if (decoupled) w[i] -= 0.05 * 0.1 * w[i];
            else g += 0.1 * w[i];
            m[i] = 0.9 * m[i] + 0.1 * g;
            v[i] = 0.99 * v[i] + 0.01 * g * g;
            w[i] -= (0.05 * m[i]) / (1 - 0.9 ** t) / (Math.sqrt(v[i] / (1 - 0.99 ** t)) + 1e-8);
          }
          const gb = 2 * (b - 1); // 1-D bias: no decay in either
          bm = 0.9 * bm + 0.1 * gb;
          bv = 0.99 * bv + 0.01 * gb * gb;
          b -= (0.05 * bm) / (1 - 0.9 ** t) / (Math.sqrt(bv / (1 - 0.99 ** t)) + 1e-8);
          expectClose(p.data, w);
          expectClose(bias.data, [b]);
        }
        // State round trip: a fresh optimizer loaded with the state continues identically.
        const q = tensor(p.data.slice(), [2, 2], true),
          qb = tensor(bias.data.slice(), [1], true);
        const opt2 = decoupled ? new AdamW([q, qb], opts) : new Adam([q, qb], opts);
        opt2.loadState(opt.state());
        // One more step of each: the original and the one loaded from its state.
        const stepBoth = () => {
          for (const [o, x, y] of [
            [opt, p, bias],
            [opt2, q, qb],
          ] as const) {
            quadraticGrad(x, kk);
            y.grad = Float32Array.of(1);
            o.step();
          }
        };
        stepBoth();
        expect([...q.data]).toEqual([...p.data]);
        expect(() => opt2.loadState({ step: 1, buffers: [] })).toThrow(/does not match/);

        // Moved into other arrays (the kernels' resident ones), every value stays, and the next
        // steps go on as they would have.
        const given: Float32Array[] = [];
        const before = opt.state();
        opt.moveTo((n) => given[given.push(new Float32Array(n)) - 1]);
        expect(given.length).toBe(2 + 2 * 2); // p, bias, then m and v of each
        expect(p.data).toBe(given[0]);
        expect(bias.data).toBe(given[1]);
        expect(opt.state()).toEqual(before);
        stepBoth();
        expect([...p.data]).toEqual([...q.data]);
        expect(given[0]).toBe(p.data); // updated in place
      },
    );
  }
});

describe('clipping and schedules', () => {
  it('clipGradNorm scales the global norm down to maxNorm', () => {
    const a = tensor([0, 0], [2], true),
      b = tensor([0], [1], true);
    a.grad = Float32Array.of(3, 0);
    b.grad = Float32Array.of(4);
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5);
    expectClose([...a.grad, ...b.grad], [0.6, 0, 0.8]);
    expect(clipGradNorm([a, b], 10)).toBeCloseTo(1, 5);
  });

  it("cosine with warm-up matches nanoGPT's get_lr", () => {
    const lr = cosineWithWarmup({ lr: 1e-3, minLr: 1e-4, warmup: 100, decayIters: 2000 });
    expect(lr(0)).toBeCloseTo(1e-3 / 101, 12);
    expect(lr(99)).toBeCloseTo(1e-3 * (100 / 101), 12);
    expect(lr(100)).toBeCloseTo(1e-3, 12);
    expect(lr(1050)).toBeCloseTo(5.5e-4, 12); // halfway: (lr + minLr)/2
    expect(lr(2000)).toBeCloseTo(1e-4, 12);
    expect(lr(5000)).toBe(1e-4);
  });
});
