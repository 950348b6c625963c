// Ops that move values without changing them: reshape, transpose (permute), slice, concat.
// Their backward rules move the gradient back the same way.

import { alloc, result, sizeOf, Tensor } from '../tensor.ts';
import { normalizeAxis } from './reduce.ts';

/** Same values, new shape (one dimension may be −1); dL/da = g read in a's shape */
export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  const known = shape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  const full = shape.map((d) => (d === -1 ? a.size / known : d));
  if (sizeOf(full) !== a.size || !full.every(Number.isInteger)) {
    throw new Error(`cannot reshape [${a.shape.join(', ')}] to [${shape.join(', ')}]`);
  }
  // The data is shared, not copied: tensors are never written after they are made.
  return result('reshape', a.data, full, [a], (out) => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < g.length; i++) ga[i] += g[i];
  });
}

/** For each output element, the index of the input element under the axis permutation `perm`. */
const permuteCache = new Map<string, Int32Array>();

function permuteIndex(shape: readonly number[], perm: readonly number[]): Int32Array {
  const key = `${shape.join(',')}|${perm.join(',')}`;
  const hit = permuteCache.get(key);
  if (hit) return hit;
  if (permuteCache.size > 256) permuteCache.clear();
  const map = buildPermuteIndex(shape, perm);
  permuteCache.set(key, map);
  return map;
}

function buildPermuteIndex(shape: readonly number[], perm: readonly number[]): Int32Array {
  const n = shape.length;
  const inStrides = new Array<number>(n);
  let s = 1;
  for (let i = n - 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= shape[i];
  }
  const outShape = perm.map((p) => shape[p]);
  const strides = perm.map((p) => inStrides[p]);
  const map = new Int32Array(s);
  const counter = new Array<number>(n).fill(0);
  let offset = 0;
  for (let i = 0; i < s; i++) {
    map[i] = offset;
    for (let axis = n - 1; axis >= 0; axis--) {
      counter[axis]++;
      offset += strides[axis];
      if (counter[axis] < outShape[axis]) break;
      offset -= strides[axis] * counter[axis];
      counter[axis] = 0;
    }
  }
  return map;
}

/** out[..i_perm..] = a[..i..]; dL/da = g permuted back */
export function permute(a: Tensor, perm: readonly number[]): Tensor {
  const axes = perm.map((p) => normalizeAxis(p, a.ndim));
  if (axes.length !== a.ndim || new Set(axes).size !== a.ndim)
    throw new Error(`bad permutation [${perm.join(', ')}]`);
  const map = permuteIndex(a.shape, axes);
  const data = alloc(a.size);
  gatherInto(a.data, map, data);
  return result(
    'permute',
    data,
    axes.map((p) => a.shape[p]),
    [a],
    (out) => scatterAddInto(out.grad!, map, a.gradBuffer()),
  );
}

/** out[i] = src[map[i]] */
function gatherInto(src: Float32Array, map: Int32Array, out: Float32Array): void {
  for (let i = 0; i < map.length; i++) out[i] = src[map[i]];
}

/** dst[map[i]] += g[i] */
function scatterAddInto(g: Float32Array, map: Int32Array, dst: Float32Array): void {
  for (let i = 0; i < map.length; i++) dst[map[i]] += g[i];
}

/** Swaps two axes (default: the last two, a matrix transpose) */
export function transpose(a: Tensor, dim0 = -2, dim1 = -1): Tensor {
  const perm = a.shape.map((_, i) => i);
  const d0 = normalizeAxis(dim0, a.ndim),
    d1 = normalizeAxis(dim1, a.ndim);
  [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
  return permute(a, perm);
}

/** out = a[..., start:end, ...] along `axis`; dL/da = g in the slice, 0 outside */
export function slice(a: Tensor, axis: number, start: number, end: number): Tensor {
  const ax = normalizeAxis(axis, a.ndim);
  const n = a.shape[ax];
  if (!(0 <= start && start <= end && end <= n))
    throw new Error(`slice ${start}:${end} out of range 0:${n}`);
  let outer = 1,
    inner = 1;
  for (let i = 0; i < ax; i++) outer *= a.shape[i];
  for (let i = ax + 1; i < a.ndim; i++) inner *= a.shape[i];
  const m = end - start;
  const data = alloc(outer * m * inner);
  for (let o = 0; o < outer; o++)
    data.set(a.data.subarray((o * n + start) * inner, (o * n + end) * inner), o * m * inner);
  const shape = a.shape.map((d, i) => (i === ax ? m : d));
  return result('slice', data, shape, [a], (out) => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let o = 0; o < outer; o++) {
      const src = o * m * inner,
        dst = (o * n + start) * inner;
      for (let i = 0; i < m * inner; i++) ga[dst + i] += g[src + i];
    }
  });
}

/** Joins tensors along `axis`; dL/d(part) = the part's slice of g */
export function concat(parts: Tensor[], axis: number): Tensor {
  const first = parts[0];
  const ax = normalizeAxis(axis, first.ndim);
  for (const p of parts) {
    if (p.ndim !== first.ndim || p.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new Error(
        `concat: shapes [${first.shape.join(', ')}] and [${p.shape.join(', ')}] differ off axis ${ax}`,
      );
    }
  }
  let outer = 1,
    inner = 1;
  for (let i = 0; i < ax; i++) outer *= first.shape[i];
  for (let i = ax + 1; i < first.ndim; i++) inner *= first.shape[i];
  const total = parts.reduce((s, p) => s + p.shape[ax], 0);
  const data = alloc(outer * total * inner);
  const offsets: number[] = [];
  let at = 0;
  for (const p of parts) {
    offsets.push(at);
    const m = p.shape[ax];
    for (let o = 0; o < outer; o++)
      data.set(p.data.subarray(o * m * inner, (o + 1) * m * inner), (o * total + at) * inner);
    at += m;
  }
  const shape = first.shape.map((d, i) => (i === ax ? total : d));
  return result('concat', data, shape, parts, (out) => {
    const g = out.grad!;
    parts.forEach((p, j) => {
      if (!p.requiresGrad) return;
      const gp = p.gradBuffer(),
        m = p.shape[ax];
      for (let o = 0; o < outer; o++) {
        const src = (o * total + offsets[j]) * inner;
        for (let i = 0; i < m * inner; i++) gp[o * m * inner + i] += g[src + i];
      }
    });
  });
}
