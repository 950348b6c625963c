// Fused versions of the composed nn functions: one op each, with the backward rule derived by hand.
// Same results as nn.ts's compositions (the tests check both against the same references); used
// when the fast kernels are selected, because one pass over memory beats nine.
// NOTE: the loops live in small functions of their own (…Rows, …Backward): V8 optimises those
// whole, where a loop inside the op function would be compiled on its own and de-optimised at the
// op's tail on every call.

import { kernels } from './kernels/index.ts';
import { result, Tensor } from './tensor.ts';

function softmaxBackward(
  Y: Float32Array,
  g: Float32Array,
  gx: Float32Array,
  rows: number,
  n: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let dot = 0;
    for (let j = 0; j < n; j++) dot += g[o + j] * Y[o + j];
    for (let j = 0; j < n; j++) gx[o + j] += Y[o + j] * (g[o + j] - dot);
  }
}

/** y = softmax(x) over the last axis. dL/dx = y ⊙ (g − Σ_j g_j·y_j) */
export function softmaxFused(x: Tensor): Tensor {
  const n = x.shape[x.ndim - 1],
    rows = x.size / n;
  const Y = new Float32Array(x.size);
  kernels().softmaxRows(x.data, Y, rows, n);
  return result('softmax', Y, x.shape, [x], (out) =>
    softmaxBackward(Y, out.grad!, x.gradBuffer(), rows, n),
  );
}

/**
 * Layer norm over the last axis: x̂ = (x − μ)/σ, σ = √(var + eps), y = γ·x̂ + β.
 * dL/dβ = Σ_rows g,  dL/dγ = Σ_rows g·x̂,
 * dL/dx = (1/σ)·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·γ
 */
export function layerNormFused(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const C = x.shape[x.ndim - 1],
    rows = x.size / C;
  if (gamma.size !== C || beta.size !== C)
    throw new Error(`layer norm: gamma and beta need ${C} values`);
  const xhat = new Float32Array(x.size),
    rstd = new Float32Array(rows);
  const Y = new Float32Array(x.size);
  kernels().layerNormForward(x.data, gamma.data, beta.data, Y, xhat, rstd, eps);
  return result('layer_norm', Y, x.shape, [x, gamma, beta], (out) => {
    // The kernel fills all three gradients; a buffer nobody asked for is simply not read.
    const gx = x.requiresGrad ? x.gradBuffer() : new Float32Array(x.size);
    const gg = gamma.requiresGrad ? gamma.gradBuffer() : new Float32Array(C);
    const gb = beta.requiresGrad ? beta.gradBuffer() : new Float32Array(C);
    kernels().layerNormBackward(out.grad!, gamma.data, xhat, rstd, gx, gg, gb);
  });
}

/** Row softmax into P; returns −Σ_r log P[r, t_r]. */
function crossEntropyRows(
  X: Float32Array,
  P: Float32Array,
  targets: Int32Array,
  V: number,
): number {
  let total = 0;
  for (let r = 0; r < targets.length; r++) {
    const o = r * V,
      t = targets[r];
    if (!(t >= 0 && t < V)) throw new Error(`target ${t} is outside 0..${V - 1}`);
    let m = -Infinity;
    for (let j = 0; j < V; j++) if (X[o + j] > m) m = X[o + j];
    let z = 0;
    for (let j = 0; j < V; j++) z += P[o + j] = Math.exp(X[o + j] - m);
    for (let j = 0; j < V; j++) P[o + j] /= z;
    total -= X[o + t] - m - Math.log(z);
  }
  return total;
}

function crossEntropyBackward(
  P: Float32Array,
  targets: Int32Array,
  s: number,
  gx: Float32Array,
  V: number,
): void {
  for (let r = 0; r < targets.length; r++) {
    const o = r * V;
    for (let j = 0; j < V; j++) gx[o + j] += s * P[o + j];
    gx[o + targets[r]] -= s;
  }
}

/**
 * Mean cross-entropy of logits (..., V) against one target per row, in one pass.
 * L = −(1/N) Σ_r log softmax(x_r)[t_r];  dL/dx_r = (softmax(x_r) − onehot(t_r)) · g/N
 */
