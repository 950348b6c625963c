// A tiny encoder–decoder Transformer (one layer each, one head, no layer norm) on the engine, trained
// on PHRASES with Adam, full batch, teacher forcing. Seeded; a progress callback; a few hundred ms.
//   encoder:  x = E_s[src] + P_s;  h = x + Attn(x, x);  enc = h + relu(h·W1)·W2
//   decoder:  y = E_t[tgt_in] + P_t;  u = y + CausalAttn(y, y);  z = u + CrossAttn(u, enc);  logits = z·W_out
//   CrossAttn(u, enc): Q = u·Wq_c, K = enc·Wk_c, V = enc·Wv_c, softmax(QKᵀ/√d)·V
import {
  Adam,
  add,
  causalMask,
  crossEntropy,
  embedding,
  matmul,
  maskedFill,
  noGrad,
  randn,
  relu,
  Rng,
  scale,
  softmax,
  transpose,
  type Tensor,
} from '../../engine/index.ts';
import { BOS, EOS, PHRASES, SRC_VOCAB, TGT_VOCAB } from './phrases.ts';

export const MAX_LEN = 8;

export interface ModelConfig {
  d: number;
  steps: number;
  lr: number;
}

export type Weights = Record<
  | 'Es'
  | 'Ps'
  | 'Wq'
  | 'Wk'
  | 'Wv'
  | 'W1'
  | 'W2'
  | 'Et'
  | 'Pt'
  | 'Wq_d'
  | 'Wk_d'
  | 'Wv_d'
  | 'Wq_c'
  | 'Wk_c'
  | 'Wv_c'
  | 'Wout',
  Tensor
>;

export function initWeights(d: number, seed: number): Weights {
  const rng = new Rng(seed);
  const s = 1 / Math.sqrt(d);
  const p = (shape: number[], std = s) => randn(shape, rng, std, true);
  const Vs = SRC_VOCAB.length,
    Vt = TGT_VOCAB.length;
  return {
    Es: p([Vs, d], 1),
    Ps: p([MAX_LEN, d], 1),
    Wq: p([d, d]),
    Wk: p([d, d]),
    Wv: p([d, d]),
    W1: p([d, 2 * d]),
    W2: p([2 * d, d], 1 / Math.sqrt(2 * d)),
    Et: p([Vt, d], 1),
    Pt: p([MAX_LEN, d], 1),
    Wq_d: p([d, d]),
    Wk_d: p([d, d]),
    Wv_d: p([d, d]),
    Wq_c: p([d, d]),
    Wk_c: p([d, d]),
    Wv_c: p([d, d]),
    Wout: p([d, Vt]),
  };
}

const positions = (T: number) => Int32Array.from({ length: T }, (_, i) => i);

function attend(Q: Tensor, K: Tensor, V: Tensor, causal: boolean) {
  const d = Q.shape[Q.ndim - 1];
  const scores = matmul(Q, transpose(K)); //           (B, Tq, Tk)
  const scaled = scale(scores, 1 / Math.sqrt(d));
  const masked = causal ? maskedFill(scaled, causalMask(Q.shape[Q.ndim - 2]), -Infinity) : scaled;
  const weights = softmax(masked, -1);
  return { scores, scaled, weights, output: matmul(weights, V) };
}

/** enc (B, S, d) from source ids (B·S). */
export function encode(w: Weights, src: Int32Array, B: number, S: number): Tensor {
  const x = add(embedding(w.Es, src, [B, S]), embedding(w.Ps, positions(S))); // (B, S, d)
  const h = add(x, attend(matmul(x, w.Wq), matmul(x, w.Wk), matmul(x, w.Wv), false).output);
  return add(h, matmul(relu(matmul(h, w.W1)), w.W2));
}

