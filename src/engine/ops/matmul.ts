// Matrix product, batched: (..., M, K) · (K, N) or (..., M, K) · (..., K, N). The arithmetic is the
// kernel's (kernels/); this op only lays out the batches and states the backward rule.

import { kernels } from '../kernels/index.ts';
import { alloc, result, Tensor } from '../tensor.ts';

/**
 * out = a · b
 * dL/da = g · bᵀ    (M, N)·(N, K) → (M, K)
 * dL/db = aᵀ · g    (K, M)·(M, N) → (K, N), summed over the batch when b is shared
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim < 2 || b.ndim < 2) throw new Error('matmul needs at least 2-D tensors');
  const K = a.shape[a.ndim - 1];
  if (b.shape[b.ndim - 2] !== K) {
    throw new Error(
      `matmul: [${a.shape.join(', ')}] · [${b.shape.join(', ')}]: inner sizes ${K} and ${b.shape[b.ndim - 2]} differ`,
    );
  }
  const N = b.shape[b.ndim - 1];
  let batch: number, M: number, strideA: number, strideB: number, batchShape: number[];
  if (b.ndim === 2) {
    // b is shared: fold a's batch into its rows, one (B·M, K)·(K, N) product.
    batchShape = a.shape.slice(0, -2);
    batch = 1;
    M = a.size / K;
    strideA = 0;
    strideB = 0;
  } else {
    const aBatch = a.shape.slice(0, -2),
      bBatch = b.shape.slice(0, -2);
    const shared = a.ndim === 2;
    if (!shared && (aBatch.length !== bBatch.length || aBatch.some((d, i) => d !== bBatch[i]))) {
      throw new Error(
        `matmul: batch shapes [${aBatch.join(', ')}] and [${bBatch.join(', ')}] differ`,
      );
    }
    batchShape = bBatch;
    batch = bBatch.reduce((p, d) => p * d, 1);
    M = a.shape[a.ndim - 2];
    strideA = shared ? 0 : M * K;
    strideB = K * N;
  }
  const strideC = batch === 1 ? 0 : M * N;
  const shape =
    b.ndim === 2 ? [...a.shape.slice(0, -1), N] : [...batchShape, a.shape[a.ndim - 2], N];
  const data = alloc(batch * M * N, false); // the product overwrites it (accumulate: false)
  kernels().gemm({
    batch,
    M,
    N,
    K,
    A: a.data,
    strideA,
    transA: false,
    B: b.data,
    strideB,
    transB: false,
    C: data,
    strideC,
    accumulate: false,
  });
  return result('matmul', data, shape, [a, b], (out) => {
    const g = out.grad!;
    if (a.requiresGrad) {
      kernels().gemm({
        batch,
        M,
        N: K,
        K: N,
        A: g,
        strideA: strideC,
        transA: false,
        B: b.data,
        strideB,
        transB: true,
        C: a.gradBuffer(),
        strideC: strideA,
        accumulate: true,
      });
    }
    if (b.requiresGrad) {
      kernels().gemm({
        batch,
        M: K,
        N,
        K: M,
        A: a.data,
        strideA,
        transA: true,
        B: g,
        strideB: strideC,
        transB: false,
        C: b.gradBuffer(),
        strideC: strideB,
        accumulate: true,
      });
    }
  });
}
