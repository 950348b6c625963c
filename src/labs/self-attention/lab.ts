// Self-attention lab: Q, K, V from X, scores QKᵀ, scaling by √d_k, optional causal mask, row
// softmax, output = weights·V. Default input: "I love cats" with seeded embeddings and weights.
import { z } from 'zod';
import { matmul, Rng, tensor } from '../../engine/index.ts';
import { attention } from '../attention-core.ts';
import {
  DEFAULT_TEXT,
  matrix,
  randomMatrix,
  require,
  tokenEmbeddings,
  tokenize,
  type Field,
} from '../params.ts';
import { step, td, type Step, type Trace } from '../trace.ts';

export const fields: Field[] = [
  {
    key: 'text',
    kind: 'text',
    expected: 'a sentence of 1–16 whitespace-separated tokens (default "I love cats")',
  },
  {
    key: 'd',
    kind: 'int',
    expected: 'integer 1–32, the embedding size (default 4)',
    min: 1,
    max: 32,
  },
  {
    key: 'd_k',
    kind: 'int',
    expected: 'integer 1–32, the query/key size (default 3)',
    min: 1,
    max: 32,
  },
  { key: 'X', kind: 'matrix', expected: 'n×d matrix (array of n rows of d finite numbers)' },
  { key: 'Wq', kind: 'matrix', expected: 'd×d_k matrix (d rows, as many as X has columns)' },
  { key: 'Wk', kind: 'matrix', expected: 'd×d_k matrix (d rows; same columns as Wq)' },
  { key: 'Wv', kind: 'matrix', expected: 'd×d_v matrix (d rows)' },
  { key: 'causal', kind: 'boolean', expected: 'true or false (default false)' },
];

/** X, Wq, Wk, Wv and the text that labels X: shared with the causal-mask lab. */
export const inputShape = {
  text: z.string().min(1).max(400).optional(),
  d: z.number().int().min(1).max(32).optional(),
  d_k: z.number().int().min(1).max(32).optional(),
  X: matrix.optional(),
  Wq: matrix.optional(),
  Wk: matrix.optional(),
  Wv: matrix.optional(),
};

type InputParams = {
  text?: string;
  d?: number;
  d_k?: number;
  X?: number[][];
  Wq?: number[][];
  Wk?: number[][];
  Wv?: number[][];
};

export function checkInputs(p: InputParams, ctx: z.RefinementCtx): void {
  const tokens = p.text === undefined ? null : tokenize(p.text);
  require(ctx, !tokens ||
    (tokens.length >= 1 &&
      tokens.length <= 16), 'text', `has ${tokens?.length} tokens; expected 1–16`);
  const d = p.X ? p.X[0].length : (p.d ?? p.Wq?.length ?? 4);
  if (p.X) {
    require(ctx, p.d === undefined || p.d === d, 'd', `is ${p.d} but X has ${d} columns`);
    require(ctx, !tokens ||
      tokens.length ===
        p.X
          .length, 'text', `has ${tokens?.length} tokens but X has ${p.X.length} rows (one row per token)`);
  }
  const dk = p.Wq?.[0].length ?? p.Wk?.[0].length ?? p.d_k ?? 3;
  for (const key of ['Wq', 'Wk', 'Wv'] as const) {
    const W = p[key];
    if (!W) continue;
    require(ctx, W.length === d, key, `has ${W.length} rows; expected d = ${d} rows (X is n×${d})`);
    if (key !== 'Wv')
      require(ctx, W[0].length ===
        dk, key, `has ${W[0].length} columns; expected d_k = ${dk} (Wq and Wk must match)`);
  }
}

export const schema = z
  .strictObject({ ...inputShape, causal: z.boolean().default(false) })
  .superRefine(checkInputs);

export type Params = z.output<typeof schema>;

/** Resolves X, Wq, Wk, Wv: given ones as they are, the others from the seed. */
export function resolveInputs(p: InputParams, seed: number) {
  const tokens = p.text
    ? tokenize(p.text)
    : p.X
      ? p.X.map((_, i) => `x${i + 1}`)
      : tokenize(DEFAULT_TEXT);
  const d = p.X ? p.X[0].length : (p.d ?? p.Wq?.length ?? 4);
  const dk = p.Wq?.[0].length ?? p.Wk?.[0].length ?? p.d_k ?? 3;
  const rng = new Rng(seed);
  const std = 1 / Math.sqrt(d);
  // All three are always drawn, so editing one keeps the others.
  const gen = {
    Wq: randomMatrix(rng, d, dk, std),
    Wk: randomMatrix(rng, d, dk, std),
    Wv: randomMatrix(rng, d, dk, std),
  };
  return {
    tokens,
    X: p.X ?? tokenEmbeddings(tokens, d, seed),
    Wq: p.Wq ?? gen.Wq,
    Wk: p.Wk ?? gen.Wk,
    Wv: p.Wv ?? gen.Wv,
  };
}