/** The decoder on target ids (B·T): logits (B, T, Vt) and the cross-attention quantities. */
export function decode(w: Weights, enc: Tensor, tgt: Int32Array, B: number, T: number) {
  const y = add(embedding(w.Et, tgt, [B, T]), embedding(w.Pt, positions(T)));
  const u = add(y, attend(matmul(y, w.Wq_d), matmul(y, w.Wk_d), matmul(y, w.Wv_d), true).output);
  const Q = matmul(u, w.Wq_c),
    K = matmul(enc, w.Wk_c),
    V = matmul(enc, w.Wv_c);
  const cross = attend(Q, K, V, false);
  const z = add(u, cross.output);
  return { logits: matmul(z, w.Wout), Q, K, V, ...cross };
}

const ids = (vocab: string[], words: string[]) => words.map((x) => vocab.indexOf(x));

export interface Trained {
  weights: Weights;
  losses: number[];
}

/** Trains on all of PHRASES: full batch, Adam, `steps` steps. */
export function train(
  c: ModelConfig,
  seed: number,
  onProgress?: (step: number, loss: number) => void,
): Trained {
  const w = initWeights(c.d, seed);
  const B = PHRASES.length,
    S = 3,
    T = 6;
  const src = Int32Array.from(PHRASES.flatMap(([en]) => ids(SRC_VOCAB, en.split(' '))));
  const tgtWords = PHRASES.map(([, ja]) => ja.split(' '));
  const tgtIn = Int32Array.from(tgtWords.flatMap((t) => ids(TGT_VOCAB, [BOS, ...t])));
  const tgtOut = Int32Array.from(tgtWords.flatMap((t) => ids(TGT_VOCAB, [...t, EOS])));
  const params = Object.values(w);
  const opt = new Adam(params, { lr: c.lr });
  const losses: number[] = [];
  for (let s = 0; s < c.steps; s++) {
    const enc = encode(w, src, B, S);
    const loss = crossEntropy(decode(w, enc, tgtIn, B, T).logits, tgtOut);
    loss.backward();
    opt.step();
    losses.push(loss.item());
    onProgress?.(s + 1, loss.item());
  }
  return { weights: w, losses };
}

export interface Translation {
  /** Generated target tokens, <eos> included when reached. */
  output: string[];
  /** The decoder input [<bos>, y_1, …, y_{T−1}]: row t of every tensor is output step t. */
  input: string[];
  /** Probability of each chosen token. */
  probs: number[];
  enc: Tensor;
  Q: Tensor;
  K: Tensor;
  V: Tensor;
  scores: Tensor;
  scaled: Tensor;
  weights: Tensor;
  output_: Tensor;
}

/** Greedy translation, token by token, of source words (all in SRC_VOCAB). */
export function translate(w: Weights, source: string[]): Translation {
  return noGrad(() => {
    const S = source.length;
    const enc = encode(w, Int32Array.from(ids(SRC_VOCAB, source)), 1, S);
    const prefix = [BOS];
    const out: string[] = [];
    const probs: number[] = [];
    while (out.length < MAX_LEN - 1) {
      const T = prefix.length;
      const { logits } = decode(w, enc, Int32Array.from(ids(TGT_VOCAB, prefix)), 1, T);
      const p = softmax(logits, -1).data;
      const Vt = TGT_VOCAB.length;
      let best = 0;
      for (let v = 1; v < Vt; v++) if (p[(T - 1) * Vt + v] > p[(T - 1) * Vt + best]) best = v; // ties: lower id
      out.push(TGT_VOCAB[best]);
      probs.push(p[(T - 1) * Vt + best]);
      if (TGT_VOCAB[best] === EOS) break;
      prefix.push(TGT_VOCAB[best]);
    }
    const input = [BOS, ...out.slice(0, -1)];
    const r = decode(w, enc, Int32Array.from(ids(TGT_VOCAB, input)), 1, input.length);
    return {
      output: out,
      input,
      probs,
      enc,
      Q: r.Q,
      K: r.K,
      V: r.V,
      scores: r.scores,
      scaled: r.scaled,
      weights: r.weights,
      output_: r.output,
    };
  });
}
