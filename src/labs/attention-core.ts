// Scaled dot-product attention, step by step, on engine tensors: shared by the attention labs.
// Works on one head (T, D) or on H heads at once (H, T, D).
import {
  causalMask,
  maskedFill,
  matmul,
  permute,
  reshape,
  scale,
  softmax,
  transpose,
  type Tensor,
} from '../engine/index.ts';

export interface AttentionSteps {
  scores: Tensor; //  (…, T, T)
  scaled: Tensor; //  (…, T, T)
  masked: Tensor | null; // (…, T, T), −∞ above the diagonal
  weights: Tensor; // (…, T, T), rows sum to 1
  output: Tensor; //  (…, T, D)
}

export function attention(Q: Tensor, K: Tensor, V: Tensor, causal: boolean): AttentionSteps {
  const T = Q.shape[Q.ndim - 2];
  const D = Q.shape[Q.ndim - 1];
  const scores = matmul(Q, transpose(K)); //            (…, T, T)
  const scaled = scale(scores, 1 / Math.sqrt(D)); //    (…, T, T)
  // NOTE: −∞ becomes e^−∞ = 0 in the softmax; the diagonal is never masked, so no row is all −∞.
  const masked = causal ? maskedFill(scaled, causalMask(T), -Infinity) : null;
  const weights = softmax(masked ?? scaled, -1); //      (…, T, T)
  const output = matmul(weights, V); //                 (…, T, D_v)
  return { scores, scaled, masked, weights, output };
}

/** (T, C) → (H, T, D): head h takes columns [h·D, (h+1)·D). */
export const splitHeads = (x: Tensor, H: number) =>
  permute(reshape(x, [x.shape[0], H, x.shape[1] / H]), [1, 0, 2]);

/** Multi-head attention of X (T, C) with W_q, W_k, W_v, W_o (C, C) and H heads. */
export function multiHeadAttention(
  X: Tensor,
  W: { Wq: Tensor; Wk: Tensor; Wv: Tensor; Wo: Tensor },
  H: number,
  causal: boolean,
) {
  const [T, C] = X.shape;
  const Q = matmul(X, W.Wq); //   (T, C)
  const K = matmul(X, W.Wk); //   (T, C)
  const V = matmul(X, W.Wv); //   (T, C)
  const a = attention(splitHeads(Q, H), splitHeads(K, H), splitHeads(V, H), causal); // (H, T, T), (H, T, D)
  const concat = reshape(permute(a.output, [1, 0, 2]), [T, C]); // (T, C), heads side by side
  const output = matmul(concat, W.Wo); // (T, C)
  return { Q, K, V, weights: a.weights, headsOut: a.output, concat, output };
}

/** Checks a numeric answer against the lab's own value. */
export function numericCheck(expected: number, tolerance = 0.01) {
  return (answer: number) => ({
    correct: Number.isFinite(answer) && Math.abs(answer - expected) <= tolerance,
    expected,
  });
}
