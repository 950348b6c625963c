// The reference kernels: plain TypeScript loops, written to be read and stepped through.
// The fast kernels (wasm.ts) must give the same results; see kernels.test.ts.

import type { AdamCoefficients, Arena, AttentionDims, GemmArgs, Kernels } from './types.ts';

/** (rows, cols) starting at `offset` in `src`, transposed into a fresh (cols, rows) matrix. */
function transposed(src: Float32Array, offset: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = src[offset + r * cols + c];
  return out;
}

function gemm({
  batch,
  M,
  N,
  K,
  A,
  strideA,
  transA,
  B,
  strideB,
  transB,
  C,
  strideC,
  accumulate,
}: GemmArgs): void {
  for (let b = 0; b < batch; b++) {
    // Bring both operands to row-major (M, K) and (K, N).
    const a = transA
      ? transposed(A, b * strideA, K, M)
      : A.subarray(b * strideA, b * strideA + M * K);
    const bm = transB
      ? transposed(B, b * strideB, N, K)
      : B.subarray(b * strideB, b * strideB + K * N);
    const c0 = b * strideC;
    if (!accumulate && (strideC !== 0 || b === 0)) C.fill(0, c0, c0 + M * N);
    // C[i, j] += Σ_p a[i, p] · bm[p, j], in i-p-j order so the inner loop walks rows of bm and C.
    for (let i = 0; i < M; i++) {
      for (let p = 0; p < K; p++) {
        const aip = a[i * K + p];
        const bRow = p * N,
          cRow = c0 + i * N;
        for (let j = 0; j < N; j++) C[cRow + j] += aip * bm[bRow + j];
      }
    }
  }
}

function createArena(floats: number): Arena {
  const h = new Float32Array(floats);
  return {
    heap: h,
    matvec(x, w, b, out, K, N) {
      for (let j = 0; j < N; j++) h[out + j] = b < 0 ? 0 : h[b + j];
      for (let i = 0; i < K; i++) {
        const xi = h[x + i],
          row = w + i * N;
        for (let j = 0; j < N; j++) h[out + j] += xi * h[row + j];
      }
    },
    dots(x, m, out, rows, n, stride) {
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < n; c++) s += h[x + c] * h[m + r * stride + c];
        h[out + r] = s;
      }
    },
    axpys(w, m, out, rows, n, stride) {
      for (let c = 0; c < n; c++) h[out + c] = 0;
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < n; c++) h[out + c] += h[w + r] * h[m + r * stride + c];
    },
  };
}

const GELU_C = Math.sqrt(2 / Math.PI);

// y = ½x(1 + t), t = tanh(√(2/π)(x + 0.044715x³))
function geluForward(X: Float32Array, Y: Float32Array, T: Float32Array): void {
  for (let i = 0; i < X.length; i++) {
    const v = X[i];
    const t = (T[i] = Math.tanh(GELU_C * (v + 0.044715 * v * v * v)));
    Y[i] = 0.5 * v * (1 + t);
  }
}

// dy/dx = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)
function geluBackward(X: Float32Array, T: Float32Array, g: Float32Array, gx: Float32Array): void {
  for (let i = 0; i < X.length; i++) {
    const v = X[i],
      t = T[i];
    gx[i] += g[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * v * v));
  }
}

// NOTE: subtracting the row maximum keeps e^x finite and cancels in the ratio.
function softmaxRows(X: Float32Array, Y: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let m = -Infinity;
    for (let j = 0; j < n; j++) if (X[o + j] > m) m = X[o + j];
    let z = 0;
    for (let j = 0; j < n; j++) z += Y[o + j] = Math.exp(X[o + j] - m);
    for (let j = 0; j < n; j++) Y[o + j] /= z;
  }
}

// x̂ = (x − μ)/√(var + eps), y = γ·x̂ + β, row by row (population variance)
function layerNormForward(
  X: Float32Array,
  G: Float32Array,
  B: Float32Array,
  Y: Float32Array,
  xhat: Float32Array,
  rstd: Float32Array,
  eps: number,
): void {
  const C = G.length;
  for (let r = 0; r < rstd.length; r++) {
    const o = r * C;
    let mu = 0;
    for (let j = 0; j < C; j++) mu += X[o + j];
    mu /= C;
    let v = 0;
    for (let j = 0; j < C; j++) v += (X[o + j] - mu) * (X[o + j] - mu);
    const rs = (rstd[r] = 1 / Math.sqrt(v / C + eps));
    for (let j = 0; j < C; j++) {
      const h = (xhat[o + j] = (X[o + j] - mu) * rs);
      Y[o + j] = h * G[j] + B[j];
    }
  }
}

