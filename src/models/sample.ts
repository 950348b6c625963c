// Sampling the next token from logits, in the order the labs use (as Hugging Face does):
// temperature, softmax, top-k, top-p, renormalise, draw. Temperature 0 is greedy (ties → lower id).

import type { Rng } from '../engine/index.ts';

export type SamplingOptions = { temperature?: number; topK?: number; topP?: number };

export function sampleNext(logits: ArrayLike<number>, o: SamplingOptions, rng: Rng): number {
  const V = logits.length;
  const temperature = o.temperature ?? 1;
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < V; i++) if (logits[i] > logits[best]) best = i;
    return best;
  }
  // probs = softmax(logits / T)
  let m = -Infinity;
  for (let i = 0; i < V; i++) m = Math.max(m, logits[i] / temperature);
  const probs = new Float64Array(V);
  for (let i = 0; i < V; i++) probs[i] = Math.exp(logits[i] / temperature - m);
  // Ids by probability, highest first; ties by the lower id.
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b);
  let keep = V;
  if (o.topK !== undefined && o.topK > 0) keep = Math.min(keep, o.topK);
  const total = order.slice(0, keep).reduce((s, i) => s + probs[i], 0);
  if (o.topP !== undefined && o.topP < 1) {
    // The smallest prefix whose mass reaches p.
    let mass = 0,
      n = 0;
    while (n < keep) {
      mass += probs[order[n++]] / total;
      if (mass >= o.topP) break;
    }
    keep = n;
  }
  const kept = order.slice(0, keep);
  const z = kept.reduce((s, i) => s + probs[i], 0);
  let u = rng.next() * z;
  for (const i of kept) {
    u -= probs[i];
    if (u < 0) return i;
  }
  return kept[kept.length - 1];
}
