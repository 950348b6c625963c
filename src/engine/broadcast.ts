// Broadcasting (NumPy rules), done and undone in this one place.
// An index map sends each output element to the input element it was read from; the backward pass
// undoes the broadcast by adding each output gradient into that same input element.

import { alloc, type Shape } from './tensor.ts';

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
 * How an input is laid over the output, from the cheapest case to the general one:
 * 'same' (no broadcast), 'tile' (the input is the trailing block, repeated: in = i mod n),
 * 'spread' (each input value repeated n times in a row, as (B, T, 1) over (B, T, C): in = ⌊i / n⌋),
 * 'map' (anything else, through broadcastIndex).
 */
type Layout =
  { kind: 'same' } | { kind: 'tile' | 'spread'; n: number } | { kind: 'map'; map: Int32Array };

function layout(inShape: Shape, outShape: Shape): Layout {
  if (sameShape(inShape, outShape)) return { kind: 'same' };
  const inSize = inShape.reduce((p, d) => p * d, 1);
  const outSize = outShape.reduce((p, d) => p * d, 1);
  const padded = [...new Array<number>(outShape.length - inShape.length).fill(1), ...inShape];
  // tile: padded = [1, …, 1, outShape[k:]]
  const k = padded.findIndex((d) => d !== 1);
  if (k === -1 || padded.slice(k).every((d, i) => d === outShape[k + i]))
    return { kind: 'tile', n: inSize };
  // spread: padded = [outShape[:k], 1, …, 1]
  const lastReal = padded.length - 1 - [...padded].reverse().findIndex((d) => d !== 1);
  if (
    padded.slice(0, lastReal + 1).every((d, i) => d === outShape[i]) &&
    padded.slice(lastReal + 1).every((d) => d === 1)
  ) {
    return { kind: 'spread', n: outSize / inSize };
  }
  return { kind: 'map', map: broadcastIndex(outShape, inShape) };
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
  const l = layout(inShape, outShape);
  if (l.kind === 'same') for (let i = 0; i < gOut.length; i++) gIn[i] += gOut[i];
  else if (l.kind === 'tile') {
    for (let o = 0; o < gOut.length; o += l.n) for (let j = 0; j < l.n; j++) gIn[j] += gOut[o + j];
  } else if (l.kind === 'spread') {
    for (let j = 0, i = 0; j < gIn.length; j++) {
      let s = 0;
      for (let r = 0; r < l.n; r++) s += gOut[i++];
      gIn[j] += s;
    }
  } else if (l.kind === 'map') for (let i = 0; i < gOut.length; i++) gIn[l.map[i]] += gOut[i];
}

/** The values of `data` (shaped `inShape`) laid out in `outShape` (data itself when no broadcast is needed). */
export function expand(data: Float32Array, inShape: Shape, outShape: Shape): Float32Array {
  const l = layout(inShape, outShape);
  if (l.kind === 'same') return data;
  const out = alloc(
    outShape.reduce((p, d) => p * d, 1),
    false,
  ); // every element written below
  if (l.kind === 'tile') for (let o = 0; o < out.length; o += l.n) out.set(data, o);
  else if (l.kind === 'spread') {
    for (let j = 0, i = 0; j < data.length; j++) for (let r = 0; r < l.n; r++) out[i++] = data[j];
  } else if (l.kind === 'map') for (let i = 0; i < out.length; i++) out[i] = data[l.map[i]];
  return out;
}
