// The tiny GPT, nanoGPT's architecture: token + position embeddings, pre-LayerNorm blocks of causal
// multi-head self-attention and a GELU MLP, a final LayerNorm and the output head tied to the token
// embedding. Built from engine ops, so training gets gradients for free. Generation: generate.ts.

import {
  add,
  causalSelfAttention,
  crossEntropy,
  dropout,
  embedding,
  layerNorm,
  linear,
  matmul,
  ones,
  randn,
  Rng,
  Tensor,
  transpose,
  zeros,
  gelu,
} from '../engine/index.ts';
import { hasBias, type GptConfig } from './config.ts';

export type Gpt = {
  config: GptConfig;
  /** Parameters by name (nanoGPT's names), in a fixed order: checkpoints and optimizers rely on it. */
  params: Map<string, Tensor>;
};

/** Linear weights are stored (C_in, C_out), so y = x · W + b. */
export function createGpt(config: GptConfig, rng: Rng): Gpt {
  const { n_layer, n_embd: C, block_size, vocab_size: V, n_head } = config;
  if (C % n_head !== 0) throw new Error(`n_embd ${C} is not divisible by n_head ${n_head}`);
  const params = new Map<string, Tensor>();
  const normal = (name: string, shape: number[], std = 0.02) =>
    params.set(name, randn(shape, rng, std, true));
  const bias = hasBias(config);
  const zero = (name: string, shape: number[]) => bias && params.set(name, zeros(shape, true));
  const one = (name: string, shape: number[]) => params.set(name, ones(shape, true));
  // GPT-2's scaled init: residual projections get std 0.02/√(2·n_layer).
  const projStd = 0.02 / Math.sqrt(2 * n_layer);
  normal('wte', [V, C]);
  normal('wpe', [block_size, C]);
  for (let l = 0; l < n_layer; l++) {
    const h = `h.${l}.`;
    one(h + 'ln_1.weight', [C]);
    zero(h + 'ln_1.bias', [C]);
    normal(h + 'attn.c_attn.weight', [C, 3 * C]);
    zero(h + 'attn.c_attn.bias', [3 * C]);
    normal(h + 'attn.c_proj.weight', [C, C], projStd);
    zero(h + 'attn.c_proj.bias', [C]);
    one(h + 'ln_2.weight', [C]);
    zero(h + 'ln_2.bias', [C]);
    normal(h + 'mlp.c_fc.weight', [C, 4 * C]);
    zero(h + 'mlp.c_fc.bias', [4 * C]);
    normal(h + 'mlp.c_proj.weight', [4 * C, C], projStd);
    zero(h + 'mlp.c_proj.bias', [C]);
  }
  one('ln_f.weight', [C]);
  zero('ln_f.bias', [C]);
  return { config, params };
}

export function countParams(model: Gpt): number {
  let n = 0;
  for (const p of model.params.values()) n += p.size;
  return n;
}

/**
 * Which parameters AdamW's weight decay shrinks: the linear layers' matrices, and wte and wpe when
 * `embeddings` (see TrainConfig.decay_embeddings); never biases or layer-norm gains.
 */
export function decayed(model: Gpt, embeddings: boolean): (p: Tensor) => boolean {
  const emb = new Set([model.params.get('wte'), model.params.get('wpe')]);
  return (p) => p.ndim >= 2 && (embeddings || !emb.has(p));
}

export type ForwardOptions = { training?: boolean; rng?: Rng };

/** A bias parameter, or undefined when the model has none. */
const biasOf = (model: Gpt, name: string): Tensor | undefined => model.params.get(name);

/** Layer norm with the model's gain and, where it has one, its bias (else a constant zero). */
function norm(model: Gpt, x: Tensor, name: string): Tensor {
  const gamma = model.params.get(`${name}.weight`)!;
  return layerNorm(x, gamma, biasOf(model, `${name}.bias`) ?? zeros(gamma.shape));
}

function attention(model: Gpt, l: number, x: Tensor, o: ForwardOptions): Tensor {
  const p = (n: string) => model.params.get(`h.${l}.attn.${n}`)!;
  const b = (n: string) => biasOf(model, `h.${l}.attn.${n}`);
  const { n_head: H, dropout: pDrop } = model.config;
  const qkv = linear(x, p('c_attn.weight'), b('c_attn.bias')); //             (B, T, 3C)
  const drop = o.training && pDrop > 0 ? (w: Tensor) => dropout(w, pDrop, o.rng!, true) : undefined;
  const merged = causalSelfAttention(qkv, H, drop); //                        (B, T, C)
  const out = linear(merged, p('c_proj.weight'), b('c_proj.bias')); //        (B, T, C)
  return dropout(out, pDrop, o.rng!, o.training);
}

function mlp(model: Gpt, l: number, x: Tensor, o: ForwardOptions): Tensor {
  const p = (n: string) => model.params.get(`h.${l}.mlp.${n}`)!;
  const b = (n: string) => biasOf(model, `h.${l}.mlp.${n}`);
  const hidden = gelu(linear(x, p('c_fc.weight'), b('c_fc.bias'))); //        (B, T, 4C)
  const out = linear(hidden, p('c_proj.weight'), b('c_proj.bias')); //        (B, T, C)
  return dropout(out, model.config.dropout, o.rng!, o.training);
}

/** Logits (B, T, V) for token ids `idx` laid out (B, T). */
export function forward(
  model: Gpt,
  idx: Int32Array,
  B: number,
  T: number,
  o: ForwardOptions = {},
): Tensor {
  const { block_size } = model.config;
  if (T > block_size)
    throw new Error(`sequence of ${T} tokens is longer than block_size ${block_size}`);
  if (model.config.dropout > 0 && o.training && !o.rng)
    throw new Error('dropout in training needs an rng');
  const P = (n: string) => model.params.get(n)!;
  const positions = Int32Array.from({ length: T }, (_, t) => t);
  const tok = embedding(P('wte'), idx, [B, T]); //                           (B, T, C)
  const pos = embedding(P('wpe'), positions, [T]); //                        (T, C)
  let x = dropout(add(tok, pos), model.config.dropout, o.rng!, o.training); // (B, T, C)
  for (let l = 0; l < model.config.n_layer; l++) {
    const h = `h.${l}.`;
    x = add(x, attention(model, l, norm(model, x, h + 'ln_1'), o)); // (B, T, C)
    x = add(x, mlp(model, l, norm(model, x, h + 'ln_2'), o)); //             (B, T, C)
  }
  x = norm(model, x, 'ln_f'); //                     (B, T, C)
  return matmul(x, transpose(P('wte'))); //                                  (B, T, V), tied head
}

/** Mean next-token cross-entropy of the batch. */
export function loss(
  model: Gpt,
  x: Int32Array,
  y: Int32Array,
  B: number,
  T: number,
  o: ForwardOptions = {},
): Tensor {
  return crossEntropy(forward(model, x, B, T, o), y);
}
