// @ts-nocheck — AssemblyScript, not TypeScript: compiled with the other kernels by build.ts.
// Causal self-attention read straight from packed rows qkv (B, T, 3C) — q | k | v, each with its H
// heads side by side, D = C/H columns a head — so that no copy splits the heads apart or merges them
// back. Heads from ≤ bh < to only (bh = b·H + h), so that two threads can share one call; different
// heads touch different columns, so the threads never write the same float. D is a multiple of 4
// (wasm.ts sends other widths to the plain kernel). Pointers are byte addresses.

import { madd } from './madd';
import { softmaxRow } from './exp';

function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** Σ_d a[d]·b[d] over D floats (two accumulators, so that the additions overlap). */
function dot(a: usize, b: usize, D: i32): f32 {
  let acc0 = f32x4.splat(0),
    acc1 = f32x4.splat(0);
  let d = 0;
  for (; d + 8 <= D; d += 8) {
    const o = <usize>d << 2;
    acc0 = madd(v128.load(a + o), v128.load(b + o), acc0);
    acc1 = madd(v128.load(a + o, 16), v128.load(b + o, 16), acc1);
  }
  if (d < D) acc0 = madd(v128.load(a + (<usize>d << 2)), v128.load(b + (<usize>d << 2)), acc0);
  return hsum(f32x4.add(acc0, acc1));
}

/** The four dot products a·b_r, r < 4, of a with the rows b + r·stride, as one vector. */
function dots4(a: usize, b: usize, stride: usize, D: i32): v128 {
  let acc0 = f32x4.splat(0),
    acc1 = f32x4.splat(0),
    acc2 = f32x4.splat(0),
    acc3 = f32x4.splat(0);
  for (let d = 0; d < D; d += 4) {
    const o = <usize>d << 2;
    const av = v128.load(a + o);
    const r = b + o;
    acc0 = madd(av, v128.load(r), acc0);
    acc1 = madd(av, v128.load(r + stride), acc1);
    acc2 = madd(av, v128.load(r + 2 * stride), acc2);
    acc3 = madd(av, v128.load(r + 3 * stride), acc3);
  }
  // Lane r of the result is the sum of acc_r's lanes: two rounds of pairwise sums.
  const s01 = f32x4.add(
    v128.shuffle<f32>(acc0, acc1, 0, 2, 4, 6),
    v128.shuffle<f32>(acc0, acc1, 1, 3, 5, 7),
  );
  const s23 = f32x4.add(
    v128.shuffle<f32>(acc2, acc3, 0, 2, 4, 6),
    v128.shuffle<f32>(acc2, acc3, 1, 3, 5, 7),
  );
  return f32x4.add(v128.shuffle<f32>(s01, s23, 0, 2, 4, 6), v128.shuffle<f32>(s01, s23, 1, 3, 5, 7));
}

/** out[j] = scale·(a·row_j) for j < n, the rows b + j·stride; four rows at a time. */
function scores(a: usize, b: usize, stride: usize, n: i32, D: i32, scale: f32, out: usize): void {
  const sv = f32x4.splat(scale);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    v128.store(out + (<usize>j << 2), f32x4.mul(sv, dots4(a, b + <usize>j * stride, stride, D)));
  }
  for (; j < n; j++) store<f32>(out + (<usize>j << 2), scale * dot(a, b + <usize>j * stride, D));
}

/** y[d] += s·x[d] over D floats. */
function axpy(y: usize, s: f32, x: usize, D: i32): void {
  const sv = f32x4.splat(s);
  for (let d = 0; d < D; d += 4) {
    const o = <usize>d << 2;
    v128.store(y + o, madd(sv, v128.load(x + o), v128.load(y + o)));
  }
}

/** out[d] (+)= Σ_{j<n} w[j]·rows[j·stride + d] over D floats: sixteen columns at a time, then four. */
function weightedRows(w: usize, rows: usize, stride: usize, n: i32, out: usize, D: i32, accumulate: bool): void {
  let d = 0;
  for (; d + 16 <= D; d += 16) {
    const o = <usize>d << 2;
    let a0 = f32x4.splat(0),
      a1 = f32x4.splat(0),
      a2 = f32x4.splat(0),
      a3 = f32x4.splat(0);
    let r = rows + o;
    for (let j = 0; j < n; j++) {
      const wj = v128.load32_splat(w + (<usize>j << 2));
      a0 = madd(wj, v128.load(r), a0);
      a1 = madd(wj, v128.load(r, 16), a1);
      a2 = madd(wj, v128.load(r, 32), a2);
      a3 = madd(wj, v128.load(r, 48), a3);
      r += stride;
    }
    if (accumulate) {
      a0 = f32x4.add(a0, v128.load(out + o));
      a1 = f32x4.add(a1, v128.load(out + o, 16));
      a2 = f32x4.add(a2, v128.load(out + o, 32));
      a3 = f32x4.add(a3, v128.load(out + o, 48));
    }
    v128.store(out + o, a0);
    v128.store(out + o, a1, 16);
    v128.store(out + o, a2, 32);
    v128.store(out + o, a3, 48);
  }
  for (; d < D; d += 4) {
    const o = <usize>d << 2;
    let a = f32x4.splat(0);
    let r = rows + o;
    for (let j = 0; j < n; j++) {
      a = madd(v128.load32_splat(w + (<usize>j << 2)), v128.load(r), a);
      r += stride;
    }
    v128.store(out + o, accumulate ? f32x4.add(a, v128.load(out + o)) : a);
  }
}

