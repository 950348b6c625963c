// Positional-encoding lab: sinusoidal (and why: PE(pos+k) is a rotation of PE(pos)), learned,
// RoPE (rotated pairs; scores depend only on the offset) and ALiBi (linear distance biases).
// NOTE: the engine has no sin/cos op, so the encodings are computed in plain loops here.
import { z } from 'zod';
import { matmul, Rng, tensor, transpose } from '../../engine/index.ts';
import { matrix, randomMatrix, require, type Field } from '../params.ts';
import { step, td, type Step, type Trace } from '../trace.ts';

const KINDS = ['sinusoidal', 'rope', 'learned', 'alibi'] as const;

export const fields: Field[] = [
  {
    key: 'kind',
    kind: 'select',
    expected: 'one of sinusoidal | rope | learned | alibi (default sinusoidal)',
    options: [...KINDS],
  },
  {
    key: 'positions',
    kind: 'int',
    expected: 'integer 1–64, the number of positions n (default 8)',
    min: 1,
    max: 64,
  },
  {
    key: 'd',
    kind: 'int',
    expected: 'even integer 2–64, the model size (default 8)',
    min: 2,
    max: 64,
    step: 2,
  },
  {
    key: 'offset',
    kind: 'int',
    expected: 'integer k, 1 ≤ k < positions: the shift shown as a rotation (default 1)',
    min: 1,
    max: 63,
  },
  {
    key: 'x',
    kind: 'matrix',
    expected: 'rope only: n×d matrix of vectors to rotate (default: seeded)',
  },
  {
    key: 'heads',
    kind: 'int',
    expected: 'alibi only: integer 1–16, the number of heads H (default 4)',
    min: 1,
    max: 16,
  },
];

export const schema = z
  .strictObject({
    kind: z.enum(KINDS).default('sinusoidal'),
    positions: z.number().int().min(1).max(64).optional(),
    d: z.number().int().min(2).max(64).optional(),
    offset: z.number().int().min(1).max(63).default(1),
    x: matrix.optional(),
    heads: z.number().int().min(1).max(16).default(4),
  })
  .superRefine((p, ctx) => {
    const n = p.x?.length ?? p.positions ?? 8;
    const d = p.x?.[0].length ?? p.d ?? 8;
    require(ctx, d % 2 === 0, p.x
      ? 'x'
      : 'd', `d = ${d} is odd; expected an even d (dimensions come in sin/cos pairs)`);
    if (p.x) {
      require(ctx, p.kind === 'rope', 'x', `is only used by kind "rope", not "${p.kind}"`);
      require(ctx, p.positions === undefined ||
        p.positions === n, 'positions', `is ${p.positions} but x has ${n} rows`);
      require(ctx, p.d === undefined || p.d === d, 'd', `is ${p.d} but x has ${d} columns`);
    }
    require(ctx, p.kind !== 'sinusoidal' ||
      n < 2 ||
      p.offset < n, 'offset', `${p.offset} must be less than positions = ${n}`);
  });

export type Params = z.output<typeof schema>;

/** ω_i = 1 / 10000^(2i/d), i = 0 … d/2 − 1 (also RoPE's θ_i). */
const freq = (i: number, d: number) => Math.pow(10000, (-2 * i) / d);

export function sinusoidal(n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, pos) =>
    Array.from({ length: d }, (_, j) =>
      j % 2 === 0 ? Math.sin(pos * freq(j >> 1, d)) : Math.cos(pos * freq(j >> 1, d)),
    ),
  );
}

const m = (r: number[][]) => tensor(r.flat(), [r.length, r[0].length]);
const similarity = (pe: number[][]) => {
  const P = m(pe);
  return matmul(P, transpose(P));
}; // (n, n)

/** Rotates each pair (v[2i], v[2i+1]) by angle a_i. */
function rotatePairs(v: number[], angles: number[]): number[] {
  const out = [...v];
  angles.forEach((a, i) => {
    const [x0, x1] = [v[2 * i], v[2 * i + 1]];
    out[2 * i] = x0 * Math.cos(a) - x1 * Math.sin(a);
    out[2 * i + 1] = x0 * Math.sin(a) + x1 * Math.cos(a);
  });
  return out;
}