export function crossEntropyFused(logits: Tensor, targets: Int32Array): Tensor {
  const V = logits.shape[logits.ndim - 1],
    N = logits.size / V;
  if (targets.length !== N)
    throw new Error(`cross-entropy: ${targets.length} targets for ${N} rows`);
  const P = new Float32Array(logits.size);
  const total = crossEntropyRows(logits.data, P, targets, V);
  return result('cross_entropy', Float32Array.of(total / N), [], [logits], (out) =>
    crossEntropyBackward(P, targets, out.grad![0] / N, logits.gradBuffer(), V),
  );
}

function addRows(Y: Float32Array, bias: Float32Array, rows: number): void {
  for (let i = 0; i < rows; i++) Y.set(bias, i * bias.length);
}

/**
 * y = x · W + b for x (..., C_in), W (C_in, C_out), b (C_out): the bias added in the same op.
 * dL/dx = g·Wᵀ, dL/dW = xᵀ·g, dL/db = Σ_rows g
 */
export function linearFused(x: Tensor, weight: Tensor, bias: Tensor): Tensor {
  const [K, N] = weight.shape;
  if (x.shape[x.ndim - 1] !== K)
    throw new Error(`linear: input width ${x.shape[x.ndim - 1]}, weight expects ${K}`);
  const M = x.size / K;
  const Y = new Float32Array(M * N);
  addRows(Y, bias.data, M);
  const one = { batch: 1, strideA: 0, strideB: 0, strideC: 0, accumulate: true };
  kernels().gemm({
    ...one,
    M,
    N,
    K,
    A: x.data,
    transA: false,
    B: weight.data,
    transB: false,
    C: Y,
  });
  return result('linear', Y, [...x.shape.slice(0, -1), N], [x, weight, bias], (out) => {
    const g = out.grad!;
    if (x.requiresGrad) {
      kernels().gemm({
        ...one,
        M,
        N: K,
        K: N,
        A: g,
        transA: false,
        B: weight.data,
        transB: true,
        C: x.gradBuffer(),
      });
    }
    if (weight.requiresGrad) {
      kernels().gemm({
        ...one,
        M: K,
        N,
        K: M,
        A: x.data,
        transA: true,
        B: g,
        transB: false,
        C: weight.gradBuffer(),
      });
    }
    if (bias.requiresGrad) kernels().sumRows(g, bias.gradBuffer(), M, N);
  });
}

/**
 * GELU (tanh form) keeping tanh(u) from the forward pass for the backward one.
 * y = ½x(1 + t), t = tanh(√(2/π)(x + 0.044715x³));  dy/dx = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)
 */
export function geluFused(x: Tensor): Tensor {
  const t = new Float32Array(x.size),
    Y = new Float32Array(x.size);
  kernels().geluForward(x.data, Y, t);
  return result('gelu', Y, x.shape, [x], (out) =>
    kernels().geluBackward(x.data, t, out.grad!, x.gradBuffer()),
  );
}

type AttentionDims = { B: number; T: number; H: number; D: number };

/** Copies q, k and v of every head out of packed rows (B, T, 3C) into (B·H, T, D) each. */
function splitHeads(
  qkv: Float32Array,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  { B, T, H, D }: AttentionDims,
): void {
  const C = H * D;
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      const row = (b * T + t) * 3 * C;
      for (let h = 0; h < H; h++) {
        const dst = ((b * H + h) * T + t) * D,
          src = row + h * D;
        for (let d = 0; d < D; d++) {
          q[dst + d] = qkv[src + d];
          k[dst + d] = qkv[src + C + d];
          v[dst + d] = qkv[src + 2 * C + d];
        }
      }
    }
}

/** Adds the heads' gradients (B·H, T, D) back into the packed rows' gradient (B, T, 3C). */
function mergeHeadGrads(
  gq: Float32Array,
  gk: Float32Array,
  gv: Float32Array,
  gqkv: Float32Array,
  { B, T, H, D }: AttentionDims,
): void {
  const C = H * D;
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      const row = (b * T + t) * 3 * C;
      for (let h = 0; h < H; h++) {
        const src = ((b * H + h) * T + t) * D,
          dst = row + h * D;
        for (let d = 0; d < D; d++) {
          gqkv[dst + d] += gq[src + d];
          gqkv[dst + C + d] += gk[src + d];
          gqkv[dst + 2 * C + d] += gv[src + d];
        }
      }
    }
}

