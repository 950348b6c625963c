// @ts-nocheck — AssemblyScript, not TypeScript: compiled with gemm.ts by build.ts (entry index.ts).
// Element-wise kernels that need eˣ, four lanes at a time: GELU (tanh form) and row softmax.

import { expv, exps, softmaxRow } from './exp';

const C: f32 = 0.7978845608028654; // √(2/π)

/** y = ½x(1 + t), t = tanh(√(2/π)(x + 0.044715x³)) = 1 − 2/(e^{2u} + 1); t is kept for the backward pass. */
export function geluForward(x: usize, y: usize, t: usize, n: i32): void {
  const one = f32x4.splat(1), two = f32x4.splat(2), half = f32x4.splat(0.5);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const u = f32x4.mul(f32x4.splat(C), f32x4.add(v, f32x4.mul(f32x4.splat(0.044715), f32x4.mul(v, f32x4.mul(v, v)))));
    const th = f32x4.sub(one, f32x4.div(two, f32x4.add(expv(f32x4.mul(two, u)), one)));
    v128.store(t + o, th);
    v128.store(y + o, f32x4.mul(f32x4.mul(half, v), f32x4.add(one, th)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    const th: f32 = 1 - 2 / (exps(2 * C * (v + 0.044715 * v * v * v)) + 1);
    store<f32>(t + o, th);
    store<f32>(y + o, 0.5 * v * (1 + th));
  }
}

/** gx += g·(½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)) */
export function geluBackward(x: usize, t: usize, g: usize, gx: usize, n: i32): void {
  const one = f32x4.splat(1), half = f32x4.splat(0.5);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o), th = v128.load(t + o);
    const slope = f32x4.mul(f32x4.splat(C), f32x4.add(one, f32x4.mul(f32x4.splat(3 * 0.044715), f32x4.mul(v, v))));
    const d = f32x4.add(f32x4.mul(half, f32x4.add(one, th)), f32x4.mul(f32x4.mul(f32x4.mul(half, v), f32x4.sub(one, f32x4.mul(th, th))), slope));
    v128.store(gx + o, f32x4.add(v128.load(gx + o), f32x4.mul(v128.load(g + o), d)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o), th = load<f32>(t + o);
    const d: f32 = 0.5 * (1 + th) + 0.5 * v * (1 - th * th) * (C * (1 + 3 * 0.044715 * v * v));
    store<f32>(gx + o, load<f32>(gx + o) + load<f32>(g + o) * d);
  }
}

/** Row softmax of x (rows, n) into y: e^(x − max) / Σ e^(x − max). */
export function softmaxRows(x: usize, y: usize, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) softmaxRow(x + (<usize>(r * n) << 2), y + (<usize>(r * n) << 2), n);
}
