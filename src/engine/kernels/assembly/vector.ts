// @ts-nocheck — AssemblyScript, not TypeScript: compiled with gemm.ts by build.ts.
// Matrix–vector kernels for generation with a KV cache: one token at a time, weights resident in
// this module's memory. Pointers are byte addresses; f32 row-major.

import { madd } from './madd';

/** out[j] = b[j] + Σ_i x[i]·W[i, j] for W (K, N); no bias when b is 0. Sixteen columns at a time. */
export function matvec(x: usize, w: usize, b: usize, out: usize, K: i32, N: i32): void {
  let j0 = 0;
  for (; j0 + 16 <= N; j0 += 16) {
    const o = <usize>j0 << 2;
    let a0 = b ? v128.load(b + o) : f32x4.splat(0);
    let a1 = b ? v128.load(b + o, 16) : f32x4.splat(0);
    let a2 = b ? v128.load(b + o, 32) : f32x4.splat(0);
    let a3 = b ? v128.load(b + o, 48) : f32x4.splat(0);
    let row = w + o;
    const stride = <usize>N << 2;
    for (let i = 0; i < K; i++) {
      const xi = v128.load32_splat(x + (<usize>i << 2));
      a0 = madd(xi, v128.load(row), a0);
      a1 = madd(xi, v128.load(row, 16), a1);
      a2 = madd(xi, v128.load(row, 32), a2);
      a3 = madd(xi, v128.load(row, 48), a3);
      row += stride;
    }
    v128.store(out + o, a0);
    v128.store(out + o, a1, 16);
    v128.store(out + o, a2, 32);
    v128.store(out + o, a3, 48);
  }
  for (; j0 < N; j0++) {
    let s: f32 = b ? load<f32>(b + (<usize>j0 << 2)) : 0;
    for (let i = 0; i < K; i++) s += load<f32>(x + (<usize>i << 2)) * load<f32>(w + (<usize>(i * N + j0) << 2));
    store<f32>(out + (<usize>j0 << 2), s);
  }
}

/** out[r] = Σ_c x[c]·M[r·stride + c] for c < n: one dot product per row (scores q·kⱼ, tied head). */
export function dots(x: usize, m: usize, out: usize, rows: i32, n: i32, stride: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = m + (<usize>(r * stride) << 2);
    let acc = f32x4.splat(0);
    let c = 0;
    for (; c + 4 <= n; c += 4) acc = madd(v128.load(x + (<usize>c << 2)), v128.load(row + (<usize>c << 2)), acc);
    let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; c < n; c++) s += load<f32>(x + (<usize>c << 2)) * load<f32>(row + (<usize>c << 2));
    store<f32>(out + (<usize>r << 2), s);
  }
}

/** out[c] = Σ_r w[r]·M[r·stride + c] for c < n: a weighted sum of rows (attention weights · V). */
export function axpys(w: usize, m: usize, out: usize, rows: i32, n: i32, stride: i32): void {
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    let acc = f32x4.splat(0);
    for (let r = 0; r < rows; r++) {
      acc = madd(v128.load32_splat(w + (<usize>r << 2)), v128.load(m + (<usize>(r * stride + c) << 2)), acc);
    }
    v128.store(out + (<usize>c << 2), acc);
  }
  for (; c < n; c++) {
    let s: f32 = 0;
    for (let r = 0; r < rows; r++) s += load<f32>(w + (<usize>r << 2)) * load<f32>(m + (<usize>(r * stride + c) << 2));
    store<f32>(out + (<usize>c << 2), s);
  }
}
