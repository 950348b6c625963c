// Fused versions of the composed nn functions: one op each, with the backward rule derived by hand.
// Same results as nn.ts's compositions (the tests check both against the same references); used
// when the fast kernels are selected, because one pass over memory beats nine.

import { kernels } from './kernels/index.ts';
import { result, Tensor } from './tensor.ts';

/** y = softmax(x) over the last axis. dL/dx = y ⊙ (g − Σ_j g_j·y_j) */
export function softmaxFused(x: Tensor): Tensor {
  const n = x.shape[x.ndim - 1],
    rows = x.size / n;
  const X = x.data,
    Y = new Float32Array(x.size);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let m = -Infinity;
    for (let j = 0; j < n; j++) if (X[o + j] > m) m = X[o + j];
    let z = 0;
    for (let j = 0; j < n; j++) z += Y[o + j] = Math.exp(X[o + j] - m);
    const inv = 1 / z;
    for (let j = 0; j < n; j++) Y[o + j] *= inv;
  }
  return result('softmax', Y, x.shape, [x], (out) => {
    const g = out.grad!,
      gx = x.gradBuffer();
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += g[o + j] * Y[o + j];
      for (let j = 0; j < n; j++) gx[o + j] += Y[o + j] * (g[o + j] - dot);
    }
  });
}

/**
 * Layer norm over the last axis: x̂ = (x − μ)/σ, σ = √(var + eps), y = γ·x̂ + β.
 * dL/dβ = Σ_rows g,  dL/dγ = Σ_rows g·x̂,
 * dL/dx = (1/σ)·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·γ
 */
export function layerNormFused(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const C = x.shape[x.ndim - 1],
    rows = x.size / C;
  const X = x.data,
    G = gamma.data,
    Bt = beta.data;
  const xhat = new Float32Array(x.size),
    rstd = new Float32Array(rows),
    Y = new Float32Array(x.size);
  for (let r = 0; r < rows; r++) {
    const o = r * C;
    let mu = 0;
    for (let j = 0; j < C; j++) mu += X[o + j];
    mu /= C;
    let v = 0;
    for (let j = 0; j < C; j++) v += (X[o + j] - mu) * (X[o + j] - mu);
    const s = (rstd[r] = 1 / Math.sqrt(v / C + eps));
    for (let j = 0; j < C; j++) {
      const h = (xhat[o + j] = (X[o + j] - mu) * s);
      Y[o + j] = h * G[j] + Bt[j];
    }
  }
  return result('layer_norm', Y, x.shape, [x, gamma, beta], (out) => {
    const g = out.grad!;
    if (gamma.requiresGrad || beta.requiresGrad) {
      const gg = gamma.gradBuffer(),
        gb = beta.gradBuffer();
      for (let r = 0; r < rows; r++) {
        const o = r * C;
        for (let j = 0; j < C; j++) {
          gg[j] += g[o + j] * xhat[o + j];
          gb[j] += g[o + j];
        }
      }
    }
    if (!x.requiresGrad) return;
    const gx = x.gradBuffer();
    for (let r = 0; r < rows; r++) {
      const o = r * C;
      let m1 = 0,
        m2 = 0;
      for (let j = 0; j < C; j++) {
        const gh = g[o + j] * G[j];
        m1 += gh;
        m2 += gh * xhat[o + j];
      }
      m1 /= C;
      m2 /= C;
      const s = rstd[r];
      for (let j = 0; j < C; j++) gx[o + j] += s * (g[o + j] * G[j] - m1 - xhat[o + j] * m2);
    }
  });
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
  const X = logits.data,
    P = new Float32Array(logits.size);
  let total = 0;
  for (let r = 0; r < N; r++) {
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
  return result('cross_entropy', Float32Array.of(total / N), [], [logits], (out) => {
    const s = out.grad![0] / N,
      gx = logits.gradBuffer();
    for (let r = 0; r < N; r++) {
      const o = r * V;
      for (let j = 0; j < V; j++) gx[o + j] += s * (P[o + j] - (j === targets[r] ? 1 : 0));
    }
  });
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
  for (let i = 0; i < M; i++) Y.set(bias.data, i * N);
  const k = kernels();
  k.gemm({
    batch: 1,
    M,
    N,
    K,
    A: x.data,
    strideA: 0,
    transA: false,
    B: weight.data,
    strideB: 0,
    transB: false,
    C: Y,
    strideC: 0,
    accumulate: true,
  });
  return result('linear', Y, [...x.shape.slice(0, -1), N], [x, weight, bias], (out) => {
    const g = out.grad!;
    if (x.requiresGrad) {
      kernels().gemm({
        batch: 1,
        M,
        N: K,
        K: N,
        A: g,
        strideA: 0,
        transA: false,
        B: weight.data,
        strideB: 0,
        transB: true,
        C: x.gradBuffer(),
        strideC: 0,
        accumulate: true,
      });
    }
    if (weight.requiresGrad) {
      kernels().gemm({
        batch: 1,
        M: K,
        N,
        K: M,
        A: x.data,
        strideA: 0,
        transA: true,
        B: g,
        strideB: 0,
        transB: false,
        C: weight.gradBuffer(),
        strideC: 0,
        accumulate: true,
      });
    }
    if (bias.requiresGrad) {
      const gb = bias.gradBuffer();
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) gb[j] += g[i * N + j];
    }
  });
}

/**
 * GELU (tanh form) keeping tanh(u) from the forward pass for the backward one.
 * y = ½x(1 + t), t = tanh(√(2/π)(x + 0.044715x³));  dy/dx = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)
 */
export function geluFused(x: Tensor): Tensor {
  const X = x.data,
    n = X.length;
  const t = new Float32Array(n),
    Y = new Float32Array(n);
  const c = Math.sqrt(2 / Math.PI);
  for (let i = 0; i < n; i++) {
    const v = X[i];
    // NOTE: tanh(u) = 1 − 2/(e^{2u} + 1), cheaper than Math.tanh and exact at both ends (±1).
    const th = (t[i] = 1 - 2 / (Math.exp(2 * c * (v + 0.044715 * v * v * v)) + 1));
    Y[i] = 0.5 * v * (1 + th);
  }
  return result('gelu', Y, x.shape, [x], (out) => {
    const g = out.grad!,
      gx = x.gradBuffer();
    for (let i = 0; i < n; i++) {
      const v = X[i],
        th = t[i];
      gx[i] += g[i] * (0.5 * (1 + th) + 0.5 * v * (1 - th * th) * c * (1 + 3 * 0.044715 * v * v));
    }
  });
}
