// Sampling lab, in Hugging Face's order: repetition penalty → temperature → softmax → top-k → top-p,
// then one token drawn with the seed. Ties are broken by the lower token id.
import { z } from 'zod';
import { Rng, scale, softmax, tensor } from '../../engine/index.ts';
import { ids, require, vector, type Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';

export const DEFAULT_LOGITS = [2.0, 1.5, 1.0, 0.5, 0.0, -1.0];
export const DEFAULT_VOCAB = ['猫', '犬', '魚', '鳥', '車', '空'];

export const fields: Field[] = [
  { key: 'logits', kind: 'vector', expected: 'V finite numbers, one per token (default 6 logits)' },
  { key: 'vocab', kind: 'labels', expected: 'optional: V token labels (array of strings)' },
  {
    key: 'temperature',
    kind: 'number',
    expected: 'number > 0 (default 1)',
    min: 0.05,
    max: 5,
    step: 0.05,
  },
  { key: 'top_k', kind: 'int', expected: 'integer ≥ 0; 0 = off (default 0)', min: 0, max: 50 },
  {
    key: 'top_p',
    kind: 'number',
    expected: 'number in (0, 1]; 1 = off (default 1)',
    min: 0.05,
    max: 1,
    step: 0.05,
  },
  {
    key: 'repetition_penalty',
    kind: 'number',
    expected: 'number > 0; 1 = off (default 1)',
    min: 1,
    max: 3,
    step: 0.1,
  },
  {
    key: 'previous',
    kind: 'ids',
    expected: 'array of token ids already generated (each < V; default [])',
  },
];

export const schema = z
  .strictObject({
    logits: vector.default(DEFAULT_LOGITS),
    vocab: z.array(z.string()).optional(),
    temperature: z.number().gt(0).max(100).default(1),
    top_k: z.number().int().min(0).default(0),
    top_p: z.number().gt(0).max(1).default(1),
    repetition_penalty: z.number().gt(0).max(100).default(1),
    previous: ids.default([]),
  })
  .superRefine((p, ctx) => {
    const V = p.logits.length;
    require(ctx, !p.vocab ||
      p.vocab.length ===
        V, 'vocab', `has ${p.vocab?.length} labels; expected one per logit (V = ${V})`);
    const bad = p.previous.find((i) => i >= V);
    require(ctx, bad === undefined, 'previous', `holds id ${bad}; expected ids 0…${V - 1}`);
  });

export type Params = z.output<typeof schema>;

/** Ids sorted by probability, highest first; ties by the lower id. */
const byProb = (probs: number[]) =>
  probs.map((_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b);

const renormalise = (probs: number[], keep: Set<number>) => {
  const mass = probs.reduce((s, v, i) => (keep.has(i) ? s + v : s), 0);
  return probs.map((v, i) => (keep.has(i) ? v / mass : 0));
};

export function run(p: Params, seed: number): Trace {
  const V = p.logits.length;
  const seen = new Set(p.previous);
  const penalized = p.logits.map((l, i) =>
    seen.has(i) ? (l > 0 ? l / p.repetition_penalty : l * p.repetition_penalty) : l,
  );
  const scaled = scale(tensor(penalized), 1 / p.temperature); //  (V)
  const probs = Array.from(softmax(scaled).data); //              (V)
  const k = p.top_k === 0 ? V : Math.min(p.top_k, V);
  const topK = renormalise(probs, new Set(byProb(probs).slice(0, k)));
  const keep = new Set<number>();
  let mass = 0;
  for (const i of byProb(topK)) {
    if (topK[i] === 0) break;
    // NOTE: 1e-6 slack so that float32 rounding of a mass of exactly p does not add one more token.
    if (p.top_p < 1 && mass >= p.top_p - 1e-6) break;
    keep.add(i);
    mass += topK[i];
  }
  const topP = renormalise(topK, keep);
  const u = new Rng(seed).next();
  let sampled = V - 1;
  for (let i = 0, c = 0; i < V; i++)
    if ((c += topP[i]) > u && topP[i] > 0) {
      sampled = i;
      break;
    }
  const vocab =
    p.vocab ?? (V === DEFAULT_VOCAB.length ? DEFAULT_VOCAB : p.logits.map((_, i) => `#${i}`));
  return {
    lab: 'softmax-sampling',
    seed,
    params: { ...p },
    inputs: { logits: td(p.logits) },
    tokens: vocab,
    steps: [
      step(
        'penalized',
        { ja: '繰り返しペナルティ', en: 'Repetition penalty' },
        `z'_i = \\begin{cases} z_i / r & z_i > 0 \\\\ z_i \\cdot r & z_i \\le 0 \\end{cases}\\ (i \\in \\text{previous}),\\quad r = ${p.repetition_penalty}`,
        { penalized: td(penalized) },
        {
          ja: 'すでに出たトークンのロジットを下げ、同じ言葉の繰り返しを防ぎます。正なら割り、負なら掛けるので、どちらでも確率は下がります。',
          en: 'Tokens already generated are pushed down so the text does not repeat: divide a positive logit, multiply a negative one; both lower the probability.',
        },
      ),
      step(
        'scaled',
        { ja: '温度', en: 'Temperature' },
        `z''_i = z'_i / T,\\quad T = ${p.temperature}`,
        { scaled: td(scaled) },
        {
          ja: 'T < 1 で差が広がり（確実な選択に）、T > 1 で差が縮みます（多様な選択に）。',
          en: 'T < 1 widens the gaps (more certain), T > 1 narrows them (more varied).',
        },
      ),
      step(
        'probs',
        { ja: 'softmax', en: 'Softmax' },
        "p_i = \\frac{e^{z''_i}}{\\sum_j e^{z''_j}}",
        { probs: td(probs) },
        {
          ja: 'ロジットを確率に変えます。',
          en: 'Logits become probabilities.',
        },
      ),
      step(
        'top_k_probs',
        { ja: 'top-k', en: 'Top-k' },
        `k = ${p.top_k === 0 ? '\\text{off}' : p.top_k}:\\ p_i \\leftarrow \\frac{p_i\\,[i \\in \\text{top-}k]}{\\sum_{j \\in \\text{top-}k} p_j}`,
        { top_k_probs: td(topK) },
        {
          ja: '確率の高い k 個だけを残して和が 1 になるよう正規化し直します（同じ確率なら id の小さい方が先）。',
          en: 'Keep the k most probable tokens and renormalise (ties: lower id first).',
        },
      ),
      step(
        'top_p_probs',
        { ja: 'top-p（nucleus）', en: 'Top-p (nucleus)' },
        `p = ${p.top_p}:\\ \\text{smallest set } S \\text{ with } \\sum_{i \\in S} p_i \\ge p`,
        { top_p_probs: td(topP) },
        {
          ja: '確率の高い順に足していき、合計が p に届いた最小の集合だけを残します。分布が鋭いときは少なく、平らなときは多く残ります。',
          en: 'Add tokens from the most probable down until their mass reaches p; keep that smallest set. Few survive a peaked distribution, many a flat one.',
        },
      ),
      step(
        'sample',
        { ja: 'サンプリング', en: 'Sampling' },
        `u = ${u.toFixed(4)} \\sim U(0,1),\\ \\text{token} = \\min\\{i : \\textstyle\\sum_{j \\le i} p_j > u\\}`,
        { sample: td([sampled]) },
        {
          ja: `シード ${seed} の一様乱数 u で、最終分布から 1 トークン（${vocab[sampled]}）を引きました。シードを変えると別のトークンが出ます。`,
          en: `With seed ${seed}'s uniform u, one token (${vocab[sampled]}) is drawn from the final distribution; another seed may draw another.`,
        },
      ),
    ],
    result: td(topP),
  };
}
