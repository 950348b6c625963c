// Transformer-block lab: one pre-norm (GPT-2 style) block, with the shape of every tensor:
// x → LN → multi-head attention → + x → LN → FFN (W1, GELU, W2) → + residual.
import { z } from 'zod';
import { add, gelu, layerNorm, matmul, ones, Rng, tensor, zeros } from '../../engine/index.ts';
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
import { step, td, type Bilingual, type Step, type TensorData, type Trace } from '../trace.ts';

export const fields: Field[] = [
  {
    key: 'text',
    kind: 'text',
    expected: 'a sentence of 1–16 whitespace-separated tokens (default "I love cats")',
  },
  {
    key: 'd',
    kind: 'int',
    expected: 'integer 2–32, the model size C (default 8)',
    min: 2,
    max: 32,
  },
  { key: 'heads', kind: 'int', expected: 'integer ≥ 1 dividing d (default 2)', min: 1, max: 8 },
  {
    key: 'd_ff',
    kind: 'int',
    expected: 'integer 1–128, the feed-forward size (default 4·d)',
    min: 1,
    max: 128,
  },
  { key: 'causal', kind: 'boolean', expected: 'true or false (default true, a decoder block)' },
  {
    key: 'X',
    kind: 'matrix',
    expected: 'n×d matrix, the residual stream entering the block (default: seeded embeddings)',
  },
];

export const schema = z
  .strictObject({
    text: z.string().min(1).max(400).optional(),
    d: z.number().int().min(2).max(32).optional(),
    heads: z.number().int().min(1).max(8).default(2),
    d_ff: z.number().int().min(1).max(128).optional(),
    causal: z.boolean().default(true),
    X: matrix.optional(),
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
  });

export type Params = z.output<typeof schema>;

const m = (r: number[][]) => tensor(r.flat(), [r.length, r[0].length]);

/** The block's weights, drawn from the seed in a fixed order (so the test can rebuild them). */
export function blockWeights(d: number, dFf: number, seed: number) {
  const rng = new Rng(seed);
  const s = 1 / Math.sqrt(d);
  return {
    Wq: randomMatrix(rng, d, d, s),
    Wk: randomMatrix(rng, d, d, s),
    Wv: randomMatrix(rng, d, d, s),
    Wo: randomMatrix(rng, d, d, s),
    W1: randomMatrix(rng, d, dFf, s),
    b1: randomMatrix(rng, 1, dFf, 0.1)[0],
    W2: randomMatrix(rng, dFf, d, 1 / Math.sqrt(dFf)),
    b2: randomMatrix(rng, 1, d, 0.1)[0],
  };
}

const shapeTeX = (t: TensorData) => `\\quad(${t.shape.join('\\times ')})`;

