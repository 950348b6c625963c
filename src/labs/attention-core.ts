// Scaled dot-product attention, step by step, on engine tensors: shared by the attention labs.
// Works on one head (T, D) or on H heads at once (H, T, D).
import {
  causalMask,
  maskedFill,
  matmul,
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

/** Checks a numeric answer against the lab's own value. */
export function numericCheck(expected: number, tolerance = 0.01) {
  return (answer: number) => ({
    correct: Number.isFinite(answer) && Math.abs(answer - expected) <= tolerance,
    expected,
  });
}
