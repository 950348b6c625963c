// @ts-nocheck — AssemblyScript, not TypeScript: compiled to WebAssembly (SIMD) by build.ts.
// The fast matrix product behind ops/matmul.ts: C (+)= op(A)·op(B) with A packed into 4-row strips
// and B into 8-column panels, and a 4×8 register tile of f32x4 accumulators. Pointers are byte
// addresses into this module's memory, managed by wasm.ts; nothing here allocates.

import { madd } from './madd';

/** First free byte after the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

// Rows iFrom ≤ i < iTo of A (M, K) — stored (K, M) when transA — into strips: each holds four rows,
// as K groups of 4.
function packA(a: usize, dst: usize, M: i32, K: i32, transA: bool, iFrom: i32, iTo: i32): void {
  for (let i0 = iFrom; i0 < iTo; i0 += 4) {
    const strip = dst + ((<usize>((i0 - iFrom) * K)) << 2);
    let p = 0;
    if (!transA && i0 + 4 <= iTo) {
      // Four rows, four columns at a time: a 4 × 4 block turned on its side.
      const row = a + ((<usize>(i0 * K)) << 2),
        stride = (<usize>K) << 2;
      for (; p + 4 <= K; p += 4) {
        const at = row + ((<usize>p) << 2);
        transpose4(at, stride, strip + ((<usize>p) << 4), 16);
      }
    }
    for (; p < K; p++) {
      const out = strip + ((<usize>p) << 4);
      if (transA && i0 + 4 <= iTo) {
        v128.store(out, v128.load(a + ((<usize>(p * M + i0)) << 2)));
        continue;
      }
      for (let r = 0; r < 4; r++) {
        const i = i0 + r;
        let v: f32 = 0;
        if (i < iTo)
          v = transA
            ? load<f32>(a + ((<usize>(p * M + i)) << 2))
            : load<f32>(a + ((<usize>(i * K + p)) << 2));
        store<f32>(out + ((<usize>r) << 2), v);
      }
    }
  }
}

// The 4 × 4 block whose rows start at src, src + stride, …, written column by column: column q
// (row r's element q in lane r) at dst + q·dstStride bytes.
// @ts-ignore: decorator
@inline
function transpose4(src: usize, stride: usize, dst: usize, dstStride: usize): void {
  const r0 = v128.load(src),
    r1 = v128.load(src + stride),
    r2 = v128.load(src + 2 * stride),
    r3 = v128.load(src + 3 * stride);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5),
    t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5),
    t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7),
    t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + dstStride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

// B (K, N) — stored (N, K) when transB — into panels: panel q holds columns 8q..8q+7, as K groups of 8.
function packB(b: usize, dst: usize, K: i32, N: i32, transB: bool, jFrom: i32, jTo: i32): void {
  for (let j0 = jFrom; j0 < jTo; j0 += 8) {
    const panel = dst + ((<usize>((j0 - jFrom) * K)) << 2);
    let p = 0;
    if (transB && j0 + 8 <= N) {
      // Eight stored rows (the panel's columns), four of their elements at a time: two 4 × 4
      // blocks turned on their side, into the left and right halves of four panel rows.
      const row = b + ((<usize>(j0 * K)) << 2),
        stride = (<usize>K) << 2;
      for (; p + 4 <= K; p += 4) {
        const at = row + ((<usize>p) << 2),
          out = panel + ((<usize>p) << 5);
        transpose4(at, stride, out, 32);
        transpose4(at + 4 * stride, stride, out + 16, 32);
      }
    }
    for (; p < K; p++) {
      const out = panel + ((<usize>p) << 5);
      if (!transB && j0 + 8 <= N) {
        const src = b + ((<usize>(p * N + j0)) << 2);
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        continue;
      }
      for (let jj = 0; jj < 8; jj++) {
        const j = j0 + jj;
        let v: f32 = 0;
        if (j < N)
          v = transB
            ? load<f32>(b + ((<usize>(j * K + p)) << 2))
            : load<f32>(b + ((<usize>(p * N + j)) << 2));
        store<f32>(out + ((<usize>jj) << 2), v);
      }
    }
  }
}

// Writes one row of the tile (8 columns, or the n < 8 left at the right edge).
function storeRow(c: usize, lo: v128, hi: v128, n: i32, accumulate: bool, tmp: usize): void {
  if (n == 8) {
    if (accumulate) {
      lo = f32x4.add(lo, v128.load(c));
      hi = f32x4.add(hi, v128.load(c, 16));
    }
    v128.store(c, lo);
    v128.store(c, hi, 16);
    return;
  }
  v128.store(tmp, lo);
  v128.store(tmp, hi, 16);
  for (let j = 0; j < n; j++) {
    const at = c + ((<usize>j) << 2);
    const v = load<f32>(tmp + ((<usize>j) << 2));
    store<f32>(at, accumulate ? load<f32>(at) + v : v);
  }
}

/** Bytes of scratch gemm needs for packing. */
export function scratchBytes(M: i32, N: i32, K: i32): i32 {
  return (((M + 3) & ~3) * K + ((N + 7) & ~7) * K + 8) << 2;
}

