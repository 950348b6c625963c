// The seam between ops and kernels: an op says what to compute, a kernel set says how.
// Every kernel set passes the same conformance suite (kernels.test.ts).

/**
 * Batched matrix product: for b in 0..batch−1, C[b] (+)= op(A[b]) · op(B[b]), where op(A[b]) is
 * (M, K) — stored (K, M) when transA — and op(B[b]) is (K, N) — stored (N, K) when transB.
 * Batch b starts at b·stride in each buffer; stride 0 reuses one matrix for every batch (and, for C,
 * adds every batch into the same matrix). With accumulate false, C is overwritten first.
 */
export type GemmArgs = {
  batch: number;
  M: number;
  N: number;
  K: number;
  A: Float32Array;
  strideA: number;
  transA: boolean;
  B: Float32Array;
  strideB: number;
  transB: boolean;
  C: Float32Array;
  strideC: number;
  accumulate: boolean;
};

/** The shape of packed attention rows qkv (B, T, 3C): q | k | v, each H heads of D columns (C = H·D). */
export type AttentionDims = { B: number; T: number; H: number; D: number };

export type KernelName = 'plain' | 'wasm' | 'wasm-threads';

/**
 * A fixed block of float memory with matrix–vector kernels over it, for one-token-at-a-time inference
 * (weights and KV cache stay resident). Arguments are float offsets into `heap`; row-major.
 */
export type Arena = {
  heap: Float32Array;
  /** out[j] = b[j] + Σ_i x[i]·W[i, j], W (K, N); b = −1 for no bias */
  matvec(x: number, w: number, b: number, out: number, K: number, N: number): void;
  /** out[r] = Σ_{c<n} x[c]·M[r·stride + c] for r < rows */
  dots(x: number, m: number, out: number, rows: number, n: number, stride: number): void;
  /** out[c] = Σ_{r<rows} w[r]·M[r·stride + c] for c < n */
  axpys(w: number, m: number, out: number, rows: number, n: number, stride: number): void;
};

export type Kernels = {
  name: KernelName;
  /** Whether products use fused multiply–add (WebAssembly relaxed SIMD). */
  fma: boolean;
  gemm(args: GemmArgs): void;
  /** Y = GELU(X) (tanh form), T = the tanh values kept for geluBackward. */
  geluForward(X: Float32Array, Y: Float32Array, T: Float32Array): void;
  /** gx += g · GELU′(X), from the saved tanh values T. */
  geluBackward(X: Float32Array, T: Float32Array, g: Float32Array, gx: Float32Array): void;
  /** Y = softmax of each of the `rows` rows of X (rows, n). */
  softmaxRows(X: Float32Array, Y: Float32Array, rows: number, n: number): void;
  /**
   * Layer norm of each row of X (rows, C): Y = G·x̂ + B with x̂ = (x − μ)·rstd, rstd = 1/√(var + eps)
   * (population variance); x̂ and rstd (one per row) are kept for layerNormBackward.
   */
  layerNormForward(
    X: Float32Array,
    G: Float32Array,
    B: Float32Array,
    Y: Float32Array,
    xhat: Float32Array,
    rstd: Float32Array,
    eps: number,
  ): void;
  /** From dY: gG += Σ_rows dY·x̂, gB += Σ_rows dY, gX += rstd·(ĝ − mean ĝ − x̂·mean(ĝ·x̂)), ĝ = dY·G. */
  layerNormBackward(
    dY: Float32Array,
    G: Float32Array,
    xhat: Float32Array,
    rstd: Float32Array,
    gX: Float32Array,
    gG: Float32Array,
    gB: Float32Array,
  ): void;
  /**
   * Causal self-attention of every head, read straight from packed rows qkv (B, T, 3C):
   * P[b·H + h, i, j] = softmax over j ≤ i of scale·q_i·k_j (0 for j > i), kept for the backward
   * pass, and Y[b, i, h·D + d] = Σ_j P[…, i, j]·v_j[d] (Y is (B, T, C)).
   */
  attentionForward(
    qkv: Float32Array,
    Y: Float32Array,
    P: Float32Array,
    dims: AttentionDims,
    scale: number,
  ): void;
  /**
   * From dY (B, T, C), adds into gqkv (B, T, 3C): dv_j += Σ_i P_ij·dy_i, dq_i += Σ_j dS_ij·k_j,
   * dk_j += Σ_i dS_ij·q_i, where dP_ij = dy_i·v_j and dS_ij = scale·P_ij·(dP_ij − Σ_j dP_ij·P_ij).
   */
  attentionBackward(
    qkv: Float32Array,
    P: Float32Array,
    dY: Float32Array,
    gqkv: Float32Array,
    dims: AttentionDims,
    scale: number,
  ): void;
  /** out[j] += Σ_r X[r·n + j] over the rows of X (rows, n). */
  sumRows(X: Float32Array, out: Float32Array, rows: number, n: number): void;
  /** One Adam(W) step on w in place, with its moments m and v (see optim.ts for the rule). */
  adamUpdate(
    w: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    k: AdamCoefficients,
  ): void;
  createArena(floats: number): Arena;
  /**
   * n zeros the kernels read and write where they lie, without copying (WebAssembly on threads:
   * an array in the module's memory). Never freed: for BufferPools, which reuse what they get.
   */
  resident?(n: number): Float32Array;
};

export type AdamCoefficients = {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ, the bias corrections */
  c1: number;
  c2: number;
  /** AdamW's decoupled decay factor 1 − lr·λ (1 for Adam) */
  shrink: number;
  /** Adam's L2 term λ (0 for AdamW) */
  l2: number;
};
