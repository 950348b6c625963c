// Text generation from a trained GPT. Two paths with the same result:
// - without a cache: the engine's forward() over the whole (cropped) context for every new token;
// - with a KV cache: one token at a time through fused loops over the weights, keeping each layer's
//   keys and values (T, C) so that a new token costs one matrix–vector product per weight.

import { kernels, noGrad, Rng, type Arena } from '../engine/index.ts';
import type { Gpt } from './gpt.ts';
import { forward } from './gpt.ts';
import { sampleNext, type SamplingOptions } from './sample.ts';

export type GenerateOptions = SamplingOptions & {
  tokens: number;
  seed?: number;
  kvCache?: boolean;
  onToken?: (id: number) => void;
};

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * A KV cache for one sequence, in an arena of the selected kernels (wasm memory with the fast ones):
 * the weights are copied in once, and per layer the keys and values (block_size, C) of every token
 * seen so far are kept, so a new token costs one matrix–vector product per weight matrix.
 */
export class KvCache {
  private readonly arena: Arena;
  private readonly at = new Map<string, number>(); // tensor name → float offset in the arena
  length = 0;

  constructor(readonly model: Gpt) {
    const { n_layer, block_size: Tmax, n_embd: C, vocab_size: V } = model.config;
    const sizes: [string, number][] = [...model.params].map(([name, t]) => [name, t.size]);
    for (let l = 0; l < n_layer; l++) sizes.push([`k.${l}`, Tmax * C], [`v.${l}`, Tmax * C]);
    sizes.push(
      ['x', C],
      ['h', C],
      ['qkv', 3 * C],
      ['y', C],
      ['proj', C],
      ['hidden', 4 * C],
      ['att', Tmax],
      ['logits', V],
    );
    let total = 0;
    for (const [name, n] of sizes) {
      this.at.set(name, total);
      total += (n + 15) & ~15; // 64-byte aligned
    }
    this.arena = kernels().createArena(total);
    for (const [name, t] of model.params) this.arena.heap.set(t.data, this.at.get(name)!);
  }

  private layerNorm(x: number, l: string, out: number): void {
    const h = this.arena.heap,
      C = this.model.config.n_embd;
    const g = this.at.get(`${l}.weight`)!,
      b = this.at.get(`${l}.bias`); // none when the model has no biases
    let mu = 0;
    for (let i = 0; i < C; i++) mu += h[x + i];
    mu /= C;
    let v = 0;
    for (let i = 0; i < C; i++) v += (h[x + i] - mu) ** 2;
    const r = 1 / Math.sqrt(v / C + 1e-5);
    for (let i = 0; i < C; i++)
      h[out + i] = (h[x + i] - mu) * r * h[g + i] + (b === undefined ? 0 : h[b + i]);
  }

  /** Feeds one token at the next position; returns the logits (V) for the token after it. */
  step(token: number): Float32Array {
    const { n_layer, n_head: H, n_embd: C, block_size, vocab_size: V } = this.model.config;
    if (this.length >= block_size) throw new Error('KV cache is full');
    const t = this.length++;
    const D = C / H,
      scale = 1 / Math.sqrt(D);
    const A = this.arena,
      h = A.heap,
      at = (n: string) => this.at.get(n)!,
      bias = (n: string) => this.at.get(n) ?? -1; // −1: no bias
    const x = at('x'),
      hn = at('h'),
      qkv = at('qkv'),
      y = at('y'),
      proj = at('proj'),
      hidden = at('hidden'),
      att = at('att');
    const wte = at('wte'),
      wpe = at('wpe');
    for (let c = 0; c < C; c++) h[x + c] = h[wte + token * C + c] + h[wpe + t * C + c]; // (C)
    for (let l = 0; l < n_layer; l++) {
      const p = (n: string) => at(`h.${l}.${n}`);
      this.layerNorm(x, `h.${l}.ln_1`, hn);
      A.matvec(hn, p('attn.c_attn.weight'), bias(`h.${l}.attn.c_attn.bias`), qkv, C, 3 * C); // (3C): q, k, v
      const K = at(`k.${l}`),
        Vc = at(`v.${l}`);
      h.copyWithin(K + t * C, qkv + C, qkv + 2 * C);
      h.copyWithin(Vc + t * C, qkv + 2 * C, qkv + 3 * C);
      for (let hd = 0; hd < H; hd++) {
        const o = hd * D;
        // weights = softmax(q·kⱼᵀ/√D) over the cached positions j = 0..t (causal by construction)
        A.dots(qkv + o, K + o, att, t + 1, D, C);
        let m = -Infinity;
        for (let j = 0; j <= t; j++) m = Math.max(m, (h[att + j] *= scale));
        let z = 0;
        for (let j = 0; j <= t; j++) z += h[att + j] = Math.exp(h[att + j] - m);
        for (let j = 0; j <= t; j++) h[att + j] /= z;
        A.axpys(att, Vc + o, y + o, t + 1, D, C); // y_h = Σⱼ weightsⱼ·vⱼ  (D)
      }
      A.matvec(y, p('attn.c_proj.weight'), bias(`h.${l}.attn.c_proj.bias`), proj, C, C);
      for (let c = 0; c < C; c++) h[x + c] += h[proj + c];
      this.layerNorm(x, `h.${l}.ln_2`, hn);
      A.matvec(hn, p('mlp.c_fc.weight'), bias(`h.${l}.mlp.c_fc.bias`), hidden, C, 4 * C); // (4C)
      for (let c = 0; c < 4 * C; c++) {
        const v = h[hidden + c];
        h[hidden + c] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v)));
      }
      A.matvec(hidden, p('mlp.c_proj.weight'), bias(`h.${l}.mlp.c_proj.bias`), proj, 4 * C, C);
      for (let c = 0; c < C; c++) h[x + c] += h[proj + c];
    }
    this.layerNorm(x, 'ln_f', hn);
    A.dots(hn, wte, at('logits'), V, C, C); // tied head: logits[v] = h·wte[v]
    return h.slice(at('logits'), at('logits') + V);
  }
}

/** Logits for the token after `context` (cropped to the last block_size tokens), by forward(). */
function nextLogits(model: Gpt, context: number[]): Float32Array {
  const { block_size, vocab_size: V } = model.config;
  const ctx = context.slice(-block_size);
  const logits = forward(model, Int32Array.from(ctx), 1, ctx.length); // (1, T, V)
  return logits.data.subarray((ctx.length - 1) * V, ctx.length * V);
}

/** Generates `tokens` new ids after `prompt` (at least one id). */
export function generate(model: Gpt, prompt: Int32Array, o: GenerateOptions): number[] {
  if (prompt.length === 0) throw new Error('the prompt needs at least one token');
  const rng = new Rng(o.seed ?? 0);
  const { block_size } = model.config;
  const context = Array.from(prompt);
  const out: number[] = [];
  return noGrad(() => {
    const cache = o.kvCache !== false ? new KvCache(model) : null;
    let logits: Float32Array;
    if (cache) for (const id of context.slice(-block_size)) logits = cache.step(id);
    for (let n = 0; n < o.tokens; n++) {
      // NOTE: with learned absolute positions a cache cannot slide: once the context outgrows the
      // block, every token is computed from the last block_size tokens by forward(), with or without it.
      if (!cache || context.length > block_size) logits = nextLogits(model, context);
      const id = sampleNext(logits!, o, rng);
      context.push(id);
      out.push(id);
      o.onToken?.(id);
      if (cache && context.length <= block_size && n + 1 < o.tokens) logits = cache.step(id);
    }
    return out;
  });
}