/** (B·H, T, D) ↔ (B, T, C): heads side by side in head order. `toHeads` picks the direction. */
function moveHeads(
  heads: Float32Array,
  rows: Float32Array,
  { B, T, H, D }: AttentionDims,
  toHeads: boolean,
): void {
  const C = H * D;
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let t = 0; t < T; t++) {
        const s = ((b * H + h) * T + t) * D,
          r = (b * T + t) * C + h * D;
        if (toHeads) for (let d = 0; d < D; d++) heads[s + d] = rows[r + d];
        else for (let d = 0; d < D; d++) rows[r + d] = heads[s + d];
      }
}

/** P = softmax over keys j ≤ i of s·S[i, j] (0 for j > i), for every (T, T) matrix of S, in place. */
function causalSoftmax(S: Float32Array, T: number, s: number): void {
  for (let o = 0; o < S.length; o += T * T)
    for (let i = 0; i < T; i++) {
      const r = o + i * T;
      let m = -Infinity;
      for (let j = 0; j <= i; j++) m = Math.max(m, S[r + j] * s);
      let z = 0;
      for (let j = 0; j <= i; j++) z += S[r + j] = Math.exp(S[r + j] * s - m);
      for (let j = 0; j <= i; j++) S[r + j] /= z;
      for (let j = i + 1; j < T; j++) S[r + j] = 0;
    }
}

/** dS = s · P ⊙ (dP − Σ_j dP_j·P_j), row by row, in place in dP. */
function softmaxGradScaled(P: Float32Array, dP: Float32Array, T: number, s: number): void {
  for (let r = 0; r < P.length; r += T) {
    let dot = 0;
    for (let j = 0; j < T; j++) dot += dP[r + j] * P[r + j];
    for (let j = 0; j < T; j++) dP[r + j] = s * P[r + j] * (dP[r + j] - dot);
  }
}

/** C[b] = op(A[b])·op(B[b]) for every head b: the batched product of the attention. */
function headProducts(
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  heads: number,
  M: number,
  N: number,
  K: number,
  transA: boolean,
  transB: boolean,
): void {
  kernels().gemm({
    batch: heads,
    M,
    N,
    K,
    A,
    strideA: M * K,
    transA,
    B,
    strideB: K * N,
    transB,
    C,
    strideC: M * N,
    accumulate: false,
  });
}

/**
 * Causal multi-head self-attention over packed rows q|k|v (B, T, 3C), heads merged: y (B, T, C).
 * Per head: S = Q·Kᵀ/√D with S[i, j>i] = −∞, P = softmax(S), Y = P·V;
 * dV = Pᵀ·dY, dP = dY·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P))/√D, dQ = dS·K, dK = dSᵀ·Q.
 * One op for what nn.ts composes from slices, permutes, a matmul, a scale, a mask and a softmax.
 */
export function causalAttentionFused(qkv: Tensor, nHead: number): Tensor {
  const [B, T, C3] = qkv.shape;
  const C = C3 / 3,
    H = nHead,
    D = C / H,
    BH = B * H;
  const dims = { B, T, H, D };
  const s = 1 / Math.sqrt(D);
  const q = new Float32Array(BH * T * D),
    k = new Float32Array(q.length),
    v = new Float32Array(q.length);
  splitHeads(qkv.data, q, k, v, dims);
  const P = new Float32Array(BH * T * T);
  headProducts(q, k, P, BH, T, T, D, false, true); //     S = Q·Kᵀ
  causalSoftmax(P, T, s); //                              P = softmax(mask(S/√D))
  const yh = new Float32Array(q.length);
  headProducts(P, v, yh, BH, T, D, T, false, false); //   Y = P·V
  const Y = new Float32Array(B * T * C);
  moveHeads(yh, Y, dims, false);
  return result('causal_attention', Y, [B, T, C], [qkv], (out) => {
    const gy = new Float32Array(q.length);
    moveHeads(gy, out.grad!, dims, true);
    const gv = new Float32Array(q.length),
      gq = new Float32Array(q.length),
      gk = new Float32Array(q.length);
    const dS = new Float32Array(P.length);
    headProducts(P, gy, gv, BH, T, D, T, true, false); //  dV = Pᵀ·dY
    headProducts(gy, v, dS, BH, T, T, D, false, true); //  dP = dY·Vᵀ
    softmaxGradScaled(P, dS, T, s); //                     dS = P ⊙ (dP − Σ dP⊙P) / √D
    headProducts(dS, k, gq, BH, T, D, T, false, false); // dQ = dS·K
    headProducts(dS, q, gk, BH, T, D, T, true, false); //  dK = dSᵀ·Q
    mergeHeadGrads(gq, gk, gv, qkv.gradBuffer(), dims);
  });
}
