import { describe, expect, it } from 'vitest';
import {
  add,
  addScalar,
  div,
  exp,
  gelu,
  log,
  mul,
  neg,
  relu,
  scale,
  sigmoid,
  sqrt,
  sub,
  tanh,
  tensor,
} from '../index.ts';
import { Rng } from '../random.ts';
import {
  broadcastableTo,
  expectClose,
  gradCheck,
  numel,
  randomShape,
  randomValues,
  ravel,
  unravel,
} from '../test-support.ts';

/** Reference broadcasting by index arithmetic: out[idx] = f(a[idx'], b[idx'']). */
function refBinary(f: (x: number, y: number) => number, sa: number[], sb: number[]) {
  const n = Math.max(sa.length, sb.length);
  const pa = [...Array(n - sa.length).fill(1), ...sa],
    pb = [...Array(n - sb.length).fill(1), ...sb];
  const so = pa.map((d, i) => Math.max(d, pb[i]));
  return ([a, b]: Float64Array[]) => {
    const out = new Float64Array(numel(so));
    for (let i = 0; i < out.length; i++) {
      const idx = unravel(i, so);
      const ia = ravel(
        idx.map((v, k) => (pa[k] === 1 ? 0 : v)),
        pa,
      );
      const ib = ravel(
        idx.map((v, k) => (pb[k] === 1 ? 0 : v)),
        pb,
      );
      out[i] = f(a[ia], b[ib]);
    }
    return out;
  };
}

const binaries = [
  { name: 'add', op: add, f: (x: number, y: number) => x + y },
  { name: 'sub', op: sub, f: (x: number, y: number) => x - y },
  { name: 'mul', op: mul, f: (x: number, y: number) => x * y },
  { name: 'div', op: div, f: (x: number, y: number) => x / y },
];

describe('binary ops with broadcasting', () => {
  for (const { name, op, f } of binaries) {
    it(`${name}: values and gradients on random broadcast shapes`, () => {
      const rng = new Rng(11);
      for (let trial = 0; trial < 8; trial++) {
        const shape = randomShape(rng, 1 + rng.int(4));
        let sa = trial % 2 ? broadcastableTo(shape, rng) : shape;
        let sb = trial % 2 ? shape : broadcastableTo(shape, rng);
        if (trial === 7) [sa, sb] = [broadcastableTo(shape, rng), broadcastableTo(shape, rng)];
        const a = randomValues(numel(sa), rng);
        // Denominators kept away from 0: |y| in [0.5, 1.5].
        const b =
          name === 'div'
            ? randomValues(numel(sb), rng, 0.5, 1.5).map((v, i) => (i % 2 ? v : -v))
            : randomValues(numel(sb), rng);
        gradCheck(
          ([x, y]) => op(x, y),
          refBinary(f, sa, sb),
          [
            { shape: sa, values: a },
            { shape: sb, values: b },
          ],
          rng,
        );
      }
    });
  }

  it('hand-computed values', () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tensor([10, 20, 30], [3]);
    expect([...add(a, b).data]).toEqual([11, 22, 33, 14, 25, 36]);
    expect(add(a, tensor([100, 200], [2, 1])).shape).toEqual([2, 3]);
    expect([...add(a, tensor([100, 200], [2, 1])).data]).toEqual([101, 102, 103, 204, 205, 206]);
    expect([...div(tensor([1, 3]), tensor([2])).data]).toEqual([0.5, 1.5]);
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/do not broadcast/);
  });

  it('scale and addScalar', () => {
    const rng = new Rng(3);
    const v = randomValues(6, rng);
    gradCheck(
      ([x]) => scale(x, -2.5),
      ([x]) => x.map((t) => -2.5 * t),
      [{ shape: [2, 3], values: v }],
      rng,
    );
    gradCheck(
      ([x]) => addScalar(x, 0.75),
      ([x]) => x.map((t) => t + 0.75),
      [{ shape: [6], values: v }],
      rng,
    );
  });
});

describe('unary ops', () => {
  const geluRef = (x: number) =>
    0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  const cases = [
    { name: 'neg', op: neg, f: (x: number) => -x, lo: -2, hi: 2 },
    { name: 'exp', op: exp, f: Math.exp, lo: -2, hi: 2 },
    { name: 'log', op: log, f: Math.log, lo: 0.2, hi: 3 },
    { name: 'sqrt', op: sqrt, f: Math.sqrt, lo: 0.2, hi: 3 },
    { name: 'tanh', op: tanh, f: Math.tanh, lo: -3, hi: 3 },
    { name: 'relu', op: relu, f: (x: number) => Math.max(0, x), lo: -2, hi: 2 },
    { name: 'sigmoid', op: sigmoid, f: (x: number) => 1 / (1 + Math.exp(-x)), lo: -6, hi: 6 },
    { name: 'gelu', op: gelu, f: geluRef, lo: -4, hi: 4 },
  ];
  for (const { name, op, f, lo, hi } of cases) {
    it(`${name}: values and gradients`, () => {
      const rng = new Rng(name.length);
      const shape = randomShape(rng, 3);
      // NOTE: ReLU is not differentiable at 0; keep samples away from the kink.
      const values = randomValues(numel(shape), rng, lo, hi).map((v) =>
        name === 'relu' && Math.abs(v) < 0.05 ? 0.5 : v,
      );
      gradCheck(
        ([x]) => op(x),
        ([x]) => x.map(f),
        [{ shape, values }],
        rng,
      );
    });
  }

  it('hand-computed values', () => {
    expectClose(exp(tensor([0, 1])).data, [1, Math.E]);
    expectClose(relu(tensor([-1, 0, 2])).data, [0, 0, 2]);
    expectClose(sigmoid(tensor([0, -1000, 1000])).data, [0.5, 0, 1]);
    // GELU (tanh form) at 1 is 0.5·(1 + tanh(√(2/π)·1.044715)) = 0.841192
    expectClose(gelu(tensor([1, 0, -1])).data, [0.841192, 0, -0.158808], 1e-6);
  });
});
