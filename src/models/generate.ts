// Text generation from a trained GPT. Two paths with the same result:
// - without a cache: the engine's forward() over the whole (cropped) context for every new token;
// - with a KV cache: one token at a time through fused loops over the weights, keeping each layer's
//   keys and values (T, C) so that a new token costs one matrix–vector product per weight.

import { noGrad, Rng } from '../engine/index.ts';
import type { Gpt } from './gpt.ts';
import { forward } from './gpt.ts';
import { sampleNext, type SamplingOptions } from './sample.ts';

export type GenerateOptions = SamplingOptions & {
  tokens: number;
  seed?: number;
  kvCache?: boolean;
  onToken?: (id: number) => void;
};

/** out = x · W + b for x (C_in), W (C_in, C_out) row-major: a fused matrix–vector product. */
function matvec(x: Float32Array, W: Float32Array, b: Float32Array, out: Float32Array): void {
  const n = out.length;
  out.set(b);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i],
      row = i * n;
    for (let j = 0; j < n; j++) out[j] += xi * W[row + j];
  }
}

function layerNormInto(x: Float32Array, g: Float32Array, b: Float32Array, out: Float32Array): void {
  const C = x.length;
  let mu = 0;
  for (let i = 0; i < C; i++) mu += x[i];
  mu /= C;
  let v = 0;
  for (let i = 0; i < C; i++) v += (x[i] - mu) * (x[i] - mu);
  const r = 1 / Math.sqrt(v / C + 1e-5);
  for (let i = 0; i < C; i++) out[i] = (x[i] - mu) * r * g[i] + b[i];
}

const gelu = (x: number) =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

/** A KV cache for one sequence: per layer, keys and values (block_size, C). */
export class KvCache {
  readonly keys: Float32Array[];
  readonly values: Float32Array[];
  length = 0;

  constructor(readonly model: Gpt) {
    const { n_layer, block_size, n_embd } = model.config;
    this.keys = Array.from({ length: n_layer }, () => new Float32Array(block_size * n_embd));
    this.values = Array.from({ length: n_layer }, () => new Float32Array(block_size * n_embd));
  }

  /** Feeds one token at the next position; returns the logits (V) for the token after it. */
  step(token: number): Float32Array {
    const { n_layer, n_head: H, n_embd: C, block_size, vocab_size: V } = this.model.config;
    if (this.length >= block_size) throw new Error('KV cache is full');
    const P = (n: string) => this.model.params.get(n)!.data;
    const t = this.length++;
    const D = C / H;
    const x = new Float32Array(C); //                                   (C) residual stream
    const wte = P('wte'),
      wpe = P('wpe');
    for (let c = 0; c < C; c++) x[c] = wte[token * C + c] + wpe[t * C + c];
    const h = new Float32Array(C),
      qkv = new Float32Array(3 * C),
      y = new Float32Array(C);
    const proj = new Float32Array(C),
      hidden = new Float32Array(4 * C),
      att = new Float32Array(t + 1);
    for (let l = 0; l < n_layer; l++) {
      const p = (n: string) => P(`h.${l}.${n}`);
      layerNormInto(x, p('ln_1.weight'), p('ln_1.bias'), h);
      matvec(h, p('attn.c_attn.weight'), p('attn.c_attn.bias'), qkv); // (3C): q, k, v
      const K = this.keys[l],
        Vc = this.values[l];
      K.set(qkv.subarray(C, 2 * C), t * C);
      Vc.set(qkv.subarray(2 * C, 3 * C), t * C);
      const s = 1 / Math.sqrt(D);
      for (let hd = 0; hd < H; hd++) {
        const o = hd * D;
        // weights = softmax(q·kᵀ/√D) over the cached positions 0..t (causal by construction)
        let m = -Infinity;
        for (let j = 0; j <= t; j++) {
          let d = 0;
          for (let c = 0; c < D; c++) d += qkv[o + c] * K[j * C + o + c];
          att[j] = d * s;
          if (att[j] > m) m = att[j];
        }
        let z = 0;
        for (let j = 0; j <= t; j++) z += att[j] = Math.exp(att[j] - m);
        for (let c = 0; c < D; c++) y[o + c] = 0;
        for (let j = 0; j <= t; j++) {
          const w = att[j] / z;
          for (let c = 0; c < D; c++) y[o + c] += w * Vc[j * C + o + c];
        }
      }
      matvec(y, p('attn.c_proj.weight'), p('attn.c_proj.bias'), proj);
      for (let c = 0; c < C; c++) x[c] += proj[c];
      layerNormInto(x, p('ln_2.weight'), p('ln_2.bias'), h);
      matvec(h, p('mlp.c_fc.weight'), p('mlp.c_fc.bias'), hidden);
      for (let c = 0; c < 4 * C; c++) hidden[c] = gelu(hidden[c]);
      matvec(hidden, p('mlp.c_proj.weight'), p('mlp.c_proj.bias'), proj);
      for (let c = 0; c < C; c++) x[c] += proj[c];
    }
    layerNormInto(x, P('ln_f.weight'), P('ln_f.bias'), h);
    const logits = new Float32Array(V); // tied head: logits[v] = h · wte[v]
    for (let v = 0; v < V; v++) {
      let d = 0;
      for (let c = 0; c < C; c++) d += h[c] * wte[v * C + c];
      logits[v] = d;
    }
    return logits;
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
    let cache: KvCache | null = null;
    let logits: Float32Array;
    const refill = () => {
      // With learned absolute positions a cache cannot slide: start again on the last block.
      cache = new KvCache(model);
      for (const id of context.slice(-block_size)) logits = cache.step(id);
    };
    if (o.kvCache !== false) refill();
    for (let n = 0; n < o.tokens; n++) {
      if (o.kvCache === false) logits = nextLogits(model, context);
      const id = sampleNext(logits!, o, rng);
      context.push(id);
      out.push(id);
      o.onToken?.(id);
      if (o.kvCache !== false && n + 1 < o.tokens) {
        if (cache!.length >= block_size) refill();
        else logits = cache!.step(id);
      }
    }
    return out;
  });
}
