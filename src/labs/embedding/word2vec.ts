// word2vec skip-gram with negative sampling (Mikolov et al. 2013), in plain numbers so that each
// update can be checked by hand; PCA by power iteration for the 2-D picture.
//
// For a centre word c, a context word o (within `window` words on either side) and K negative words
// n_k drawn from the unigram distribution raised to 3/4:
//   loss = −log σ(v_c·u_o) − Σ_k log σ(−v_c·u_{n_k})
//   ∂/∂v_c = (σ(v_c·u_o) − 1)·u_o + Σ_k σ(v_c·u_{n_k})·u_{n_k}
//   ∂/∂u_o = (σ(v_c·u_o) − 1)·v_c,   ∂/∂u_{n_k} = σ(v_c·u_{n_k})·v_c
// All gradients are taken at the old values, then every vector moves by −lr·gradient.
// v (the input table W_in) is the embedding; u (W_out) only serves training.
import { Rng } from '../../engine/index.ts';

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
export const norm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));
export const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  const n = norm(a) * norm(b);
  return n === 0 ? 0 : dot(a, b) / n;
};

/** One SGD step of SGNS on (v_c, u_o, negatives) in place; returns the loss before the step. */
export function sgnsStep(
  vc: number[] | Float64Array,
  uo: number[] | Float64Array,
  negs: Array<number[] | Float64Array>,
  lr: number,
): number {
  const d = vc.length;
  const so = dot(vc, uo);
  const go = sigmoid(so) - 1;
  const gn = negs.map((u) => sigmoid(dot(vc, u)));
  let loss = -Math.log(sigmoid(so));
  for (const u of negs) loss -= Math.log(sigmoid(-dot(vc, u)));
  const gv = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    gv[i] = go * uo[i];
    negs.forEach((u, k) => (gv[i] += gn[k] * u[i]));
  }
  for (let i = 0; i < d; i++) {
    const v = vc[i];
    uo[i] -= lr * go * v;
    negs.forEach((u, k) => (u[i] -= lr * gn[k] * v));
  }
  for (let i = 0; i < d; i++) vc[i] -= lr * gv[i];
  return loss;
}

export interface Vocab {
  words: string[];
  counts: number[];
  /** The corpus as word ids, sentence by sentence (a window never crosses a sentence end). */
  sentences: number[][];
}

export function buildVocab(text: string): Vocab {
  const words: string[] = [];
  const counts: number[] = [];
  const index = new Map<string, number>();
  const sentences = text
    .split(/[\n。．.!?！？]+/)
    .map((line) =>
      line
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => {
          let id = index.get(w);
          if (id === undefined) {
            id = words.length;
            index.set(w, id);
            words.push(w);
            counts.push(0);
          }
          counts[id]++;
          return id;
        }),
    )
    .filter((s) => s.length > 0);
  return { words, counts, sentences };
}

export interface SgnsConfig {
  dim: number;
  window: number;
  negatives: number;
  epochs: number;
  lr: number;
}

/**
 * Trains W_in (V×dim, uniform ±0.5/dim as word2vec) and W_out (zeros, as word2vec). Pairs are visited
 * in corpus order; negatives ∝ count^0.75, redrawn when equal to the context word.
 */
export function trainSgns(
  vocab: Vocab,
  c: SgnsConfig,
  seed: number,
  onEpoch?: (epoch: number, loss: number) => void,
) {
  const rng = new Rng(seed);
  const V = vocab.words.length;
  const Win = Array.from({ length: V }, () =>
    Float64Array.from({ length: c.dim }, () => (rng.next() - 0.5) / c.dim),
  );
  const Wout = Array.from({ length: V }, () => new Float64Array(c.dim));
  const weights = vocab.counts.map((n) => n ** 0.75);
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  weights.reduce((acc, w) => (cdf.push((acc + w) / total), acc + w), 0);
  const sample = () => {
    const r = rng.next();
    let lo = 0;
    while (lo < V - 1 && cdf[lo] <= r) lo++;
    return lo;
  };
  const losses: number[] = [];
  for (let e = 0; e < c.epochs; e++) {
    let sum = 0,
      n = 0;
    for (const s of vocab.sentences)
      for (let i = 0; i < s.length; i++)
        for (let j = Math.max(0, i - c.window); j <= Math.min(s.length - 1, i + c.window); j++) {
          if (j === i) continue;
          const negs: Float64Array[] = [];
          for (let k = 0; k < c.negatives; k++) {
            let id = sample();
            for (let tries = 0; id === s[j] && tries < 10; tries++) id = sample();
            negs.push(Wout[id]);
          }
          // NOTE: a negative drawn twice is the same vector, updated twice (as in word2vec).
          sum += sgnsStep(Win[s[i]], Wout[s[j]], negs, c.lr);
          n++;
        }
    losses.push(n ? sum / n : 0);
    onEpoch?.(e + 1, losses[e]);
  }
  return { Win, Wout, losses };
}

/**
 * PCA to 2-D: centre the rows, covariance C = XᵀX/n, top eigenvector by power iteration (200 steps
 * from a seeded start), deflate C ← C − λ·e·eᵀ, the second likewise. Each axis is signed so that its
 * largest-magnitude component is positive.
 */
export function pca2(X: ArrayLike<number>[], seed = 0) {
  const n = X.length,
    d = X[0].length;
  const mean = Array.from({ length: d }, (_, j) => X.reduce((a, r) => a + r[j], 0) / n);
  const Xc = X.map((r) => Array.from({ length: d }, (_, j) => r[j] - mean[j]));
  const C = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => Xc.reduce((a, r) => a + r[i] * r[j], 0) / n),
  );
  const rng = new Rng(seed);
  const axes: number[][] = [];
  const variances: number[] = [];
  for (let a = 0; a < Math.min(2, d); a++) {
    let e = Array.from({ length: d }, () => rng.next() + 0.1);
    let lambda = 0;
    for (let it = 0; it < 200; it++) {
      const y = C.map((row) => dot(row, e));
      const ny = norm(y);
      if (ny === 0) break;
      e = y.map((v) => v / ny);
      lambda = ny;
    }
    let big = 0;
    for (let i = 1; i < d; i++) if (Math.abs(e[i]) > Math.abs(e[big])) big = i;
    if (e[big] < 0) e = e.map((v) => -v);
    lambda = dot(
      e,
      C.map((row) => dot(row, e)),
    );
    axes.push(e);
    variances.push(lambda);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) C[i][j] -= lambda * e[i] * e[j];
  }
  const projection = Xc.map((r) => axes.map((ax) => dot(r, ax)));
  return { mean, axes, variances, projection };
}
