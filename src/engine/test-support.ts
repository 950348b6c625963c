// Test helpers shared by the engine's tests: a gradient check against central finite differences
// computed in float64 on a separately written reference, and random shapes. Not used by the engine.

import { expect } from 'vitest';
import { mul, sum } from './index.ts';
import { Rng } from './random.ts';
import { Tensor } from './tensor.ts';

export type RefFn = (inputs: Float64Array[]) => ArrayLike<number>;

export type GradCheckOptions = { h?: number; atol?: number; rtol?: number };

/** Row-major size of a shape. */
export const numel = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

export function randomValues(n: number, rng: Rng, lo = -1, hi = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.next();
  return out;
}

export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-5,
  rtol = 1e-4,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i],
      e = expected[i];
    if (e === a) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (atol ${atol}, rtol ${rtol})`);
    }
  }
}

/**
 * Checks forward values and gradients of `engineFn` against `refFn`. The loss is Σ w·out for random
 * weights w, so every output element matters. The engine's gradients (float32, by backward()) are
 * compared with central differences (L(x + h) − L(x − h)) / 2h of the float64 reference.
 */
export function gradCheck(
  engineFn: (inputs: Tensor[]) => Tensor,
  refFn: RefFn,
  inputs: { shape: number[]; values: Float64Array; grad?: boolean }[],
  rng: Rng,
  options: GradCheckOptions = {},
): void {
  const { h = 1e-4, atol = 2e-4, rtol = 2e-3 } = options;
  const tensors = inputs.map(
    (x) => new Tensor(Float32Array.from(x.values), x.shape, x.grad !== false),
  );
  // The reference sees the float32-rounded inputs, like the engine.
  const ref64 = inputs.map((x) => Float64Array.from(Float32Array.from(x.values)));
  const out = engineFn(tensors);
  const expected = refFn(ref64);
  expectClose(out.data, expected, 1e-5, 1e-4);
  const w = randomValues(out.size, rng);
  const loss = sum(mul(out, new Tensor(Float32Array.from(w), out.shape)));
  loss.backward();
  const lossOf = (xs: Float64Array[]) => {
    const y = refFn(xs);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += w[i] * y[i];
    return s;
  };
  inputs.forEach((x, k) => {
    if (x.grad === false) return;
    const numeric = new Float64Array(x.values.length);
    for (let i = 0; i < numeric.length; i++) {
      const saved = ref64[k][i];
      ref64[k][i] = saved + h;
      const up = lossOf(ref64);
      ref64[k][i] = saved - h;
      const down = lossOf(ref64);
      ref64[k][i] = saved;
      numeric[i] = (up - down) / (2 * h);
    }
    expect(tensors[k].grad, `input ${k} has a gradient`).not.toBeNull();
    expectClose(tensors[k].grad!, numeric, atol, rtol);
  });
}

/** A random shape with `ndim` dimensions of size 1..maxDim. */
export function randomShape(rng: Rng, ndim: number, maxDim = 4): number[] {
  return Array.from({ length: ndim }, () => 1 + rng.int(maxDim));
}

/** A shape that broadcasts to `shape`: some leading axes dropped, some sizes set to 1. */
export function broadcastableTo(shape: number[], rng: Rng): number[] {
  const drop = rng.int(shape.length + 1);
  return shape.slice(drop).map((d) => (rng.next() < 0.4 ? 1 : d));
}

/** Multi-index of flat index i in shape (row-major), computed by division: independent of the engine. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = i % shape[a];
    i = Math.floor(i / shape[a]);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let a = 0; a < shape.length; a++) i = i * shape[a] + idx[a];
  return i;
}
