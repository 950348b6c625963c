// The tiny GPT's size before training: parameters by the formula, training memory, and the loss a
// model that knows nothing starts from (ln V). The training itself runs in the /gpt page's worker
// (trainer.ts); this trace is what the page shows before "start".
import { z } from 'zod';
import type { Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';
import { memoryEstimate, paramCount } from './trainer.ts';

const int = (min: number, max: number, d: number) => z.number().int().min(min).max(max).default(d);

export const fields: Field[] = [
  { key: 'n_layer', kind: 'int', expected: 'integer 1–12 (default 2)', min: 1, max: 12 },
  {
    key: 'n_head',
    kind: 'int',
    expected: 'integer 1–16 dividing n_embd (default 2)',
    min: 1,
    max: 16,
  },
  { key: 'n_embd', kind: 'int', expected: 'integer 4–768 (default 32)', min: 4, max: 768, step: 4 },
  { key: 'block_size', kind: 'int', expected: 'integer 2–1024 (default 32)', min: 2, max: 1024 },
  {
    key: 'vocab_size',
    kind: 'int',
    expected: 'integer 2–100000 (default 65)',
    min: 2,
    max: 100000,
  },
  { key: 'batch_size', kind: 'int', expected: 'integer 1–256 (default 8)', min: 1, max: 256 },
];

export const schema = z
  .strictObject({
    n_layer: int(1, 12, 2),
    n_head: int(1, 16, 2),
    n_embd: int(4, 768, 32),
    block_size: int(2, 1024, 32),
    vocab_size: int(2, 100000, 65),
    batch_size: int(1, 256, 8),
  })
  .superRefine((p, ctx) => {
    if (p.n_embd % p.n_head !== 0)
      ctx.addIssue({
        code: 'custom',
        path: ['n_head'],
        message: `${p.n_head} does not divide n_embd ${p.n_embd}`,
      });
  });

export type Params = z.output<typeof schema>;

export function run(p: Params, seed: number): Trace {
  const { n_layer: L, n_embd: C, block_size: T, vocab_size: V } = p;
  const model = { n_layer: L, n_head: p.n_head, n_embd: C, block_size: T, dropout: 0 };
  const embeddingParams = V * C + T * C;
  const blockParams = 12 * C * C + 13 * C;
  const total = paramCount(model, V);
  const memory = memoryEstimate(model, V, p.batch_size);
  const uniform = Math.log(V);
  return {
    lab: 'tiny-gpt',
    seed,
    params: { ...p },
    inputs: {},
    steps: [
      step(
        'embedding_params',
        { ja: '埋め込みの パラメータ', en: 'Embedding parameters' },
        `V\\cdot C + T\\cdot C = ${V}\\cdot ${C} + ${T}\\cdot ${C}`,
        { embedding_params: td(embeddingParams) },
        {
          ja: 'トークン埋め込み wte（V×C）と位置埋め込み wpe（T×C）。出力層は wte を共有する（重み共有）ので数に入りません。',
          en: 'Token embeddings wte (V×C) and position embeddings wpe (T×C). The output head reuses wte (tied), so it adds nothing.',
        },
      ),
      step(
        'block_params',
        { ja: 'ブロック 1 つのパラメータ', en: 'Parameters per block' },
        `12C^2 + 13C = ${blockParams}`,
        { block_params: td(blockParams) },
        {
          ja: '注意の Q・K・V（C×3C）と出力射影（C×C）、MLP の C×4C と 4C×C で 12C²。残りはバイアスと 2 つの LayerNorm の 13C。',
          en: 'Attention Q, K, V (C×3C) and its projection (C×C), the MLP C×4C and 4C×C: 12C². Biases and two LayerNorms: 13C.',
        },
      ),
      step(
        'total_params',
        { ja: '総パラメータ数', en: 'Total parameters' },
        `VC + TC + L(12C^2 + 13C) + 2C,\\ L = ${L}`,
        { total_params: td(total) },
        {
          ja: '幅 C を 2 倍にするとブロックの部分は 4 倍になります。小さなモデルでは埋め込みの割合が大きいことにも注目。',
          en: 'Doubling the width C quadruples the blocks. In a small model the embeddings are a large share.',
        },
      ),
      step(
        'memory_bytes',
        { ja: '学習に要るメモリ（推定）', en: 'Training memory (estimate)' },
        `4\\,\\text{B} \\times (4P + \\text{activations})`,
        { memory_bytes: td(memory) },
        {
          ja: '重み・勾配・AdamW の 2 つのモーメントで 1 パラメータ 4 個の float32、それに逆伝播のために覚えておく活性（バッチ×系列長に比例）。',
          en: 'Weights, gradients and AdamW’s two moments: four float32 per parameter, plus the activations kept for the backward pass (proportional to batch × sequence length).',
        },
      ),
      step(
        'uniform_loss',
        { ja: '何も知らないモデルの損失', en: 'Loss of a model that knows nothing' },
        `-\\ln \\tfrac{1}{V} = \\ln ${V} = ${uniform.toFixed(4)}`,
        { uniform_loss: td(uniform) },
        {
          ja: '初期化直後のモデルはどのトークンもほぼ等しい確率で予測するので、損失曲線はだいたい ln V から始まります。ここから下がった分が「学んだ」分です。',
          en: 'Freshly initialised, the model gives every token about the same probability, so the loss curve starts near ln V; everything below is what it learned.',
        },
      ),
    ],
    result: td(total),
  };
}
