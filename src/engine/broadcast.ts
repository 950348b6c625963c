// Broadcasting (NumPy rules), done and undone in this one place.
// An index map sends each output element to the input element it was read from; the backward pass
// undoes the broadcast by adding each output gradient into that same input element.

import type { Shape } from './tensor.ts';

/** The shape two shapes broadcast to, aligned from the right; a 1 stretches to match. */
export function broadcastShape(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

const cache = new Map<string, Int32Array>();

/**
 * For each element of `outShape` (row-major), the index of the element of `inShape` it reads.
 * Cached by shape pair: a training step asks for the same few maps thousands of times.
 */
export function broadcastIndex(outShape: Shape, inShape: Shape): Int32Array {
  const key = `${outShape.join(',')}|${inShape.join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const n = outShape.length;
  // Stride of each output axis in the input; 0 where the input is stretched (size 1 or missing).
  const strides = new Array<number>(n).fill(0);
  let stride = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    const axis = n - inShape.length + i;
    strides[axis] = inShape[i] === 1 ? 0 : stride;
    stride *= inShape[i];
  }
  let total = 1;
  for (const d of outShape) total *= d;
  const map = new Int32Array(total);
  const counter = new Array<number>(n).fill(0);
  let offset = 0;
  for (let i = 0; i < total; i++) {
    map[i] = offset;
    // Odometer increment over the output axes, from the last.
    for (let axis = n - 1; axis >= 0; axis--) {
      counter[axis]++;
      offset += strides[axis];
      if (counter[axis] < outShape[axis]) break;
      offset -= strides[axis] * counter[axis];
      counter[axis] = 0;
    }
  }
  if (cache.size > 256) cache.clear();
  cache.set(key, map);
  return map;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Undoes a broadcast: adds the output-shaped gradient `gOut` into the input-shaped `gIn`.
 * dL/dIn[j] = Σ over output elements i that read j of dL/dOut[i]
 */
export function unbroadcastInto(
  gIn: Float32Array,
  inShape: Shape,
  gOut: Float32Array,
  outShape: Shape,
): void {
  if (sameShape(inShape, outShape)) {
    for (let i = 0; i < gOut.length; i++) gIn[i] += gOut[i];
    return;
  }
  const map = broadcastIndex(outShape, inShape);
  for (let i = 0; i < gOut.length; i++) gIn[map[i]] += gOut[i];
}

/** The values of `t` laid out in `outShape` (t.data itself when no broadcast is needed). */
export function expand(data: Float32Array, inShape: Shape, outShape: Shape): Float32Array {
  if (sameShape(inShape, outShape)) return data;
  const map = broadcastIndex(outShape, inShape);
  const out = new Float32Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = data[map[i]];
  return out;
}
