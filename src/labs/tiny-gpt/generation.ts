// Generation in the browser, token by token, with the reason for every token: the next-token
// distribution before and after each filter of the softmax-sampling lab (its own run() is the filter
// core). Greedy (temperature 0) and the cache/forward rule are src/models/generate.ts's, so a checkpoint
// gives the same tokens here as `shirube generate --temperature 0`.
import { noGrad } from '../../engine/index.ts';
import { KvCache } from '../../models/generate.ts';
import type { Gpt } from '../../models/gpt.ts';
import { run as samplingRun, schema as samplingSchema } from '../softmax-sampling/lab.ts';
import { stepTensor } from '../trace.ts';
import { beamSearch, logSoftmax, type BeamStep } from '../beam-search/beam.ts';
import { forward } from '../../models/gpt.ts';

export type GenSettings = {
  strategy: 'greedy' | 'sample' | 'beam';
  tokens: number;
  temperature: number;
  top_k: number;
  top_p: number;
  repetition_penalty: number;
  seed: number;
  beams: number;
};

export const defaultSettings: GenSettings = {
  strategy: 'sample',
  tokens: 80,
  temperature: 0.8,
  top_k: 0,
  top_p: 1,
  repetition_penalty: 1,
  seed: 0,
  beams: 3,
};

/** Why one token was chosen: the distributions of the softmax-sampling steps. */
export type Why = {
  logits: number[];
  penalized: number[];
  scaled: number[];
  probs: number[];
  top_k_probs: number[];
  top_p_probs: number[];
  /** The naive softmax exp(z/T)/Σ in float32, which overflows for small T or large logits. */
  naive: number[];
};

export type GenToken = { id: number; why: Why };

/** softmax without subtracting the maximum, in float32 as the engine computes: exp(>88.7) = ∞. */
export function naiveSoftmax32(scaled: ArrayLike<number>): number[] {
  const e = Array.from(scaled, (v) => Math.fround(Math.exp(Math.fround(v))));
  const z = Math.fround(e.reduce((s, v) => Math.fround(s + v), 0));
  return e.map((v) => Math.fround(v / z));
}

/** Per-token seed of the draw, so a run is repeatable and each position draws afresh. */
export const drawSeed = (seed: number, n: number) => (Math.imul(seed ^ 0x9e3779b9, 31) + n) >>> 0;

export function explain(
  logits: ArrayLike<number>,
  previous: number[],
  s: GenSettings,
  n: number,
): { id: number; why: Why } {
  const V = logits.length;
  const l = Array.from(logits);
  const greedy = s.strategy === 'greedy';
  const trace = samplingRun(
    samplingSchema.parse({
      logits: l,
      vocab: l.map((_, i) => String(i)),
      temperature: greedy ? 1 : s.temperature,
      top_k: greedy ? 0 : Math.min(s.top_k, V),
      top_p: greedy ? 1 : s.top_p,
      repetition_penalty: s.repetition_penalty,
      previous: [...new Set(previous)],
    }),
    drawSeed(s.seed, n),
  );
  const get = (id: string) => stepTensor(trace, id).data;
  const penalized = get('penalized');
  let id = get('sample')[0];
  if (greedy) {
    // argmax of the (penalised) logits, ties → lower id, as sample.ts's temperature 0
    id = 0;
    for (let i = 1; i < V; i++) if (penalized[i] > penalized[id]) id = i;
  }
  const scaled = get('scaled');
  return {
    id,
    why: {
      logits: l,
      penalized,
      scaled,
      probs: get('probs'),
      top_k_probs: get('top_k_probs'),
      top_p_probs: get('top_p_probs'),
      naive: naiveSoftmax32(scaled),
    },
  };
}

/**
 * Streams `s.tokens` new tokens after `prompt` (greedy or sampled) with generate.ts's rule: the KV
 * cache while the context fits in block_size, then forward() over the last block_size tokens
 * (learned absolute positions cannot slide a cache).
 */
export function* generateTokens(
  model: Gpt,
  prompt: number[],
  s: GenSettings,
): Generator<GenToken, void, undefined> {
  if (prompt.length === 0) throw new Error('the prompt needs at least one token');
  const { block_size } = model.config;
  const context = [...prompt];
  const cache = new KvCache(model);
  let logits!: Float32Array;
  for (const id of context.slice(-block_size)) logits = noGrad(() => cache.step(id));
  for (let n = 0; n < s.tokens; n++) {
    if (context.length > block_size) logits = nextLogits(model, context);
    const t = explain(logits, context, s, n);
    context.push(t.id);
    yield t;
    if (context.length <= block_size && n + 1 < s.tokens) logits = noGrad(() => cache.step(t.id));
  }
}

/** Next-token logits by the full forward pass over the (cropped) context. */
export function nextLogits(model: Gpt, context: number[]): Float32Array {
  const { block_size, vocab_size: V } = model.config;
  const ctx = context.slice(-block_size);
  return noGrad(() => {
    const out = forward(model, Int32Array.from(ctx), 1, ctx.length);
    return out.data.slice((ctx.length - 1) * V, ctx.length * V);
  });
}

/** Beam search on the model (log-probabilities of the full forward pass). */
export function gptBeamSearch(
  model: Gpt,
  prompt: number[],
  width: number,
  steps: number,
): { best: { tokens: number[]; score: number }; history: BeamStep[] } {
  return beamSearch((seq) => logSoftmax(nextLogits(model, seq)), prompt, width, steps);
}