function sinusoidalSteps(n: number, d: number, k: number): Step[] {
  const pe = sinusoidal(n, d);
  // R_k: block-diagonal 2×2 blocks [[cos kω, sin kω], [−sin kω, cos kω]], so PE[pos+k] = R_k · PE[pos].
  const R = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d / 2; i++) {
    const [c, s] = [Math.cos(k * freq(i, d)), Math.sin(k * freq(i, d))];
    R[2 * i][2 * i] = c;
    R[2 * i][2 * i + 1] = s;
    R[2 * i + 1][2 * i] = -s;
    R[2 * i + 1][2 * i + 1] = c;
  }
  const steps: Step[] = [
    step(
      'pe',
      { ja: '正弦波位置符号 PE', en: 'Sinusoidal encoding PE' },
      'PE_{pos,2i} = \\sin\\frac{pos}{10000^{2i/d}},\\quad PE_{pos,2i+1} = \\cos\\frac{pos}{10000^{2i/d}}',
      { pe: td(pe) },
      {
        ja: '次元のペア (2i, 2i+1) ごとに周波数の違う sin と cos を並べます。低い次元は速く、高い次元はゆっくり回る時計の針の集まりのようなものです。',
        en: 'Each pair of dimensions (2i, 2i+1) holds a sine and cosine of its own frequency: a set of clock hands, fast in the low dimensions and slow in the high ones.',
      },
    ),
    step(
      'similarity',
      { ja: '位置どうしの内積', en: 'Dot products between positions' },
      'S_{pq} = PE_p \\cdot PE_q = \\sum_i \\cos\\big((p-q)\\,\\omega_i\\big)',
      { similarity: td(similarity(pe)) },
      {
        ja: '内積は cos の和になり、位置の差 p − q だけで決まります。対角線に平行な線上で値が同じになることを確かめてください。',
        en: 'The dot product is a sum of cosines of the offset p − q alone: values are constant along each diagonal.',
      },
    ),
  ];
  if (n > k) {
    const predicted = pe
      .slice(0, n - k)
      .map((row) => R.map((r) => r.reduce((s, v, j) => s + v * row[j], 0)));
    const actual = pe.slice(k);
    const error = Math.max(
      ...predicted.flatMap((r, i) => r.map((v, j) => Math.abs(v - actual[i][j]))),
    );
    steps.push(
      step(
        'rotation',
        {
          ja: `なぜ sin と cos か：${k} 先は回転`,
          en: `Why sine and cosine: ${k} ahead is a rotation`,
        },
        `PE_{pos+${k}} = R_{${k}}\\,PE_{pos},\\quad R_k = \\mathrm{diag}\\begin{pmatrix}\\cos k\\omega_i & \\sin k\\omega_i\\\\ -\\sin k\\omega_i & \\cos k\\omega_i\\end{pmatrix}`,
        { rotation: td(R), predicted: td(predicted), actual: td(actual), error: td(error) },
        {
          ja: `加法定理 sin(a+b) = sin a cos b + cos a sin b により、位置を ${k} ずらすことは位置によらない同じ回転 R_${k} を掛けることと同じです。predicted（R·PE[pos]）と actual（PE[pos+${k}]）の差は ${error.toExponential(1)} です。だからモデルは「${k} つ前」という相対位置を線形変換で読み取れます。`,
          en: `By sin(a+b) = sin a cos b + cos a sin b, shifting by ${k} is multiplying by the same rotation R_${k} at every position. predicted (R·PE[pos]) and actual (PE[pos+${k}]) differ by ${error.toExponential(1)}: relative position is a linear map the model can learn.`,
        },
      ),
    );
  }
  return steps;
}

