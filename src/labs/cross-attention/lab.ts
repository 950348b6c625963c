// Cross-attention lab: a tiny encoder–decoder trained here (seeded, a few hundred ms) on PHRASES,
// translating the source greedily token by token, with the cross-attention alignment map: at output
// step t the decoder's query Q_t scores every source token's key, softmax gives the weights (row t of
// the map), and the output is the weighted sum of the source values.
// Row t of Q, scores, scaled, weights, output is output step t (the decoder input at t is <bos> for
// t = 0, else the token chosen at step t−1; with the causal mask row t is what it was when chosen).
import { z } from 'zod';
import { require, type Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';
import { train, translate, type ModelConfig, type Trained } from './model.ts';
import { PHRASES, SRC_VOCAB } from './phrases.ts';

export const DEFAULT_SOURCE = 'I love cats';

export const fields: Field[] = [
  {
    key: 'source',
    kind: 'text',
    expected: `1–7 English words from the phrase set's vocabulary (${SRC_VOCAB.join(' ')}); default "I love cats"`,
  },
  {
    key: 'd',
    kind: 'int',
    expected: 'integer 8–64, the model size (default 32)',
    min: 8,
    max: 64,
    step: 8,
  },
  {
    key: 'steps',
    kind: 'int',
    expected: 'integer 10–1000, Adam steps over the whole phrase set (default 200)',
    min: 10,
    max: 1000,
    step: 10,
  },
  {
    key: 'lr',
    kind: 'number',
    expected: 'learning rate, 0.0001–0.1 (default 0.01)',
    min: 0.0001,
    max: 0.1,
    step: 0.001,
  },
];

export const schema = z
  .strictObject({
    source: z.string().max(200).default(DEFAULT_SOURCE),
    d: z.number().int().min(8).max(64).default(32),
    steps: z.number().int().min(10).max(1000).default(200),
    lr: z.number().min(0.0001).max(0.1).default(0.01),
  })
  .superRefine((p, ctx) => {
    const words = p.source.trim().split(/\s+/).filter(Boolean);
    require(ctx, words.length >= 1 &&
      words.length <= 7, 'source', `has ${words.length} words; expected 1–7`);
    const unknown = words.filter((w) => !SRC_VOCAB.includes(w));
    require(ctx, unknown.length ===
      0, 'source', `has words outside the vocabulary: ${unknown.join(', ')} (known: ${SRC_VOCAB.join(' ')})`);
  });

export type Params = z.output<typeof schema>;

export interface CrossAttentionTrace extends Trace {
  /** The generated Japanese tokens, <eos> included when reached. */
  translation: string[];
  /** The decoder input at each output step: <bos>, then the tokens chosen so far. */
  decoderInput: string[];
  phrases: number;
}

// Training depends only on (d, steps, lr, seed): memoised so editing the source does not retrain.
// The web page trains in a Web Worker and stores the result here (storeTrained) before running.
const cache = new Map<string, Trained>();
const trainingKey = (c: ModelConfig, seed: number) => `${c.d}|${c.steps}|${c.lr}|${seed}`;

/** The training configuration the params ask for. */
export const modelConfig = (p: Params): ModelConfig => ({ d: p.d, steps: p.steps, lr: p.lr });

export const isTrained = (c: ModelConfig, seed: number): boolean =>
  cache.has(trainingKey(c, seed));

export function storeTrained(c: ModelConfig, seed: number, m: Trained): void {
  if (cache.size >= 4) cache.delete(cache.keys().next().value!);
  cache.set(trainingKey(c, seed), m);
}

export function trained(
  c: ModelConfig,
  seed: number,
  onProgress?: (step: number, loss: number) => void,
): Trained {
  let m = cache.get(trainingKey(c, seed));
  if (!m) {
    m = train(c, seed, onProgress);
    storeTrained(c, seed, m);
  }
  return m;
}

/** A (1, R, C) tensor of the batch of one as an R×C trace matrix. */
const two = (t: { data: Float32Array; shape: number[] }) => ({
  shape: t.shape.slice(-2),
  data: Array.from(t.data),
});

export function run(p: Params, seed: number): Trace {
  const source = p.source.trim().split(/\s+/);
  const m = trained(modelConfig(p), seed);
  const tr = translate(m.weights, source);
  const d = p.d;
  const steps = [
    step(
      'loss',
      { ja: '学習の損失（交差エントロピー）', en: 'Training loss (cross-entropy)' },
      '\\mathcal{L} = -\\frac{1}{N}\\sum_{n,t} \\log p(y_t \\mid x, y_{<t})',
      { loss: td(m.losses) },
      {
        ja: `${PHRASES.length} 組の英日フレーズ全体で、正解の次の単語の確率を上げるように Adam で ${p.steps} 回更新しました（教師強制）。`,
        en: `Adam ran ${p.steps} steps over all ${PHRASES.length} English–Japanese pairs, raising the probability of each correct next word (teacher forcing).`,
      },
    ),
    step(
      'encoder_out',
      { ja: 'エンコーダの出力', en: 'Encoder output' },
      'H = \\mathrm{Encoder}(x) \\in \\mathbb{R}^{S \\times d}',
      { encoder_out: two(tr.enc) },
      {
        ja: '英文の各単語が、文全体を見たうえでのベクトルになります（双方向の自己注意）。デコーダはこれを何度も参照します。',
        en: 'Each English word becomes a vector that has seen the whole sentence (bidirectional self-attention). The decoder consults it at every step.',
      },
    ),
    step(
      'K',
      { ja: 'キー K（入力側）', en: 'Keys K (from the source)' },
      'K = H W_K^{\\mathrm{cross}}',
      { K: two(tr.K) },
      {
        ja: 'クロス注意のキーとバリューはエンコーダの出力から作ります。入力文の単語ごとに 1 行です。',
        en: 'Cross-attention takes its keys and values from the encoder output: one row per source word.',
      },
    ),
    step(
      'V',
      { ja: 'バリュー V（入力側）', en: 'Values V (from the source)' },
      'V = H W_V^{\\mathrm{cross}}',
      { V: two(tr.V) },
      { ja: '注意で取り出される中身です。', en: 'What attention carries over.' },
    ),
    step(
      'Q',
      { ja: 'クエリ Q（出力側、ステップごと）', en: 'Queries Q (from the output, one per step)' },
      'Q_t = u_t W_Q^{\\mathrm{cross}}',
      { Q: two(tr.Q) },
      {
        ja: 'クエリはデコーダ側から来ます。行 t は「ここまで訳した状態で、次に入力のどこを見るべきか」を表します。',
        en: 'Queries come from the decoder: row t says, given the translation so far, where in the source to look next.',
      },
    ),
    step(
      'scores',
      { ja: 'スコア QKᵀ', en: 'Scores QKᵀ' },
      'S_{tj} = Q_t \\cdot K_j',
      { scores: two(tr.scores) },
      {
        ja: '出力ステップ t のクエリと入力単語 j のキーの内積です。',
        en: "Output step t's query dotted with source word j's key.",
      },
    ),
    step(
      'scaled',
      { ja: 'スケーリング ÷√d', en: 'Scaling ÷√d' },
      `\\tilde S = S / \\sqrt{${d}}`,
      { scaled: two(tr.scaled) },
      { ja: '自己注意と同じく √d で割ります。', en: 'Divided by √d, as in self-attention.' },
    ),
    step(
      'weights',
      {
        ja: 'アラインメント（各出力ステップの注意の重み）',
        en: 'Alignment (attention weights at each output step)',
      },
      'A_{tj} = \\mathrm{softmax}_j(\\tilde S_{tj})',
      { weights: two(tr.weights) },
      {
        ja: '行 t は、出力の t 番目の単語を選ぶときに入力のどの単語をどれだけ見たかです。「猫」を出すときに cats を見ていれば、語順が違っても対応を学べています。',
        en: 'Row t is how much output step t looked at each source word. If it looks at "cats" when it writes 猫, it has learned the alignment even though the word order differs.',
      },
    ),
    step(
      'output',
      { ja: 'クロス注意の出力 AV', en: 'Cross-attention output AV' },
      'C_t = \\sum_j A_{tj} V_j',
      { output: two(tr.output_) },
      {
        ja: '入力側のバリューの重み付き和がデコーダの状態に足され、次の単語の予測に使われます。',
        en: "The weighted sum of the source values is added to the decoder's state and used to predict the next word.",
      },
    ),
    step(
      'probs',
      { ja: '貪欲法で選んだ単語の確率', en: 'Probability of each greedy choice' },
      'y_t = \\arg\\max_v p(v \\mid x, y_{<t})',
      { probs: td(tr.probs) },
      {
        ja: '各ステップで最も確率の高い単語を選び、次のステップの入力にします（<eos> で終了）。',
        en: 'Each step takes the most probable word and feeds it back as the next input, until <eos>.',
      },
    ),
  ];
  const trace: CrossAttentionTrace = {
    lab: 'cross-attention',
    seed,
    params: { ...p },
    inputs: {},
    tokens: source,
    steps,
    result: two(tr.weights),
    translation: tr.output,
    decoderInput: tr.input,
    phrases: PHRASES.length,
  };
  return trace;
}
