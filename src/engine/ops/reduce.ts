// Reductions along one axis (or all axes): sum, mean, max. The input is seen as (outer, n, inner)
// around the reduced axis of size n.

import { alloc, result, Tensor } from '../tensor.ts';
import { scale } from './elementwise.ts';

export function normalizeAxis(axis: number, ndim: number): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim) throw new Error(`axis ${axis} is out of range for ${ndim} dimensions`);
  return a;
}

function around(
  shape: readonly number[],
  axis: number,
): { outer: number; n: number; inner: number } {
  let outer = 1,
    inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, n: shape[axis], inner };
}

function reducedShape(shape: readonly number[], axis: number, keepDim: boolean): number[] {
  return keepDim ? shape.map((d, i) => (i === axis ? 1 : d)) : shape.filter((_, i) => i !== axis);
}

/** out = Σ_axis a (all elements when axis is undefined); dL/da = g broadcast back along the axis */
export function sum(a: Tensor, axis?: number, keepDim = false): Tensor {
  if (axis === undefined) {
    let s = 0;
    for (let i = 0; i < a.size; i++) s += a.data[i];
    return result('sum', Float32Array.of(s), [], [a], (out) => {
      const g = out.grad![0],
        ga = a.gradBuffer();
      for (let i = 0; i < ga.length; i++) ga[i] += g;
    });
  }
  const ax = normalizeAxis(axis, a.ndim);
  const { outer, n, inner } = around(a.shape, ax);
  const data = alloc(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++) {
      const src = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) data[o * inner + i] += a.data[src + i];
    }
  return result('sum', data, reducedShape(a.shape, ax, keepDim), [a], (out) => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let o = 0; o < outer; o++)
      for (let k = 0; k < n; k++) {
        const dst = (o * n + k) * inner;
        for (let i = 0; i < inner; i++) ga[dst + i] += g[o * inner + i];
      }
  });
}

/** out = (1/n) Σ_axis a — composed: a sum, then a scale */
export function mean(a: Tensor, axis?: number, keepDim = false): Tensor {
  const n = axis === undefined ? a.size : a.shape[normalizeAxis(axis, a.ndim)];
  return scale(sum(a, axis, keepDim), 1 / n);
}

/** out = max_axis a; dL/da = g at the (first) position of the maximum, 0 elsewhere */
export function max(a: Tensor, axis: number, keepDim = false): Tensor {
  const ax = normalizeAxis(axis, a.ndim);
  const { outer, n, inner } = around(a.shape, ax);
  const data = alloc(outer * inner).fill(-Infinity);
  const argmax = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++) {
      const src = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) {
        const v = a.data[src + i];
        if (v > data[o * inner + i]) {
          data[o * inner + i] = v;
          argmax[o * inner + i] = k;
        }
      }
    }
  return result('max', data, reducedShape(a.shape, ax, keepDim), [a], (out) => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let o = 0; o < outer; o++)
      for (let i = 0; i < inner; i++)
        ga[(o * n + argmax[o * inner + i]) * inner + i] += g[o * inner + i];
  });
}
