// Sampling lab, in Hugging Face's order: repetition penalty → temperature → softmax → top-k → top-p,
// then one token drawn with the seed. Ties are broken by the lower token id. A last step, after the
// fixed ones, computes the softmax naively (float32 exp without subtracting the maximum) to show why
// the real one subtracts it: at a low temperature or with large logits the naive one gives NaN.
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
    max: 10,
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

/** ln of float32's largest finite value: e^x overflows to ∞ in float32 above this. */
export const FLOAT32_EXP_MAX = Math.log(3.4028234663852886e38); // ≈ 88.7228

/**
 * softmax as the formula reads, without subtracting the maximum, in float32 (each exp, the running
 * sum and each quotient rounded to float32, as a Float32Array computes them).
 */
export function naiveSoftmax32(z: ArrayLike<number>): {
  exp: number[];
  sum: number;
  probs: number[];
} {
  const f = Math.fround;
  const exp = Array.from(z, (v) => f(Math.exp(f(v))));
  let sum = 0;
  for (const e of exp) sum = f(sum + e);
  return { exp, sum, probs: exp.map((e) => f(e / sum)) };
}

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));

/** Why the naive softmax did or did not break, and how to make it break from the page. */
function naiveExplanation(
  scaled: number[],
  naive: ReturnType<typeof naiveSoftmax32>,
  T: number,
): { ja: string; en: string } {
  const max = Math.max(...scaled);
  const argmax = scaled.indexOf(max);
  const lim = fmt(FLOAT32_EXP_MAX);
  const tail = {
    ja: "probs ステップは先に最大値を引く（z''_i − max z''、log-sum-exp の考え方）ので、指数はすべて 0 以下になり、いちばん大きい項はちょうど e^0 = 1 です。あふれも 0 割りも起きず、確率は数学的に同じ値になります。",
    en: " The probs step subtracts the maximum first (z''_i − max z'', the log-sum-exp trick), so every exponent is ≤ 0 and the largest term is exactly e^0 = 1: nothing overflows, nothing divides by zero, and the probabilities are mathematically the same.",
  };
  if (naive.exp.some((e) => e === Infinity))
    return {
      ja: `z'' の最大値 ${fmt(max)}（id ${argmax}）が float32 の exp の限界 ln(3.4×10^38) ≈ ${lim} を超えたため、e^{z''} が ∞ にあふれました。分母も ∞ になり、∞/∞ = NaN、ほかの項は有限/∞ = 0 です。これでは確率分布になりません。${tail.ja}`,
      en: `The largest z'' is ${fmt(max)} (id ${argmax}), above float32's limit for exp, ln(3.4×10^38) ≈ ${lim}, so e^{z''} overflowed to ∞. The sum is ∞ too: ∞/∞ = NaN, and every other term is finite/∞ = 0. That is not a distribution.${tail.en}`,
    };
  if (naive.sum === Infinity)
    return {
      ja: `どの e^{z''} も単独では float32 に収まりましたが、足し合わせた分母が 3.4×10^38 を超えて ∞ になり、すべての確率が 0 になりました。${tail.ja}`,
      en: `Each e^{z''} fits in float32 on its own, but their sum passed 3.4×10^38 and became ∞, so every probability came out 0.${tail.en}`,
    };
  if (naive.sum === 0)
    return {
      ja: `z'' がすべて約 −103.9 より小さいため、e^{z''} はどれも float32 で 0 に丸められ（アンダーフロー）、0/0 = NaN になりました。${tail.ja}`,
      en: `Every z'' is below about −103.9, so every e^{z''} rounded to 0 in float32 (underflow) and 0/0 = NaN.${tail.en}`,
    };
  // Not broken: say exactly how to break it with the page's controls.
  const logitNeeded = fmt(Math.ceil((FLOAT32_EXP_MAX * T + 1e-9) * 100) / 100);
  const atMinT = Math.floor(FLOAT32_EXP_MAX * 0.05 * 10 + 1) / 10; // 4.5
  // z'' = z'/T, so the largest z' = max·T overflows once T < max·T / 88.72.
  const tNeeded = max > 0 ? (max * T) / FLOAT32_EXP_MAX : Infinity;
  return {
    ja: `いまは z'' の最大値が ${fmt(max)} で ${lim} 未満なので、素朴な計算でも probs とほぼ同じ値になります。あふれさせるには、温度 T = ${T} のままなら、どれかのロジットを ${logitNeeded} より大きくしてください。${Number.isFinite(tNeeded) && tNeeded >= 0.05 ? `ロジットはそのままで、温度を ${fmt(tNeeded)} 未満に下げても構いません。` : ''}たとえば温度を最小の 0.05 にし、logits[0] を ${fmt(atMinT)} にすると z'' = ${fmt(atMinT / 0.05)} になり、NaN が出ます。${tail.ja}`,
    en: `The largest z'' is ${fmt(max)}, below ${lim}, so the naive result matches probs (up to rounding). To make it overflow, keep T = ${T} and raise any logit above ${logitNeeded}${Number.isFinite(tNeeded) && tNeeded >= 0.05 ? `, or lower the temperature below ${fmt(tNeeded)}` : ''}. For example, set the temperature to its minimum 0.05 and logits[0] to ${fmt(atMinT)}: z'' = ${fmt(atMinT / 0.05)} and NaN appears.${tail.en}`,
  };
}

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
  const naive = naiveSoftmax32(scaled.data); //                  (V), the formula without −max
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
        "p_i = \\frac{e^{z''_i}}{\\sum_j e^{z''_j}} = \\frac{e^{z''_i - m}}{\\sum_j e^{z''_j - m}},\\quad m = \\max_j z''_j",
        { probs: td(probs) },
        {
          ja: 'ロジットを確率に変えます。分子と分母に同じ e^{−m} を掛けても値は変わらないので、計算では先に最大値 m を引きます。こうすると温度がどれほど低くても指数があふれません（最後の「寄り道」ステップで、引かない場合と比べられます）。',
          en: 'Logits become probabilities. Multiplying the numerator and the denominator by the same e^{−m} changes nothing, so the computation subtracts the maximum m first; then no temperature, however low, makes the exponent overflow (the last step, the aside, compares it with the naive version).',
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
      step(
        'naive_probs',
        {
          ja: '寄り道: 最大値を引かない softmax（float32）',
          en: 'Aside: softmax without subtracting the maximum (float32)',
        },
        "\\tilde p_i = \\frac{e^{z''_i}}{\\sum_j e^{z''_j}}\\ \\text{(float32)},\\quad e^{x} = \\infty \\text{ for } x > \\ln(3.4 \\times 10^{38}) \\approx 88.72",
        {
          naive_probs: td(naive.probs),
          naive_exp: td(naive.exp),
          naive_sum: td(naive.sum),
        },
        naiveExplanation(Array.from(scaled.data), naive, p.temperature),
      ),
    ],
    result: td(topP),
  };
}