export function run(p: Params, seed: number): Trace {
  const n = p.x?.length ?? p.positions ?? 8;
  const d = p.x?.[0].length ?? p.d ?? 8;
  const base = { lab: 'positional-encoding', seed, params: { ...p } };
  if (p.kind === 'sinusoidal') {
    const steps = sinusoidalSteps(n, d, p.offset);
    return { ...base, inputs: {}, steps, result: steps[0].tensors.pe };
  }
  if (p.kind === 'learned') {
    const pe = randomMatrix(new Rng(seed), n, d, 0.5);
    const steps = [
      step(
        'pe',
        { ja: '学習される位置埋め込み（初期値）', en: 'Learned position embeddings (initial)' },
        'PE = E_{\\text{pos}}[pos],\\quad E_{\\text{pos}} \\in \\mathbb{R}^{n_{\\max}\\times d}',
        { pe: td(pe) },
        {
          ja: 'GPT-2 や BERT は位置ごとのベクトルを表として学習します。初期値は乱数で、構造は学習で初めて生まれます。表にない位置（n_max より先）は表せません。',
          en: 'GPT-2 and BERT learn one vector per position in a table. It starts random; any structure comes from training, and positions past n_max cannot be represented.',
        },
      ),
      step(
        'similarity',
        { ja: '位置どうしの内積', en: 'Dot products between positions' },
        'S_{pq} = PE_p \\cdot PE_q',
        { similarity: td(similarity(pe)) },
        {
          ja: '乱数の初期値では、正弦波と違って対角線に沿った規則性がありません。',
          en: 'At random initialisation there is no pattern along the diagonals, unlike the sinusoidal encoding.',
        },
      ),
    ];
    return { ...base, inputs: {}, steps, result: td(pe) };
  }
  if (p.kind === 'rope') {
    const x = p.x ?? randomMatrix(new Rng(seed), n, d);
    const angles = Array.from({ length: n }, (_, pos) =>
      Array.from({ length: d / 2 }, (_, i) => pos * freq(i, d)),
    );
    const rotated = x.map((row, pos) => rotatePairs(row, angles[pos]));
    // ⟨R_m q, R_j k⟩ for q = x[0], k = x[1]: depends only on m − j.
    const q = x[0],
      kv = x[Math.min(1, n - 1)];
    const rel = angles.map((am) => {
      const rq = rotatePairs(q, am);
      return angles.map((aj) => {
        const rk = rotatePairs(kv, aj);
        return rq.reduce((s, v, c) => s + v * rk[c], 0);
      });
    });
    const steps = [
      step(
        'angles',
        { ja: '回転角 pos·θ_i', en: 'Angles pos·θ_i' },
        '\\phi_{pos,i} = pos\\cdot\\theta_i,\\quad \\theta_i = 10000^{-2i/d}',
        { angles: td(angles) },
        {
          ja: '位置 pos の i 番目のペアは角度 pos·θ_i だけ回されます（形 n×d/2）。',
          en: 'Pair i at position pos is turned by pos·θ_i (shape n×d/2).',
        },
      ),
      step(
        'rotated',
        { ja: '回転したベクトル', en: 'Rotated vectors' },
        "\\begin{pmatrix}x'_{2i}\\\\x'_{2i+1}\\end{pmatrix} = \\begin{pmatrix}\\cos\\phi & -\\sin\\phi\\\\ \\sin\\phi & \\cos\\phi\\end{pmatrix}\\begin{pmatrix}x_{2i}\\\\x_{2i+1}\\end{pmatrix}",
        { rotated: td(rotated) },
        {
          ja: 'RoPE は位置を足すのではなく、クエリとキーのペアを回転させます。長さ（ノルム）は変わりません。',
          en: 'RoPE does not add a position vector; it rotates the pairs of queries and keys. Norms are unchanged.',
        },
      ),
      step(
        'relative',
        { ja: '相対位置だけで決まる内積', en: 'Scores depend only on the offset' },
        '\\langle R_m q, R_j k\\rangle = \\langle q, R_{j-m} k\\rangle',
        { relative: td(rel) },
        {
          ja: 'q = x[0], k = x[1] をそれぞれ位置 m, j で回したときの内積です。回転の差 j − m だけが残るので、対角線に沿って同じ値になります。',
          en: 'q = x[0] and k = x[1] rotated to positions m and j: only the difference j − m survives, so values are constant along diagonals.',
        },
      ),
    ];
    return { ...base, inputs: { x: td(x) }, steps, result: td(rotated) };
  }
  // alibi: slope_h = 2^(−8h/H), h = 1 … H; bias[q, k] = −slope·(q − k) for k ≤ q, −∞ (causal) above.
  const H = p.heads;
  const slopes = Array.from({ length: H }, (_, h) => Math.pow(2, (-8 * (h + 1)) / H));
  const bias = slopes.flatMap((s) =>
    Array.from({ length: n * n }, (_, i) => {
      const [q, k] = [Math.floor(i / n), i % n];
      return k <= q ? -s * (q - k) : -Infinity;
    }),
  );
  const steps = [
    step(
      'slopes',
      { ja: 'ヘッドごとの傾き', en: 'Slope per head' },
      'm_h = 2^{-8h/H}',
      { slopes: td(slopes) },
      {
        ja: 'ヘッドごとに違う傾きを固定で与えます（学習しません）。',
        en: 'Each head gets a fixed slope (not learned).',
      },
    ),
    step(
      'bias',
      { ja: 'ALiBi バイアス', en: 'ALiBi bias' },
      'b^{(h)}_{qk} = -m_h\\,(q-k)\\quad (k \\le q)',
      { bias: td(bias, [H, n, n]) },
      {
        ja: '遠いキーほど大きく減点するバイアスをスコアに足します。位置ベクトルを使わないので、学習時より長い系列にも外挿しやすくなります。k > q は因果マスクで −∞ です。',
        en: 'A penalty growing with distance is added to the scores. No position vectors, so it extrapolates to longer sequences. k > q is −∞ (causal mask).',
      },
    ),
  ];
  return { ...base, inputs: {}, steps, result: td(bias, [H, n, n]) };
}
