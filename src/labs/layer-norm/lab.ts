// Layer-norm lab: per row (token), mean and population variance over the d features, normalise,
// then scale by gamma and shift by beta.
import { z } from 'zod';
import { add, addScalar, div, mean, mul, sqrt, sub, tensor } from '../../engine/index.ts';
import { matrix, require, vector, type Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';

export const DEFAULT_X = [
  [1, 2, 3, 4],
  [10, 20, 30, 40],
  [-2, 0, 0, 6],
];

export const fields: Field[] = [
  { key: 'x', kind: 'matrix', expected: 'n×d matrix, one row per token (default a 3×4 example)' },
  { key: 'gamma', kind: 'vector', expected: 'd numbers, the scale (default all 1)' },
  { key: 'beta', kind: 'vector', expected: 'd numbers, the shift (default all 0)' },
  {
    key: 'eps',
    kind: 'number',
    expected: 'number ≥ 0 added to the variance (default 1e-5)',
    min: 0,
    max: 1,
    step: 0.00001,
  },
];

export const schema = z
  .strictObject({
    x: matrix.default(DEFAULT_X),
    gamma: vector.optional(),
    beta: vector.optional(),
    eps: z.number().min(0).max(1).default(1e-5),
  })
  .superRefine((p, ctx) => {
    const d = p.x[0].length;
    for (const key of ['gamma', 'beta'] as const)
      require(ctx, !p[key] ||
        p[key].length ===
          d, key, `has ${p[key]?.length} values; expected d = ${d} (x has ${d} columns)`);
  });

export type Params = z.output<typeof schema>;

export function run(p: Params, seed: number): Trace {
  const [n, d] = [p.x.length, p.x[0].length];
  const gamma = p.gamma ?? new Array<number>(d).fill(1);
  const beta = p.beta ?? new Array<number>(d).fill(0);
  const x = tensor(p.x.flat(), [n, d]); //                       (T, C)
  const mu = mean(x, -1, true); //                                (T, 1)
  const centered = sub(x, mu); //                                 (T, C)
  const variance = mean(mul(centered, centered), -1, true); //    (T, 1), population: ÷ d
  const normalized = div(centered, sqrt(addScalar(variance, p.eps))); // (T, C)
  const output = add(mul(normalized, tensor(gamma)), tensor(beta)); //   (T, C)
  return {
    lab: 'layer-norm',
    seed,
    params: { ...p },
    inputs: { x: td(p.x), gamma: td(gamma), beta: td(beta) },
    steps: [
      step(
        'mean',
        { ja: '行ごとの平均', en: 'Mean of each row' },
        `\\mu = \\frac{1}{d}\\sum_{j=1}^{d} x_j \\quad (d = ${d})`,
        { mean: td(mu.data.length ? Array.from(mu.data) : [], [n]) },
        {
          ja: 'レイヤー正規化はトークン（行）ごとに、その d 個の特徴量だけで統計をとります。バッチの他の例には依存しません。',
          en: 'Layer norm takes statistics per token (row), over its d features only; it never looks at other examples in the batch.',
        },
      ),
      step(
        'variance',
        { ja: '行ごとの分散（母分散）', en: 'Variance of each row (population)' },
        '\\sigma^2 = \\frac{1}{d}\\sum_{j} (x_j - \\mu)^2',
        { variance: td(Array.from(variance.data), [n]) },
        {
          ja: 'd で割る母分散です（d − 1 ではありません）。',
          en: 'Population variance: divide by d, not d − 1.',
        },
      ),
      step(
        'normalized',
        { ja: '正規化', en: 'Normalised' },
        `\\hat x_j = \\frac{x_j - \\mu}{\\sqrt{\\sigma^2 + \\varepsilon}},\\quad \\varepsilon = ${p.eps}`,
        { normalized: td(normalized) },
        {
          ja: '各行が平均 0・分散 1 になります。1 行目と 2 行目（10 倍）の結果がほぼ同じになることに注目してください。スケールの違いが消え、深い層でも値が暴れにくくなります。',
          en: 'Each row now has mean 0 and variance 1. Rows that differ only in scale (1,2,3,4 and 10,20,30,40) give almost the same result, which keeps deep stacks stable.',
        },
      ),
      step(
        'output',
        { ja: 'スケールとシフト', en: 'Scale and shift' },
        'y_j = \\gamma_j\\,\\hat x_j + \\beta_j',
        { output: td(output) },
        {
          ja: '学習される γ と β で、必要なら元のスケールや平均を取り戻せます。',
          en: 'The learned γ and β can restore any scale and mean the model needs.',
        },
      ),
    ],
    result: td(output),
  };
}
