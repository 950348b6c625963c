// @ts-nocheck — AssemblyScript, not TypeScript: compiled with gemm.ts by build.ts.
// Row kernels of training: layer norm forward and backward, column sums (bias gradients) and the
// AdamW update, four lanes at a time. Pointers are byte addresses; f32 row-major.

import { madd } from './madd';

function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * Per row of x (rows, C): μ = mean, rstd = 1/√(var + eps) (population variance),
 * x̂ = (x − μ)·rstd, y = γ·x̂ + β. x̂ and rstd are kept for the backward pass.
 */
export function layerNormForward(x: usize, g: usize, b: usize, y: usize, xhat: usize, rstd: usize, rows: i32, C: i32, eps: f32): void {
  const C4 = C & ~3;
  for (let r = 0; r < rows; r++) {
    const o = x + (<usize>(r * C) << 2);
    let s = f32x4.splat(0);
    for (let j = 0; j < C4; j += 4) s = f32x4.add(s, v128.load(o + (<usize>j << 2)));
    let mu = hsum(s);
    for (let j = C4; j < C; j++) mu += load<f32>(o + (<usize>j << 2));
    mu /= <f32>C;
    const m4 = f32x4.splat(mu);
    let q = f32x4.splat(0);
    for (let j = 0; j < C4; j += 4) {
      const d = f32x4.sub(v128.load(o + (<usize>j << 2)), m4);
      q = madd(d, d, q);
    }
    let v = hsum(q);
    for (let j = C4; j < C; j++) {
      const d = load<f32>(o + (<usize>j << 2)) - mu;
      v += d * d;
    }
    const rs: f32 = 1 / Mathf.sqrt(v / <f32>C + eps);
    store<f32>(rstd + (<usize>r << 2), rs);
    const rs4 = f32x4.splat(rs);
    const oh = xhat + (<usize>(r * C) << 2), oy = y + (<usize>(r * C) << 2);
    for (let j = 0; j < C4; j += 4) {
      const at = <usize>j << 2;
      const h = f32x4.mul(f32x4.sub(v128.load(o + at), m4), rs4);
      v128.store(oh + at, h);
      v128.store(oy + at, madd(h, v128.load(g + at), v128.load(b + at)));
    }
    for (let j = C4; j < C; j++) {
      const at = <usize>j << 2;
      const h = (load<f32>(o + at) - mu) * rs;
      store<f32>(oh + at, h);
      store<f32>(oy + at, h * load<f32>(g + at) + load<f32>(b + at));
    }
  }
}

/**
 * Layer norm backward from dy (rows, C): dγ += Σ_rows dy·x̂, dβ += Σ_rows dy, and
 * dx += rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = dy·γ.
 */
export function layerNormBackward(dy: usize, g: usize, xhat: usize, rstd: usize, dx: usize, dg: usize, db: usize, rows: i32, C: i32): void {
  const C4 = C & ~3;
  for (let r = 0; r < rows; r++) {
    const oy = dy + (<usize>(r * C) << 2), oh = xhat + (<usize>(r * C) << 2), ox = dx + (<usize>(r * C) << 2);
    let s1 = f32x4.splat(0), s2 = f32x4.splat(0);
    for (let j = 0; j < C4; j += 4) {
      const at = <usize>j << 2;
      const d = v128.load(oy + at), h = v128.load(oh + at);
      const gh = f32x4.mul(d, v128.load(g + at));
      s1 = f32x4.add(s1, gh);
      s2 = madd(gh, h, s2);
      v128.store(dg + at, madd(d, h, v128.load(dg + at)));
      v128.store(db + at, f32x4.add(d, v128.load(db + at)));
    }
    let m1 = hsum(s1), m2 = hsum(s2);
    for (let j = C4; j < C; j++) {
      const at = <usize>j << 2;
      const d = load<f32>(oy + at), h = load<f32>(oh + at);
      const gh = d * load<f32>(g + at);
      m1 += gh;
      m2 += gh * h;
      store<f32>(dg + at, load<f32>(dg + at) + d * h);
      store<f32>(db + at, load<f32>(db + at) + d);
    }
    m1 /= <f32>C;
    m2 /= <f32>C;
    const rs = load<f32>(rstd + (<usize>r << 2));
    const rs4 = f32x4.splat(rs), m14 = f32x4.splat(m1), m24 = f32x4.splat(m2);
    for (let j = 0; j < C4; j += 4) {
      const at = <usize>j << 2;
      const gh = f32x4.mul(v128.load(oy + at), v128.load(g + at));
      const t = f32x4.sub(f32x4.sub(gh, m14), f32x4.mul(v128.load(oh + at), m24));
      v128.store(ox + at, madd(rs4, t, v128.load(ox + at)));
    }
    for (let j = C4; j < C; j++) {
      const at = <usize>j << 2;
      const gh = load<f32>(oy + at) * load<f32>(g + at);
      store<f32>(ox + at, load<f32>(ox + at) + rs * (gh - m1 - load<f32>(oh + at) * m2));
    }
  }
}

/** out[j] += Σ_r x[r·n + j]: the column sums of x (rows, n), a bias's gradient. */
export function sumRows(x: usize, out: usize, rows: i32, n: i32): void {
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const o = x + (<usize>(r * n) << 2);
    for (let j = 0; j < n4; j += 4) {
      const at = <usize>j << 2;
      v128.store(out + at, f32x4.add(v128.load(out + at), v128.load(o + at)));
    }
    for (let j = n4; j < n; j++) {
      const at = <usize>j << 2;
      store<f32>(out + at, load<f32>(out + at) + load<f32>(o + at));
    }
  }
}

/**
 * One Adam(W) step over n values: gᵢ ← g + l2·w, w ← shrink·w, m ← β₁m + (1 − β₁)g,
 * v ← β₂v + (1 − β₂)g², w ← w − lr·(m/c1)/(√(v/c2) + ε).
 */
export function adamUpdate(w: usize, g: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32, shrink: f32, l2: f32): void {
  const n4 = n & ~3;
  const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2);
  const nb1 = f32x4.splat(1 - beta1), nb2 = f32x4.splat(1 - beta2);
  const lrc = f32x4.splat(lr / c1), ic2 = f32x4.splat(1 / c2), e = f32x4.splat(eps);
  const sh = f32x4.splat(shrink), l = f32x4.splat(l2);
  for (let i = 0; i < n4; i += 4) {
    const at = <usize>i << 2;
    let wi = v128.load(w + at);
    const gi = madd(l, wi, v128.load(g + at));
    wi = f32x4.mul(wi, sh);
    const mi = madd(b1, v128.load(m + at), f32x4.mul(nb1, gi));
    const vi = madd(b2, v128.load(v + at), f32x4.mul(nb2, f32x4.mul(gi, gi)));
    v128.store(m + at, mi);
    v128.store(v + at, vi);
    const den = f32x4.add(f32x4.sqrt(f32x4.mul(vi, ic2)), e);
    v128.store(w + at, f32x4.sub(wi, f32x4.div(f32x4.mul(lrc, mi), den)));
  }
  for (let i = n4; i < n; i++) {
    const at = <usize>i << 2;
    let wi = load<f32>(w + at);
    const gi = load<f32>(g + at) + l2 * wi;
    wi *= shrink;
    const mi = beta1 * load<f32>(m + at) + (1 - beta1) * gi;
    const vi = beta2 * load<f32>(v + at) + (1 - beta2) * gi * gi;
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(w + at, wi - (lr / c1) * mi / (Mathf.sqrt(vi / c2) + eps));
  }
}
