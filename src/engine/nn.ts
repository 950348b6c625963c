// Neural-network functions composed from the primitives, so their gradients come for free:
// softmax, log-softmax, layer norm, cross-entropy, a linear layer. With the fast kernels selected,
// the same functions run fused versions (fused.ts) that pass the same tests.

import { add, addScalar, div, exp, log, mul, neg, scale, sqrt, sub, unary } from './ops/elementwise.ts';
import { causalMask, maskedFill, pick } from './ops/gather.ts';
import { matmul } from './ops/matmul.ts';
import { max, mean, sum } from './ops/reduce.ts';
import { permute, reshape, slice, transpose } from './ops/shape.ts';
import {
  causalAttentionFused,
  crossEntropyFused,
  geluFused,
  layerNormFused,
  linearFused,
  softmaxFused,
} from './fused.ts';
import { kernels } from './kernels/index.ts';
import { detach, Tensor } from './tensor.ts';

/** The fused versions run with the fast kernels; the plain kernels keep the readable compositions. */
const useFused = () => kernels().name !== 'plain';

/**
 * softmax(x)_i = e^(x_i − m) / Σ_j e^(x_j − m) along `axis`, m = max_j x_j.
 * NOTE: subtracting the max keeps e^x from overflowing and changes nothing (it cancels in the ratio),
 * so it is taken outside the graph.
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  if (useFused() && (axis === -1 || axis === x.ndim - 1)) return softmaxFused(x);
  const shifted = sub(x, detach(max(x, axis, true)));
  const e = exp(shifted);
  return div(e, sum(e, axis, true));
}

/** log softmax(x)_i = (x_i − m) − log Σ_j e^(x_j − m): no log of a tiny probability. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const shifted = sub(x, detach(max(x, axis, true)));
  return sub(shifted, log(sum(exp(shifted), axis, true)));
}

/**
 * Layer norm over the last axis (population variance):
 * x̂ = (x − mean) / √(var + eps), out = gamma · x̂ + beta
 */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  if (useFused() && gamma.ndim === 1 && beta.ndim === 1) return layerNormFused(x, gamma, beta, eps);
  const mu = mean(x, -1, true); //                   (..., 1)
  const centered = sub(x, mu); //                     (..., C)
  const variance = mean(mul(centered, centered), -1, true); // (..., 1)
  const normalized = div(centered, sqrt(addScalar(variance, eps))); // (..., C)
  return add(mul(normalized, gamma), beta); //        (..., C)
}

/**
 * Mean cross-entropy in nats: −(1/N) Σ_r log softmax(logits_r)[target_r], logits (..., V),
 * targets one id per row.
 */
export function crossEntropy(logits: Tensor, targets: Int32Array): Tensor {
  if (useFused()) return crossEntropyFused(logits, targets);
  const V = logits.shape[logits.ndim - 1];
  const logProbs = logSoftmax(reshape(logits, [-1, V])); // (N, V)
  return neg(mean(pick(logProbs, targets))); // ()
}

/** y = x · W + b, W (C_in, C_out) */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  if (useFused() && bias && weight.ndim === 2) return linearFused(x, weight, bias);
  const y = matmul(x, weight);
  return bias ? add(y, bias) : y;
}

/** GELU, GPT-2's tanh form (see the rule in ops/elementwise.ts); fused when the fast kernels are on. */
export function gelu(x: Tensor): Tensor {
  return useFused() ? geluFused(x) : unary('gelu', x);
}

/**
 * Causal multi-head self-attention on packed rows q|k|v (B, T, 3C), returning the heads' outputs
 * side by side (B, T, C). Head h uses columns [h·D, (h+1)·D) of each of q, k, v (D = C/H):
 *   weights = softmax(mask(Q·Kᵀ/√D)),  out = weights·V
 * `dropWeights` (attention dropout) is applied to the weights; without it the fast kernels run
 * one fused op (fused.ts).
 */
export function causalSelfAttention(
  qkv: Tensor,
  nHead: number,
  dropWeights?: (weights: Tensor) => Tensor,
): Tensor {
  if (qkv.ndim !== 3 || qkv.shape[2] % (3 * nHead) !== 0)
    throw new Error(
      `attention: expected (B, T, 3C) with C divisible by ${nHead} heads, got [${qkv.shape.join(', ')}]`,
    );
  if (useFused() && !dropWeights) return causalAttentionFused(qkv, nHead);
  const [B, T, C3] = qkv.shape;
  const C = C3 / 3,
    D = C / nHead;
  const heads = (i: number) =>
    permute(reshape(slice(qkv, -1, i * C, (i + 1) * C), [B, T, nHead, D]), [0, 2, 1, 3]);
  const q = heads(0),
    k = heads(1),
    v = heads(2); //                                                          (B, H, T, D)
  const scores = scale(matmul(q, transpose(k)), 1 / Math.sqrt(D)); //        (B, H, T, T)
  const masked = maskedFill(scores, causalMask(T), -Infinity); //             (B, H, T, T)
  const sm = softmax(masked);
  const weights = dropWeights ? dropWeights(sm) : sm; //                      (B, H, T, T)
  const y = matmul(weights, v); //                                            (B, H, T, D)
  return reshape(permute(y, [0, 2, 1, 3]), [B, T, C]); //                     (B, T, C)
}