// dγ = Σ dy·x̂, dβ = Σ dy, dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = dy·γ
function layerNormBackward(
  dY: Float32Array,
  G: Float32Array,
  xhat: Float32Array,
  rstd: Float32Array,
  gX: Float32Array,
  gG: Float32Array,
  gB: Float32Array,
): void {
  const C = G.length;
  for (let r = 0; r < rstd.length; r++) {
    const o = r * C;
    let m1 = 0,
      m2 = 0;
    for (let j = 0; j < C; j++) {
      const gh = dY[o + j] * G[j];
      m1 += gh;
      m2 += gh * xhat[o + j];
      gG[j] += dY[o + j] * xhat[o + j];
      gB[j] += dY[o + j];
    }
    m1 /= C;
    m2 /= C;
    const rs = rstd[r];
    for (let j = 0; j < C; j++) gX[o + j] += rs * (dY[o + j] * G[j] - m1 - xhat[o + j] * m2);
  }
}

// Packed rows (B, T, 3C): element d of head h's q, k or v (part 0, 1, 2) at time t of sequence b.
const packed = ({ T, H, D }: AttentionDims, b: number, t: number, part: number, h: number) =>
  (b * T + t) * 3 * H * D + part * H * D + h * D;

// P_ij = e^(s·q_i·k_j − m) / Σ_{j' ≤ i} e^(s·q_i·k_j' − m) for j ≤ i (m the row maximum), else 0;
// y_i = Σ_j P_ij·v_j
function attentionForward(
  qkv: Float32Array,
  Y: Float32Array,
  P: Float32Array,
  dims: AttentionDims,
  scale: number,
): void {
  const { B, T, H, D } = dims;
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let i = 0; i < T; i++) {
        const row = ((b * H + h) * T + i) * T,
          q = packed(dims, b, i, 0, h);
        let m = -Infinity;
        for (let j = 0; j <= i; j++) {
          const k = packed(dims, b, j, 1, h);
          let dot = 0;
          for (let d = 0; d < D; d++) dot += qkv[q + d] * qkv[k + d];
          P[row + j] = scale * dot;
          if (P[row + j] > m) m = P[row + j];
        }
        let z = 0;
        for (let j = 0; j <= i; j++) z += P[row + j] = Math.exp(P[row + j] - m);
        for (let j = 0; j <= i; j++) P[row + j] /= z;
        for (let j = i + 1; j < T; j++) P[row + j] = 0;
        const y = (b * T + i) * H * D + h * D;
        for (let d = 0; d < D; d++) {
          let s = 0;
          for (let j = 0; j <= i; j++) s += P[row + j] * qkv[packed(dims, b, j, 2, h) + d];
          Y[y + d] = s;
        }
      }
}

// dP_ij = dy_i·v_j, dS_ij = scale·P_ij·(dP_ij − Σ_j dP_ij·P_ij);
// dv_j += P_ij·dy_i, dq_i += dS_ij·k_j, dk_j += dS_ij·q_i (for every j ≤ i)
function attentionBackward(
  qkv: Float32Array,
  P: Float32Array,
  dY: Float32Array,
  gqkv: Float32Array,
  dims: AttentionDims,
  scale: number,
): void {
  const { B, T, H, D } = dims;
  const dP = new Float32Array(T);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let i = 0; i < T; i++) {
        const row = ((b * H + h) * T + i) * T,
          dy = (b * T + i) * H * D + h * D;
        const q = packed(dims, b, i, 0, h);
        let rowDot = 0;
        for (let j = 0; j <= i; j++) {
          const v = packed(dims, b, j, 2, h);
          let dot = 0;
          for (let d = 0; d < D; d++) dot += dY[dy + d] * qkv[v + d];
          dP[j] = dot;
          rowDot += dot * P[row + j];
          for (let d = 0; d < D; d++) gqkv[v + d] += P[row + j] * dY[dy + d];
        }
        for (let j = 0; j <= i; j++) {
          const k = packed(dims, b, j, 1, h);
          const dS = scale * P[row + j] * (dP[j] - rowDot);
          for (let d = 0; d < D; d++) {
            gqkv[q + d] += dS * qkv[k + d];
            gqkv[k + d] += dS * qkv[q + d];
          }
        }
      }
}

function sumRows(X: Float32Array, out: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) out[j] += X[r * n + j];
}

// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − lr·(m/c1)/(√(v/c2) + ε), after the decay
function adamUpdate(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  k: AdamCoefficients,
): void {
  const { lr, beta1, beta2, eps, c1, c2, shrink, l2 } = k;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i] + l2 * w[i];
    w[i] *= shrink;
    m[i] = beta1 * m[i] + (1 - beta1) * gi;
    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
    w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
  }
}

export const plainKernels: Kernels = {
  name: 'plain',
  fma: false,
  gemm,
  geluForward,
  geluBackward,
  softmaxRows,
  layerNormForward,
  layerNormBackward,
  attentionForward,
  attentionBackward,
  sumRows,
  adamUpdate,
  createArena,
};
