// Multi-head attention lab: Q, K, V (T, C); head h uses columns [h·C/H, (h+1)·C/H) and is scaled by
// 1/√(C/H); the heads' outputs are concatenated in head order and projected by W_o.
import { z } from 'zod';
import { Rng, tensor } from '../../engine/index.ts';
import { multiHeadAttention } from '../attention-core.ts';
import {
  DEFAULT_TEXT,
  matrix,
  randomMatrix,
  require,
  tokenEmbeddings,
  tokenize,
  type Field,
} from '../params.ts';
import { step, td, type Trace } from '../trace.ts';

export const fields: Field[] = [
  {
    key: 'text',
    kind: 'text',
    expected: 'a sentence of 1–16 whitespace-separated tokens (default "I love cats")',
  },
  {
    key: 'd',
    kind: 'int',
    expected: 'integer 1–32, the model size C (default 8)',
    min: 1,
    max: 32,
  },
  { key: 'heads', kind: 'int', expected: 'integer ≥ 1 dividing d (default 2)', min: 1, max: 8 },
  { key: 'X', kind: 'matrix', expected: 'n×d matrix (array of n rows of d finite numbers)' },
  { key: 'Wq', kind: 'matrix', expected: 'd×d matrix' },
  { key: 'Wk', kind: 'matrix', expected: 'd×d matrix' },
  { key: 'Wv', kind: 'matrix', expected: 'd×d matrix' },
  { key: 'Wo', kind: 'matrix', expected: 'd×d matrix' },
  { key: 'causal', kind: 'boolean', expected: 'true or false (default false)' },
];

const W_KEYS = ['Wq', 'Wk', 'Wv', 'Wo'] as const;

export const schema = z
  .strictObject({
    text: z.string().min(1).max(400).optional(),
    d: z.number().int().min(1).max(32).optional(),
    heads: z.number().int().min(1).max(8).default(2),
    X: matrix.optional(),
    Wq: matrix.optional(),
    Wk: matrix.optional(),
    Wv: matrix.optional(),
    Wo: matrix.optional(),
    causal: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    const tokens = p.text === undefined ? null : tokenize(p.text);
    require(ctx, !tokens ||
      (tokens.length >= 1 &&
        tokens.length <= 16), 'text', `has ${tokens?.length} tokens; expected 1–16`);
    const d = p.X?.[0].length ?? p.d ?? 8;
    if (p.X) {
      require(ctx, p.d === undefined || p.d === d, 'd', `is ${p.d} but X has ${d} columns`);
      require(ctx, !tokens ||
        tokens.length ===
          p.X.length, 'text', `has ${tokens?.length} tokens but X has ${p.X.length} rows`);
    }
    require(ctx, d % p.heads ===
      0, 'heads', `${p.heads} does not divide d = ${d}; expected a divisor of d`);
    for (const key of W_KEYS) {
      const W = p[key];
      if (W)
        require(ctx, W.length === d &&
          W[0].length === d, key, `is ${W.length}×${W[0].length}; expected d×d = ${d}×${d}`);
    }
  });

export type Params = z.output<typeof schema>;

const m = (r: number[][]) => tensor(r.flat(), [r.length, r[0].length]);

export function run(p: Params, seed: number): Trace {
  const tokens = p.text
    ? tokenize(p.text)
    : p.X
      ? p.X.map((_, i) => `x${i + 1}`)
      : tokenize(DEFAULT_TEXT);
  const d = p.X?.[0].length ?? p.d ?? 8;
  const H = p.heads;
  const rng = new Rng(seed);
  const gen = Object.fromEntries(W_KEYS.map((k) => [k, randomMatrix(rng, d, d, 1 / Math.sqrt(d))]));
  const Xr = p.X ?? tokenEmbeddings(tokens, d, seed);
  const W = Object.fromEntries(W_KEYS.map((k) => [k, p[k] ?? gen[k]])) as Record<
    (typeof W_KEYS)[number],
    number[][]
  >;
  const mha = multiHeadAttention(
    m(Xr),
    { Wq: m(W.Wq), Wk: m(W.Wk), Wv: m(W.Wv), Wo: m(W.Wo) },
    H,
    p.causal,
  );
  const { Q, K, V, concat, output } = mha;
  const a = { weights: mha.weights, output: mha.headsOut };
  const D = d / H;
  return {
    lab: 'multi-head-attention',
    seed,
    params: { ...p },
    inputs: { X: td(Xr), Wq: td(W.Wq), Wk: td(W.Wk), Wv: td(W.Wv), Wo: td(W.Wo) },
    tokens,
    steps: [
      step(
        'Q',
        { ja: 'クエリ Q（全ヘッド分）', en: 'Queries Q (all heads)' },
        'Q = XW_Q',
        { Q: td(Q) },
        {
          ja: `Q は n×${d}。ヘッド h は列 [h·${D}, (h+1)·${D}) を使います。1 回の行列積で全ヘッドのクエリを作り、列で分けるだけです。`,
          en: `Q is n×${d}; head h uses columns [h·${D}, (h+1)·${D}). One product makes every head's queries; the heads just split the columns.`,
        },
      ),
      step(
        'K',
        { ja: 'キー K', en: 'Keys K' },
        'K = XW_K',
        { K: td(K) },
        {
          ja: 'キーも同じ列でヘッドに分かれます。',
          en: 'Keys split into heads by the same columns.',
        },
      ),
      step(
        'V',
        { ja: 'バリュー V', en: 'Values V' },
        'V = XW_V',
        { V: td(V) },
        {
          ja: 'バリューも同じ列でヘッドに分かれます。',
          en: 'Values split into heads by the same columns.',
        },
      ),
      step(
        'weights',
        { ja: 'ヘッドごとの attention weight', en: 'Attention weights per head' },
        `A^{(h)} = \\mathrm{softmax}\\!\\left(\\frac{Q^{(h)}K^{(h)\\top}}{\\sqrt{${D}}}\\right)`,
        { weights: td(a.weights) },
        {
          ja: `各ヘッドが独立に注意の重みを計算します（形 ${H}×n×n）。ヘッドごとに違う関係（隣の語、主語と動詞など）に注目できるのが多頭の利点です。スケールは √(d/H) = √${D} です。`,
          en: `Each head computes its own weights (shape ${H}×n×n), so different heads can attend to different relations. The scale is √(d/H) = √${D}.`,
        },
      ),
      step(
        'heads_out',
        { ja: 'ヘッドごとの出力', en: 'Output of each head' },
        'O^{(h)} = A^{(h)} V^{(h)}',
        { heads_out: td(a.output) },
        {
          ja: `各ヘッドの出力は n×${D}。`,
          en: `Each head outputs n×${D}.`,
        },
      ),
      step(
        'concat',
        { ja: '連結', en: 'Concatenation' },
        '\\mathrm{Concat}(O^{(1)},\\dots,O^{(H)})',
        { concat: td(concat) },
        {
          ja: 'ヘッドの出力をヘッド順に横に並べて、元の幅 d に戻します。',
          en: 'The heads are put side by side in head order, back to width d.',
        },
      ),
      step(
        'output',
        { ja: '出力射影 W_o', en: 'Output projection W_o' },
        '\\mathrm{out} = \\mathrm{Concat}(\\dots)\\,W_o',
        { output: td(output) },
        {
          ja: 'W_o でヘッドの情報を混ぜ合わせます。',
          en: "W_o mixes the heads' information together.",
        },
      ),
    ],
    result: td(output),
  };
}
