import { describe, expect, it } from 'vitest';
import {
  add,
  isGradEnabled,
  mul,
  noGrad,
  Rng,
  scale,
  sum,
  tanh,
  tensor,
  topologicalOrder,
} from './index.ts';

describe('autograd', () => {
  it('micrograd example: gradients by the chain rule, computed by hand', () => {
    // L = (a·b + c)², a = 2, b = −3, c = 10 → a·b + c = 4, L = 16
    const a = tensor([2], [], true),
      b = tensor([-3], [], true),
      c = tensor([10], [], true);
    const d = add(mul(a, b), c);
    const L = mul(d, d);
    L.backward();
    expect(L.item()).toBe(16);
    expect(a.grad![0]).toBe(2 * 4 * -3); // dL/da = 2d·b
    expect(b.grad![0]).toBe(2 * 4 * 2); //  dL/db = 2d·a
    expect(c.grad![0]).toBe(2 * 4); //      dL/dc = 2d
  });

  it('a reused node gets the sum of both paths', () => {
    const x = tensor([3], [], true);
    mul(x, x).backward(); // d(x²)/dx = 2x
    expect(x.grad![0]).toBe(6);
  });

  it('gradients are fresh on each backward() unless accumulate is asked for', () => {
    const x = tensor([1, 2], [2], true);
    sum(scale(x, 3)).backward();
    sum(scale(x, 3)).backward();
    expect([...x.grad!]).toEqual([3, 3]);
    sum(scale(x, 3)).backward({ accumulate: true });
    expect([...x.grad!]).toEqual([6, 6]);
  });

  it('a 20 000-op chain back-propagates without overflowing the stack', () => {
    const x = tensor([0.1], [], true);
    let y = x;
    for (let i = 0; i < 20000; i++) y = scale(y, 1);
    tanh(y).backward();
    expect(x.grad![0]).toBeCloseTo(1 - Math.tanh(0.1) ** 2, 6);
    expect(topologicalOrder(y).length).toBe(20001);
  });

  it('records the op of every node, parents in argument order', () => {
    const a = tensor([1], [], true),
      b = tensor([2], [], true);
    const y = mul(a, b);
    expect(y.op).toBe('mul');
    expect(y.parents).toEqual([a, b]);
    expect(a.op).toBe('leaf');
  });

  it('noGrad records nothing and restores the mode, even on a throw', () => {
    const a = tensor([1], [], true);
    const y = noGrad(() => scale(a, 2));
    expect(y.requiresGrad).toBe(false);
    expect(y.parents).toEqual([]);
    expect(() =>
      noGrad(() => {
        throw new Error('x');
      }),
    ).toThrow();
    expect(isGradEnabled()).toBe(true);
  });

  it('backward needs a scalar', () => {
    expect(() => tensor([1, 2], [2], true).backward()).toThrow(/scalar/);
  });
});

describe('Rng', () => {
  it('repeats with the same seed and differs with another', () => {
    const a = new Rng(42),
      b = new Rng(42),
      c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('normal() has mean ≈ 0 and variance ≈ 1', () => {
    const rng = new Rng(7);
    const n = 20000;
    const xs = Array.from({ length: n }, () => rng.normal());
    const m = xs.reduce((s, v) => s + v, 0) / n;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / n;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
  });
});