const m = (rows: number[][]) => tensor(rows.flat(), [rows.length, rows[0].length]);

export function run(p: Params, seed: number): Trace {
  const inp = resolveInputs(p, seed);
  const X = m(inp.X); //                 (T, C)
  const Q = matmul(X, m(inp.Wq)); //     (T, d_k)
  const K = matmul(X, m(inp.Wk)); //     (T, d_k)
  const V = matmul(X, m(inp.Wv)); //     (T, d_v)
  const a = attention(Q, K, V, p.causal);
  const dk = Q.shape[1];
  const steps: Step[] = [
    step(
      'Q',
      { ja: 'クエリ Q', en: 'Queries Q' },
      'Q = XW_Q',
      { Q: td(Q) },
      {
        ja: '各トークンの埋め込み（X の行）に W_Q を掛けて「何を探しているか」を表すクエリを作ります。行 i がトークン i のクエリです。',
        en: "Each token's embedding (a row of X) times W_Q gives its query: what this position is looking for. Row i is token i's query.",
      },
    ),
    step(
      'K',
      { ja: 'キー K', en: 'Keys K' },
      'K = XW_K',
      { K: td(K) },
      {
        ja: 'W_K で「自分は何を持っているか」の見出しであるキーを作ります。クエリとキーの内積が関連度になります。',
        en: 'W_K gives each token a key, the label of what it holds. A query·key dot product will be the relevance.',
      },
    ),
    step(
      'V',
      { ja: 'バリュー V', en: 'Values V' },
      'V = XW_V',
      { V: td(V) },
      {
        ja: 'W_V で実際に渡す中身であるバリューを作ります。出力はバリューの重み付き平均です。',
        en: 'W_V gives the values, the content actually passed on; the output is a weighted average of them.',
      },
    ),
    step(
      'scores',
      { ja: 'スコア QKᵀ', en: 'Scores QKᵀ' },
      'S = QK^\\top,\\quad S_{ij} = \\sum_c Q_{ic}K_{jc}',
      { scores: td(a.scores) },
      {
        ja: 'S_ij は位置 i のクエリと位置 j のキーの内積です。向きが揃っているほど大きくなります。',
        en: "S_ij is the dot product of position i's query with position j's key: larger when they point the same way.",
      },
    ),
    step(
      'scaled',
      { ja: 'スケーリング ÷√d_k', en: 'Scaling ÷√d_k' },
      `\\tilde S = \\frac{S}{\\sqrt{d_k}} = \\frac{S}{\\sqrt{${dk}}}`,
      { scaled: td(a.scaled) },
      {
        ja: '内積の分散は d_k に比例して大きくなるので、√d_k で割って分散を 1 程度に戻し、softmax が飽和しないようにします。',
        en: "A dot product's variance grows with d_k; dividing by √d_k brings it back near 1 so the softmax does not saturate.",
      },
    ),
  ];
  if (a.masked)
    steps.push(
      step(
        'masked',
        { ja: '因果マスク', en: 'Causal mask' },
        '\\tilde S_{ij} = -\\infty \\quad (j > i)',
        { masked: td(a.masked) },
        {
          ja: '未来の位置（j > i）のスコアを −∞ にします。softmax で e^{−∞} = 0 となり、先の単語を見られなくなります。',
          en: 'Scores of future positions (j > i) become −∞; the softmax turns them into e^{−∞} = 0, so no token sees ahead.',
        },
      ),
    );
  steps.push(
    step(
      'weights',
      { ja: 'Attention weight（行ごとの softmax）', en: 'Attention weights (row softmax)' },
      "A_{ij} = \\frac{e^{\\tilde S_{ij}}}{\\sum_{j'} e^{\\tilde S_{ij'}}}",
      { weights: td(a.weights) },
      {
        ja: '各行に softmax をかけて、行の和が 1 の重みにします。A_ij は「トークン i がトークン j にどれだけ注目するか」です。',
        en: 'A softmax over each row makes weights that sum to 1: A_ij is how much token i attends to token j.',
      },
    ),
    step(
      'output',
      { ja: '出力 AV', en: 'Output AV' },
      '\\mathrm{out} = AV,\\quad \\mathrm{out}_i = \\sum_j A_{ij} V_j',
      { output: td(a.output) },
      {
        ja: '各位置の出力は、全位置のバリューを重み A で平均したものです。文脈を取り込んだ新しい表現になります。',
        en: "Each position's output is the average of all values weighted by A: a new representation that carries context.",
      },
    ),
  );
  return {
    lab: 'self-attention',
    seed,
    params: { ...p },
    inputs: { X: td(inp.X), Wq: td(inp.Wq), Wk: td(inp.Wk), Wv: td(inp.Wv) },
    tokens: inp.tokens,
    steps,
    result: td(a.output),
  };
}
