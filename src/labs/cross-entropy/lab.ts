// Cross-entropy lab, in nats: from logits and targets (probs, per-row NLL, mean loss, perplexity),
// or from two distributions p and q (entropy, cross-entropy, KL divergence).
import { z } from 'zod';
import { exp, logSoftmax, mean, neg, pick, softmax, tensor } from '../../engine/index.ts';
import { ids, matrix, require, vector, type Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';

export const DEFAULT_LOGITS = [
  [2.0, 1.0, 0.1],
  [0.5, 2.5, 0.3],
];

export const fields: Field[] = [
  {
    key: 'logits',
    kind: 'matrix',
    expected: 'n×V matrix, one row of logits per position (default 2×3)',
  },
  {
    key: 'targets',
    kind: 'ids',
    expected: 'n integers, the correct token id of each row (each < V)',
  },
  {
    key: 'p',
    kind: 'vector',
    expected: 'a distribution (≥ 0, sums to 1): the true one; give with q instead of logits',
  },
  { key: 'q', kind: 'vector', expected: "a distribution of the same length as p: the model's" },
];

const isDist = (v: number[]) =>
  v.every((x) => x >= 0) && Math.abs(v.reduce((a, b) => a + b, 0) - 1) <= 1e-6;

export const schema = z
  .strictObject({
    logits: matrix.optional(),
    targets: ids.optional(),
    p: vector.optional(),
    q: vector.optional(),
  })
  .superRefine((x, ctx) => {
    if (x.p || x.q) {
      require(ctx, !x.logits && !x.targets, x.logits
        ? 'logits'
        : 'targets', 'cannot be given with p and q; expected either logits+targets or p+q');
      require(ctx, !!x.p, 'p', 'is missing; expected p with q');
      require(ctx, !!x.q, 'q', 'is missing; expected q with p');
      if (x.p && x.q) {
        require(ctx, x.p.length ===
          x.q.length, 'q', `has ${x.q.length} values; expected ${x.p.length} like p`);
        require(ctx, isDist(x.p), 'p', 'is not a distribution; expected values ≥ 0 summing to 1');
        require(ctx, isDist(x.q), 'q', 'is not a distribution; expected values ≥ 0 summing to 1');
      }
      return;
    }
    const logits = x.logits ?? DEFAULT_LOGITS;
    require(ctx, !x.logits ||
      !!x.targets, 'targets', 'is missing; expected one target id per row of logits');
    const targets = x.targets ?? [0, 1];
    require(ctx, targets.length ===
      logits.length, 'targets', `has ${targets.length} ids; expected n = ${logits.length} (one per row)`);
    const bad = targets.find((t) => t >= logits[0].length);
    require(ctx, bad ===
      undefined, 'targets', `holds id ${bad}; expected ids 0…${logits[0].length - 1}`);
  });

export type Params = z.output<typeof schema>;

/** Σ p·f(p, q) with 0·log 0 = 0. */
const sumOver = (p: number[], f: (pi: number, i: number) => number) =>
  p.reduce((s, pi, i) => (pi === 0 ? s : s + f(pi, i)), 0);

export function run(x: Params, seed: number): Trace {
  if (x.p && x.q) {
    const { p, q } = x;
    // NOTE: plain float64 loops (the engine's float32 log loses the small differences KL is about).
    const entropy = -sumOver(p, (pi) => pi * Math.log(pi));
    const crossEntropy = -sumOver(p, (pi, i) => pi * Math.log(q[i]));
    const kl = sumOver(p, (pi, i) => pi * Math.log(pi / q[i]));
    return {
      lab: 'cross-entropy',
      seed,
      params: { ...x },
      inputs: { p: td(p), q: td(q) },
      steps: [
        step(
          'entropy',
          { ja: 'エントロピー H(p)', en: 'Entropy H(p)' },
          'H(p) = -\\sum_i p_i \\log p_i',
          { entropy: td(entropy) },
          {
            ja: '真の分布そのものの不確かさ（ナット単位）。どんなモデルでもこれより小さい損失にはなりません。',
            en: 'The uncertainty of the true distribution itself, in nats: no model can get a lower loss.',
          },
        ),
        step(
          'cross_entropy',
          { ja: '交差エントロピー H(p, q)', en: 'Cross-entropy H(p, q)' },
          'H(p,q) = -\\sum_i p_i \\log q_i',
          { cross_entropy: td(crossEntropy) },
          {
            ja: '真の分布 p からのデータを、モデル q で符号化したときの平均コストです。',
            en: 'The average cost of coding data from p with the model q.',
          },
        ),
        step(
          'kl',
          { ja: 'KL ダイバージェンス', en: 'KL divergence' },
          'D_{KL}(p\\|q) = \\sum_i p_i \\log\\frac{p_i}{q_i} = H(p,q) - H(p)',
          { kl: td(kl) },
          {
            ja: 'q を使うことによる余分なコスト。0 以上で、p = q のときだけ 0。対称ではありません（p と q を入れ替えて試してください）。',
            en: 'The extra cost of using q: ≥ 0, 0 only when p = q, and not symmetric (swap p and q to see).',
          },
        ),
      ],
      result: td(kl),
    };
  }
  const rowsIn = x.logits ?? DEFAULT_LOGITS;
  const targets = x.targets ?? [0, 1];
  const [n, V] = [rowsIn.length, rowsIn[0].length];
  const logits = tensor(rowsIn.flat(), [n, V]); //                (n, V)
  const probs = softmax(logits); //                                (n, V)
  const nll = neg(pick(logSoftmax(logits), Int32Array.from(targets))); // (n)
  const loss = mean(nll); //                                       ()
  const perplexity = exp(loss); //                                 ()
  return {
    lab: 'cross-entropy',
    seed,
    params: { ...x, ...(x.logits ? {} : { logits: rowsIn, targets }) },
    inputs: { logits: td(rowsIn), targets: td(targets) },
    steps: [
      step(
        'probs',
        { ja: 'softmax 確率', en: 'Softmax probabilities' },
        "q_{r,v} = \\frac{e^{z_{r,v}}}{\\sum_{v'} e^{z_{r,v'}}}",
        { probs: td(probs) },
        {
          ja: '各行（各位置）のロジットを語彙上の確率に変えます。',
          en: "Each row's logits become a distribution over the vocabulary.",
        },
      ),
      step(
        'nll',
        { ja: '負の対数尤度（行ごと）', en: 'Negative log-likelihood per row' },
        '\\ell_r = -\\log q_{r,\\,t_r}',
        { nll: td(nll) },
        {
          ja: '正解トークンに付けた確率の −log です。確率 1 なら 0、確率が小さいほど急に大きくなります。',
          en: 'The −log of the probability given to the correct token: 0 at probability 1, growing fast as it shrinks.',
        },
      ),
      step(
        'loss',
        { ja: '平均損失', en: 'Mean loss' },
        'L = \\frac{1}{n}\\sum_r \\ell_r',
        { loss: td(loss) },
        {
          ja: '言語モデルの学習で最小化する値です（ナット単位）。',
          en: 'What language-model training minimises (in nats).',
        },
      ),
      step(
        'perplexity',
        { ja: 'パープレキシティ', en: 'Perplexity' },
        '\\mathrm{PPL} = e^{L}',
        { perplexity: td(perplexity) },
        {
          ja: '「平均して何個の候補から迷っているか」に当たる数です。一様な V 択なら V になります。',
          en: 'Roughly how many choices the model is hesitating between on average: V for a uniform guess over V.',
        },
      ),
    ],
    result: td(loss),
  };
}