/**
 * C (M, N) (+)= op(A) (M, K) · op(B) (K, N), all row-major f32; `scratch` holds scratchBytes(M, N, K).
 * C[i, j] = Σ_p A[i, p] · B[p, j], accumulated four rows × eight columns at a time, for the rows
 * iFrom ≤ i < iTo and columns jFrom ≤ j < jTo only (iFrom a multiple of 4, jFrom of 8), so that two
 * threads can share one product.
 */
export function gemm(
  a: usize,
  b: usize,
  c: usize,
  M: i32,
  N: i32,
  K: i32,
  transA: bool,
  transB: bool,
  accumulate: bool,
  scratch: usize,
  iFrom: i32,
  iTo: i32,
  jFrom: i32,
  jTo: i32,
): void {
  const ap = scratch;
  const bp = ap + ((<usize>(((M + 3) & ~3) * K)) << 2);
  const tmp = bp + ((<usize>(((N + 7) & ~7) * K)) << 2);
  packA(a, ap, M, K, transA, iFrom, iTo);
  packB(b, bp, K, N, transB, jFrom, jTo);
  for (let j0 = jFrom; j0 < jTo; j0 += 8) {
    const panel = bp + ((<usize>((j0 - jFrom) * K)) << 2);
    const n = min(8, jTo - j0);
    for (let i0 = iFrom; i0 < iTo; i0 += 4) {
      let pa = ap + ((<usize>((i0 - iFrom) * K)) << 2);
      let pb = panel;
      let c00 = f32x4.splat(0),
        c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0),
        c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0),
        c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0),
        c31 = f32x4.splat(0);
      for (let p = 0; p < K; p++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        const a0 = v128.load32_splat(pa);
        const a1 = v128.load32_splat(pa, 4);
        const a2 = v128.load32_splat(pa, 8);
        const a3 = v128.load32_splat(pa, 12);
        c00 = madd(a0, b0, c00);
        c01 = madd(a0, b1, c01);
        c10 = madd(a1, b0, c10);
        c11 = madd(a1, b1, c11);
        c20 = madd(a2, b0, c20);
        c21 = madd(a2, b1, c21);
        c30 = madd(a3, b0, c30);
        c31 = madd(a3, b1, c31);
        pa += 16;
        pb += 32;
      }
      const row = c + ((<usize>(i0 * N + j0)) << 2);
      const stride = (<usize>N) << 2;
      storeRow(row, c00, c01, n, accumulate, tmp);
      if (i0 + 1 < iTo) storeRow(row + stride, c10, c11, n, accumulate, tmp);
      if (i0 + 2 < iTo) storeRow(row + 2 * stride, c20, c21, n, accumulate, tmp);
      if (i0 + 3 < iTo) storeRow(row + 3 * stride, c30, c31, n, accumulate, tmp);
    }
  }
}
