// Ops that read by index or by mask: embedding lookup, picking one entry per row, masked fill,
// dropout. Indices are plain Int32Arrays (they carry no gradient).

import type { Random } from '../random.ts';
import { alloc, result, Tensor } from '../tensor.ts';

/** out[..., :] = weight[ids[...], :] for weight (V, C); dL/dweight[v] = Σ over positions holding v of g */
export function embedding(
  weight: Tensor,
  ids: Int32Array,
  idsShape: readonly number[] = [ids.length],
): Tensor {
  const [V, C] = weight.shape;
  const data = alloc(ids.length * C); // (...ids, C)
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < V)) throw new Error(`token id ${id} is outside the vocabulary of ${V}`);
    data.set(weight.data.subarray(id * C, (id + 1) * C), i * C);
  }
  return result('embedding', data, [...idsShape, C], [weight], (out) => {
    const g = out.grad!,
      gw = weight.gradBuffer();
    for (let i = 0; i < ids.length; i++) {
      const dst = ids[i] * C;
      for (let c = 0; c < C; c++) gw[dst + c] += g[i * C + c];
    }
  });
}

/** out[r] = a[r, index[r]] for a (R, N); dL/da[r, index[r]] = g[r] */
export function pick(a: Tensor, index: Int32Array): Tensor {
  const N = a.shape[a.ndim - 1];
  const R = a.size / N;
  if (index.length !== R) throw new Error(`pick: ${index.length} indices for ${R} rows`);
  const data = alloc(R);
  for (let r = 0; r < R; r++) {
    if (!(index[r] >= 0 && index[r] < N))
      throw new Error(`index ${index[r]} is outside 0..${N - 1}`);
    data[r] = a.data[r * N + index[r]];
  }
  return result('pick', data, a.shape.slice(0, -1), [a], (out) => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let r = 0; r < R; r++) ga[r * N + index[r]] += g[r];
  });
}

/**
 * out = mask ? value : a, with `mask` (1 = fill) covering the trailing dimensions of a and repeated
 * over the leading ones (a causal (T, T) mask over (B, H, T, T) scores). dL/da = mask ? 0 : g
 */
export function maskedFill(a: Tensor, mask: Uint8Array, value: number): Tensor {
  const m = mask.length;
  if (a.size % m !== 0) throw new Error(`mask of ${m} values does not tile a tensor of ${a.size}`);
  const data = alloc(a.size);
  fillMasked(a.data, mask, value, data);
  return result('masked_fill', data, a.shape, [a], (out) =>
    addUnmasked(out.grad!, mask, a.gradBuffer()),
  );
}

function fillMasked(x: Float32Array, mask: Uint8Array, value: number, out: Float32Array): void {
  const m = mask.length;
  for (let o = 0; o < x.length; o += m)
    for (let i = 0; i < m; i++) out[o + i] = mask[i] ? value : x[o + i];
}

function addUnmasked(g: Float32Array, mask: Uint8Array, ga: Float32Array): void {
  const m = mask.length;
  for (let o = 0; o < g.length; o += m)
    for (let i = 0; i < m; i++) if (!mask[i]) ga[o + i] += g[o + i];
}

/** The causal mask (T, T): 1 above the diagonal (key index > query index). */
export function causalMask(T: number): Uint8Array {
  const mask = new Uint8Array(T * T);
  for (let q = 0; q < T; q++) for (let k = q + 1; k < T; k++) mask[q * T + k] = 1;
  return mask;
}

/**
 * Inverted dropout: each value is zeroed with probability p and the rest scaled by 1/(1 − p), so
 * the expectation is unchanged. The identity when p = 0 or `training` is false.
 * dL/da = g · keep / (1 − p)
 */
export function dropout(a: Tensor, p: number, rng: Random, training = true): Tensor {
  if (!training || p === 0) return a;
  if (!(p > 0 && p < 1)) throw new Error(`dropout probability must be in [0, 1), got ${p}`);
  const keepScale = alloc(a.size);
  for (let i = 0; i < a.size; i++) keepScale[i] = rng.next() < p ? 0 : 1 / (1 - p);
  const data = alloc(a.size);
  for (let i = 0; i < a.size; i++) data[i] = a.data[i] * keepScale[i];
  return result('dropout', data, a.shape, [a], (out) => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < g.length; i++) ga[i] += g[i] * keepScale[i];
  });
}
