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
  type Random,
  TorchGenerator,
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

/**
 * Linear weights are stored (C_in, C_out), so y = x · W + b.
 *
 * The initial weights are nanoGPT's for the same seed: drawn from PyTorch's generator
 * (`new TorchGenerator(seed)` is `torch.manual_seed(seed)`) in the order nanoGPT's model draws them.
 * 1. Building the modules: each nn.Embedding fills itself with N(0, 1), each nn.Linear its weight
 *    (kaiming_uniform_) and bias uniformly; wte, wpe, then per block c_attn, c_proj, c_fc, c_proj,
 *    and the output head last.
 * 2. _init_weights: every Linear and Embedding weight N(0, 0.02) in the same order (biases zero), the
 *    head last; the head is tied to wte, so wte keeps the head's draw.
 * 3. GPT-2's scaled init: the residual projections (c_proj) again, N(0, 0.02/√(2·n_layer)).
 * Only a tensor's last draw survives; the earlier ones matter because they move the generator.
 * PyTorch stores a Linear's weight as (out, in), so each draw is transposed into place.
 */
export function createGpt(config: GptConfig, gen: TorchGenerator): Gpt {
  const model = emptyGpt(config);
  const { n_layer, n_embd: C, block_size, vocab_size: V } = config;
  const bias = hasBias(config);
  const param = (name: string) => model.params.get(name)!;
  // Each block's linear layers in nanoGPT's order; ours are stored (C_in, C_out).
  const blocks = Array.from({ length: n_layer }, (_, l) =>
    ['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'].map((n) =>
      param(`h.${l}.${n}.weight`),
    ),
  );
  const drawn = (n: number) => new Float32Array(n);
  // 1. The modules' own initialisation: values thrown away, the generator moved.
  gen.normalFill(drawn(V * C));
  gen.normalFill(drawn(block_size * C));
  for (const w of blocks.flat()) {
    gen.uniformFill(drawn(w.size));
    if (bias) gen.uniformFill(drawn(w.shape[1]));
  }
  gen.uniformFill(drawn(V * C)); // the head, an nn.Linear(C, V) without bias
  // 2. and 3.
  const linear = (w: Tensor, std: number) => {
    const [cin, cout] = w.shape;
    const torch = gen.normalFill(drawn(cout * cin), 0, std); // (out, in)
    for (let o = 0; o < cout; o++)
      for (let i = 0; i < cin; i++) w.data[i * cout + o] = torch[o * cin + i];
  };
  gen.normalFill(drawn(V * C), 0, 0.02); // wte's own draw, replaced by the head's below
  gen.normalFill(param('wpe').data, 0, 0.02);
  for (const w of blocks.flat()) linear(w, 0.02);
  gen.normalFill(param('wte').data, 0, 0.02); // the head (V, C), which is wte
  const projStd = 0.02 / Math.sqrt(2 * n_layer);
  for (const [, attnProj, , mlpProj] of blocks) {
    linear(attnProj, projStd);
    linear(mlpProj, projStd);
  }
  return model;
}

/**
 * The parameters in nanoGPT's names, order and (our) layout, without drawing anything: weights zero,
 * layer-norm gains one. For a checkpoint's weights to be copied into, or to count parameters.
 */
export function emptyGpt(config: GptConfig): Gpt {
  const { n_layer, n_embd: C, block_size, vocab_size: V, n_head } = config;
  if (C % n_head !== 0) throw new Error(`n_embd ${C} is not divisible by n_head ${n_head}`);
  const bias = hasBias(config);
  const params = new Map<string, Tensor>();
  const zero = (name: string, shape: number[]) => params.set(name, zeros(shape, true));
  const one = (name: string, shape: number[]) => params.set(name, ones(shape, true));
  const biasOf = (name: string, shape: number[]) => bias && zero(name, shape);
  zero('wte', [V, C]);
  zero('wpe', [block_size, C]);
  for (let l = 0; l < n_layer; l++) {
    const h = `h.${l}.`;
    one(h + 'ln_1.weight', [C]);
    biasOf(h + 'ln_1.bias', [C]);
    zero(h + 'attn.c_attn.weight', [C, 3 * C]);
    biasOf(h + 'attn.c_attn.bias', [3 * C]);
    zero(h + 'attn.c_proj.weight', [C, C]);
    biasOf(h + 'attn.c_proj.bias', [C]);
    one(h + 'ln_2.weight', [C]);
    biasOf(h + 'ln_2.bias', [C]);
    zero(h + 'mlp.c_fc.weight', [C, 4 * C]);
    biasOf(h + 'mlp.c_fc.bias', [4 * C]);
    zero(h + 'mlp.c_proj.weight', [4 * C, C]);
    biasOf(h + 'mlp.c_proj.bias', [C]);
  }
  one('ln_f.weight', [C]);
  biasOf('ln_f.bias', [C]);
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

export type ForwardOptions = { training?: boolean; rng?: Random };

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