export function run(p: Params, seed: number): Trace {
  const tokens = p.text
    ? tokenize(p.text)
    : p.X
      ? p.X.map((_, i) => `x${i + 1}`)
      : tokenize(DEFAULT_TEXT);
  const d = p.X?.[0].length ?? p.d ?? 8;
  const dFf = p.d_ff ?? 4 * d;
  const Xr = p.X ?? tokenEmbeddings(tokens, d, seed);
  const W = blockWeights(d, dFf, seed);
  const x = m(Xr); //                                               (T, C)
  const ln1 = layerNorm(x, ones([d]), zeros([d])); //               (T, C)
  const mha = multiHeadAttention(
    ln1,
    { Wq: m(W.Wq), Wk: m(W.Wk), Wv: m(W.Wv), Wo: m(W.Wo) },
    p.heads,
    p.causal,
  );
  const residual1 = add(x, mha.output); //                          (T, C)
  const ln2 = layerNorm(residual1, ones([d]), zeros([d])); //       (T, C)
  const hidden = add(matmul(ln2, m(W.W1)), tensor(W.b1)); //        (T, 4C)
  const activated = gelu(hidden); //                                (T, 4C)
  const ffn = add(matmul(activated, m(W.W2)), tensor(W.b2)); //     (T, C)
  const output = add(residual1, ffn); //                            (T, C)
  const s = (
    id: string,
    title: Bilingual,
    formula: string,
    t: TensorData,
    explanation: Bilingual,
  ): Step => step(id, title, formula + shapeTeX(t), { [id]: t }, explanation);
  const n = Xr.length,
    H = p.heads;
  return {
    lab: 'transformer-block',
    seed,
    params: { ...p },
    inputs: { X: td(Xr), ...Object.fromEntries(Object.entries(W).map(([k, v]) => [k, td(v)])) },
    tokens,
    steps: [
      s('x', { ja: '入力（残差ストリーム）', en: 'Input (residual stream)' }, 'x', td(x), {
        ja: `n = ${n} トークン × d = ${d}。ブロックはこの「残差ストリーム」に差分を足していくだけです。`,
        en: `n = ${n} tokens × d = ${d}. A block only adds updates to this residual stream.`,
      }),
      s(
        'ln1',
        { ja: 'レイヤー正規化 1（pre-norm）', en: 'Layer norm 1 (pre-norm)' },
        'h = \\mathrm{LN}(x)',
        td(ln1),
        {
          ja: 'pre-norm では注意の前に正規化します（γ = 1, β = 0 で初期化）。',
          en: 'Pre-norm normalises before attention (γ = 1, β = 0 at initialisation).',
        },
      ),
      s('Q', { ja: 'クエリ', en: 'Queries' }, 'Q = hW_Q', td(mha.Q), {
        ja: 'ヘッドは列で分かれます。',
        en: 'Heads split by columns.',
      }),
      s('K', { ja: 'キー', en: 'Keys' }, 'K = hW_K', td(mha.K), { ja: '', en: '' }),
      s('V', { ja: 'バリュー', en: 'Values' }, 'V = hW_V', td(mha.V), { ja: '', en: '' }),
      s(
        'weights',
        { ja: 'ヘッドごとの重み', en: 'Weights per head' },
        `A^{(h)} = \\mathrm{softmax}\\!\\left(\\tfrac{Q^{(h)}K^{(h)\\top}}{\\sqrt{d/H}}${p.causal ? ' + M' : ''}\\right)`,
        td(mha.weights),
        {
          ja: `形は H × n × n = ${H} × ${n} × ${n}。${p.causal ? '因果マスク付き。' : ''}`,
          en: `Shape H × n × n = ${H} × ${n} × ${n}.${p.causal ? ' Causally masked.' : ''}`,
        },
      ),
      s(
        'attn',
        { ja: '注意の出力', en: 'Attention output' },
        'a = \\mathrm{Concat}(A^{(h)}V^{(h)})\\,W_o',
        td(mha.output),
        {
          ja: 'ヘッドを連結して W_o で射影し、幅 d に戻ります。',
          en: 'Heads concatenated and projected by W_o, back to width d.',
        },
      ),
      s('residual1', { ja: '残差接続 1', en: 'Residual 1' }, 'r = x + a', td(residual1), {
        ja: '入力をそのまま足します。勾配が足し算を素通りできるので、深く積んでも学習できます。',
        en: 'The input is added back; gradients pass straight through the sum, which lets deep stacks train.',
      }),
      s('ln2', { ja: 'レイヤー正規化 2', en: 'Layer norm 2' }, 'h_2 = \\mathrm{LN}(r)', td(ln2), {
        ja: '',
        en: '',
      }),
      s('hidden', { ja: 'FFN 第 1 層', en: 'FFN first layer' }, 'u = h_2 W_1 + b_1', td(hidden), {
        ja: `各トークンを独立に d = ${d} から d_ff = ${dFf} に広げます。`,
        en: `Each token separately, widened from d = ${d} to d_ff = ${dFf}.`,
      }),
      s(
        'activated',
        { ja: 'GELU', en: 'GELU' },
        '\\mathrm{GELU}(u) = \\tfrac12 u\\left(1 + \\tanh\\!\\left(\\sqrt{2/\\pi}\\,(u + 0.044715u^3)\\right)\\right)',
        td(activated),
        {
          ja: '非線形性がないと 2 層の線形変換は 1 つの行列に潰れてしまいます。',
          en: 'Without a non-linearity the two linear layers would collapse into one matrix.',
        },
      ),
      s(
        'ffn',
        { ja: 'FFN 第 2 層', en: 'FFN second layer' },
        'f = \\mathrm{GELU}(u)\\,W_2 + b_2',
        td(ffn),
        {
          ja: `d_ff = ${dFf} から d = ${d} に戻します。`,
          en: `Back from d_ff = ${dFf} to d = ${d}.`,
        },
      ),
      s(
        'output',
        { ja: 'ブロックの出力（残差接続 2）', en: 'Block output (residual 2)' },
        'y = r + f',
        td(output),
        {
          ja: '形は入力と同じ n × d。だから同じブロックを何段でも積めます。',
          en: 'The same shape as the input, n × d, so blocks stack.',
        },
      ),
    ],
    result: td(output),
  };
}
