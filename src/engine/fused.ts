// Fused versions of the composed nn functions: one op each, with the backward rule derived by hand.
// Same results as nn.ts's compositions (the tests check both against the same references); used
// when the fast kernels are selected, because one pass over memory beats nine.
// NOTE: the loops live in small functions of their own (…Rows, …Backward): V8 optimises those
// whole, where a loop inside the op function would be compiled on its own and de-optimised at the
// op's tail on every call.

import { kernels } from './kernels/index.ts';
import { alloc, result, Tensor } from './tensor.ts';

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
  const Y = alloc(x.size, false); // (written in full by the kernel, as below)
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
  const xhat = alloc(x.size, false),
    rstd = alloc(rows, false);
  const Y = alloc(x.size, false);
  kernels().layerNormForward(x.data, gamma.data, beta.data, Y, xhat, rstd, eps);
  return result('layer_norm', Y, x.shape, [x, gamma, beta], (out) => {
    // The kernel fills all three gradients; a buffer nobody asked for is simply not read.
    const gx = x.requiresGrad ? x.gradBuffer() : alloc(x.size);
    const gg = gamma.requiresGrad ? gamma.gradBuffer() : alloc(C);
    const gb = beta.requiresGrad ? beta.gradBuffer() : alloc(C);
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
  const P = alloc(logits.size, false);
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
  const Y = alloc(M * N, false);
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
  const t = alloc(x.size, false),
    Y = alloc(x.size, false);
  kernels().geluForward(x.data, Y, t);
  return result('gelu', Y, x.shape, [x], (out) =>
    kernels().geluBackward(x.data, t, out.grad!, x.gradBuffer()),
  );
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
    dims = { B, T, H: nHead, D: C / nHead };
  const s = 1 / Math.sqrt(dims.D);
  const P = alloc(B * nHead * T * T, false),
    Y = alloc(B * T * C, false);
  kernels().attentionForward(qkv.data, Y, P, dims, s);
  return result('causal_attention', Y, [B, T, C], [qkv], (out) =>
    kernels().attentionBackward(qkv.data, P, out.grad!, qkv.gradBuffer(), dims, s),
  );
}
