// KV cache: the memory it takes (LABS.md's formula) and the work it saves. Generating N tokens one
// at a time, without a cache step t runs the model over all t tokens again; with it, only the new
// token (its keys and values are appended, the old ones read back).
import { z } from 'zod';
import type { Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';

const int = (min: number, max: number, d: number) => z.number().int().min(min).max(max).default(d);

export const fields: Field[] = [
  { key: 'n_layer', kind: 'int', expected: 'integer 1–200 (default 4)', min: 1, max: 200 },
  { key: 'n_head', kind: 'int', expected: 'integer 1–256 (default 4)', min: 1, max: 256 },
  { key: 'd_model', kind: 'int', expected: 'integer 1–65536 (default 128)', min: 1, max: 65536 },
  {
    key: 'seq_len',
    kind: 'int',
    expected: 'integer 1–1048576 (default 256)',
    min: 1,
    max: 1048576,
  },
  { key: 'batch', kind: 'int', expected: 'integer 1–4096 (default 1)', min: 1, max: 4096 },
  {
    key: 'bytes_per_value',
    kind: 'select',
    expected: '4 (fp32), 2 (fp16/bf16) or 1 (int8); default 4',
    options: ['4', '2', '1'],
  },
];

export const schema = z.strictObject({
  n_layer: int(1, 200, 4),
  n_head: int(1, 256, 4),
  d_model: int(1, 65536, 128),
  seq_len: int(1, 1048576, 256),
  batch: int(1, 4096, 1),
  bytes_per_value: z.coerce
    .number()
    .pipe(z.union([z.literal(1), z.literal(2), z.literal(4)]))
    .default(4),
});

export type Params = z.output<typeof schema>;

/**
 * FLOPs of the blocks (2 per multiply–add) for generating N tokens: a token at position i (1-based)
 * costs 24·L·C² in the weight matmuls and 4·L·C·i in attention (scores and weighted sum over i keys).
 *   without cache: step t re-runs positions 1..t → Σₜ Σᵢ≤ₜ (24LC² + 4LCi) = 12LC²N(N+1) + 2LC·N(N+1)(N+2)/3
 *   with cache:    step t runs position t only  → Σₜ (24LC² + 4LCt)       = 24LC²N + 2LC·N(N+1)
 */
export function flops(L: number, C: number, N: number) {
  return {
    without: 12 * L * C * C * N * (N + 1) + (2 * L * C * N * (N + 1) * (N + 2)) / 3,
    with: 24 * L * C * C * N + 2 * L * C * N * (N + 1),
  };
}

export function run(p: Params, seed: number): Trace {
  const { n_layer: L, d_model: C, seq_len: N, batch: B, bytes_per_value: b } = p;
  const perToken = 2 * L * C * b;
  const total = perToken * N * B;
  const f = flops(L, C, N);
  return {
    lab: 'kv-cache',
    seed,
    params: { ...p },
    inputs: {},
    steps: [
      step(
        'per_token_bytes',
        { ja: '1 トークンあたりのキャッシュ', en: 'Cache per token' },
        `2 \\cdot n_{layer} \\cdot d_{model} \\cdot b = 2 \\cdot ${L} \\cdot ${C} \\cdot ${b}`,
        { per_token_bytes: td(perToken) },
        {
          ja: '各層で K と V（それぞれ d_model 個の値）を覚えておくので 2 倍。ヘッド数には依存しません（ヘッドは d_model を分け合うだけ）。',
          en: 'Every layer keeps K and V (d_model values each), hence the 2. The number of heads does not matter: heads split d_model.',
        },
      ),
      step(
        'total_bytes',
        { ja: 'キャッシュ全体', en: 'Whole cache' },
        `\\text{per\\_token} \\cdot \\text{seq\\_len} \\cdot \\text{batch} = ${perToken} \\cdot ${N} \\cdot ${B}`,
        { total_bytes: td(total) },
        {
          ja: '系列長とバッチに比例して増えます。長い文脈や多数の同時リクエストでメモリを食うのは重みではなくこのキャッシュ、ということがよくあります。',
          en: 'It grows with sequence length and batch: with long contexts or many requests it is often the cache, not the weights, that fills the memory.',
        },
      ),
      step(
        'flops_without_cache',
        { ja: 'キャッシュなしの計算量', en: 'FLOPs without a cache' },
        `B\\sum_{t=1}^{N}\\sum_{i=1}^{t}(24LC^2 + 4LCi) \\approx 12BLC^2N^2`,
        { flops_without_cache: td(f.without * B) },
        {
          ja: '新しいトークンのたびに、それまでの全トークンを最初から計算し直します。N に対して 2 乗で増えます。',
          en: 'Every new token recomputes all the tokens before it: the cost grows with N².',
        },
      ),
      step(
        'flops_with_cache',
        { ja: 'キャッシュありの計算量', en: 'FLOPs with a cache' },
        `B\\sum_{t=1}^{N}(24LC^2 + 4LCt) \\approx 24BLC^2N`,
        { flops_with_cache: td(f.with * B) },
        {
          ja: `過去の K・V を読み出すだけなので、新しいトークン 1 個分の計算で済みます。N に対してほぼ線形で、この設定では約 ${(f.without / f.with).toFixed(1)} 倍の節約です。`,
          en: `Past keys and values are read back, so each step computes one token: nearly linear in N, here about ${(f.without / f.with).toFixed(1)}× less work.`,
        },
      ),
    ],
    result: td(total),
  };
}