/**
 * For every head: P[i, j] = softmax over j ≤ i of scale·q_i·k_j (0 for j > i), kept in P (B·H, T, T)
 * for the backward pass, and y_i = Σ_j P[i, j]·v_j written into y (B, T, C).
 */
export function attentionForward(
  qkv: usize,
  y: usize,
  p: usize,
  B: i32,
  T: i32,
  H: i32,
  D: i32,
  scale: f32,
  from: i32,
  to: i32,
): void {
  const C = H * D;
  const rs = <usize>(3 * C) << 2; // bytes from one packed row to the next
  for (let bh = from; bh < to; bh++) {
    const b = bh / H,
      h = bh % H;
    const q0 = qkv + (<usize>(b * T * 3 * C + h * D) << 2);
    const k0 = q0 + (<usize>C << 2),
      v0 = q0 + (<usize>(2 * C) << 2);
    const y0 = y + (<usize>(b * T * C + h * D) << 2);
    for (let i = 0; i < T; i++) {
      const row = p + (<usize>((bh * T + i) * T) << 2);
      const qi = q0 + <usize>i * rs;
      const n = i + 1;
      scores(qi, k0, rs, n, D, scale, row);
      softmaxRow(row, row, n); // over the keys j ≤ i
      for (let j = n; j < T; j++) store<f32>(row + (<usize>j << 2), 0);
      weightedRows(row, v0, rs, n, y0 + (<usize>(i * C) << 2), D, false);
    }
  }
}

/**
 * From dy (B, T, C) and the kept P, adds every head's gradients into gqkv (B, T, 3C):
 * dP[i, j] = dy_i·v_j, dv_j += P[i, j]·dy_i, dS[i, j] = scale·P[i, j]·(dP[i, j] − Σ_j dP[i, j]·P[i, j]),
 * dq_i += Σ_j dS[i, j]·k_j, dk_j += dS[i, j]·q_i. `scratch` holds T floats (one row of dP, then dS).
 */
export function attentionBackward(
  qkv: usize,
  p: usize,
  dy: usize,
  gqkv: usize,
  scratch: usize,
  B: i32,
  T: i32,
  H: i32,
  D: i32,
  scale: f32,
  from: i32,
  to: i32,
): void {
  const C = H * D;
  const rs = <usize>(3 * C) << 2;
  for (let bh = from; bh < to; bh++) {
    const b = bh / H,
      h = bh % H;
    const head = <usize>(b * T * 3 * C + h * D) << 2;
    const q0 = qkv + head,
      k0 = q0 + (<usize>C << 2),
      v0 = q0 + (<usize>(2 * C) << 2);
    const gq0 = gqkv + head,
      gk0 = gq0 + (<usize>C << 2),
      gv0 = gq0 + (<usize>(2 * C) << 2);
    const dy0 = dy + (<usize>(b * T * C + h * D) << 2);
    for (let i = 0; i < T; i++) {
      const row = p + (<usize>((bh * T + i) * T) << 2);
      const dyi = dy0 + (<usize>(i * C) << 2);
      const n = i + 1;
      scores(dyi, v0, rs, n, D, 1, scratch);
      let rowDot: f32 = 0;
      for (let j = 0; j < n; j++) {
        const pij = load<f32>(row + (<usize>j << 2));
        rowDot += load<f32>(scratch + (<usize>j << 2)) * pij;
        axpy(gv0 + <usize>j * rs, pij, dyi, D);
      }
      const qi = q0 + <usize>i * rs;
      for (let j = 0; j < n; j++) {
        const at = scratch + (<usize>j << 2);
        const ds = scale * load<f32>(row + (<usize>j << 2)) * (load<f32>(at) - rowDot);
        store<f32>(at, ds);
        axpy(gk0 + <usize>j * rs, ds, qi, D);
      }
      weightedRows(scratch, k0, rs, n, gq0 + <usize>i * rs, D, true);
    }
  }
}
