// Embedding lab: word2vec skip-gram with negative sampling trained here on a small corpus (the
// curriculum's own text made into a corpus by curriculum.ts, which the web page passes as `text`; the
// hand-written one of corpus.ts when no text is given; or the learner's text), then the embedding table
// looked up by token id, dot product and cosine similarity of two words, nearest neighbours of a
// query word, and a 2-D PCA projection of every word (power iteration).
import { z } from 'zod';
import { require, type Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';
import { CORPUS } from './corpus.ts';
import { buildVocab, cosine, dot, norm, pca2, trainSgns, type Vocab } from './word2vec.ts';

export const fields: Field[] = [
  {
    key: 'text',
    kind: 'text',
    expected:
      'the corpus: words separated by spaces, sentences ended by 。 . ! ? or a newline (default: the hand-written corpus)',
  },
  {
    key: 'a',
    kind: 'text',
    expected: 'a word of the corpus (default 猫, else エンコーダ, else the most frequent word)',
  },
  {
    key: 'b',
    kind: 'text',
    expected:
      'another word of the corpus (default 犬, else デコーダ, else the second most frequent)',
  },
  {
    key: 'query',
    kind: 'text',
    expected:
      'the word whose nearest neighbours are listed (default トークン, else the most frequent word)',
  },
  {
    key: 'dim',
    kind: 'int',
    expected: 'integer 2–32, the embedding size (default 10)',
    min: 2,
    max: 32,
  },
  {
    key: 'window',
    kind: 'int',
    expected: 'integer 1–5, context words on each side (default 2)',
    min: 1,
    max: 5,
  },
  {
    key: 'negatives',
    kind: 'int',
    expected: 'integer 1–10, negative samples per pair (default 3)',
    min: 1,
    max: 10,
  },
  {
    key: 'epochs',
    kind: 'int',
    expected: 'integer 1–100, passes over the corpus (default 30)',
    min: 1,
    max: 100,
  },
  {
    key: 'lr',
    kind: 'number',
    expected: 'learning rate 0.001–1 (default 0.05)',
    min: 0.001,
    max: 1,
    step: 0.005,
  },
  {
    key: 'k',
    kind: 'int',
    expected: 'integer 1–20, how many neighbours (default 5)',
    min: 1,
    max: 20,
  },
];

export const schema = z
  .strictObject({
    text: z.string().max(40000).default(CORPUS),
    a: z.string().optional(),
    b: z.string().optional(),
    query: z.string().optional(),
    dim: z.number().int().min(2).max(32).default(10),
    window: z.number().int().min(1).max(5).default(2),
    negatives: z.number().int().min(1).max(10).default(3),
    epochs: z.number().int().min(1).max(100).default(30),
    lr: z.number().min(0.001).max(1).default(0.05),
    k: z.number().int().min(1).max(20).default(5),
  })
  .superRefine((p, ctx) => {
    const v = buildVocab(p.text);
    require(ctx, v.words.length >=
      3, 'text', `has ${v.words.length} distinct words; expected at least 3`);
    const tokens = v.sentences.reduce((a, s) => a + s.length, 0);
    require(ctx, tokens <=
      5000, 'text', `has ${tokens} words; expected at most 5000 (training runs in the browser)`);
    for (const key of ['a', 'b', 'query'] as const)
      if (p[key] !== undefined)
        require(ctx, v.words.includes(p[key]), key, `"${p[key]}" is not a word of the corpus`);
  });

export type Params = z.output<typeof schema>;

/** Words tried, in order, when a, b or query is not given; then the most frequent words. */
const PREFERRED = { a: ['猫', 'エンコーダ'], b: ['犬', 'デコーダ'], query: ['トークン'] } as const;

/** a, b and query: as given, else the first preferred word of the corpus, else a frequent word. */
export function chosenWords(p: Params, vocab: Vocab): { a: string; b: string; query: string } {
  const byCount = vocab.words
    .map((w, i) => ({ w, n: vocab.counts[i], i }))
    .sort((x, y) => y.n - x.n || x.i - y.i)
    .map((x) => x.w);
  const pick = (key: 'a' | 'b' | 'query', rank: number) =>
    p[key] ?? PREFERRED[key].find((w) => vocab.words.includes(w)) ?? byCount[rank];
  return { a: pick('a', 0), b: pick('b', 1), query: pick('query', 0) };
}

export interface EmbeddingTrace extends Trace {
  vocab: string[];
  neighbours: string[];
}

export type Trained = ReturnType<typeof trainSgns>;

// Training depends only on the corpus, the SGNS settings and the seed: memoised so choosing other
// words (a, b, query, k) does not retrain. The web page trains in a Web Worker and stores the result
// here (storeTrained) before running.
const cache = new Map<string, Trained>();
const trainingKey = (p: Params, seed: number) =>
  JSON.stringify([p.text, p.dim, p.window, p.negatives, p.epochs, p.lr, seed]);

export const isTrained = (p: Params, seed: number): boolean => cache.has(trainingKey(p, seed));

export function storeTrained(p: Params, seed: number, m: Trained): void {
  if (cache.size >= 4) cache.delete(cache.keys().next().value!);
  cache.set(trainingKey(p, seed), m);
}

/** Trains (or reuses) word2vec on the params' corpus: the same as trainSgns(buildVocab(text), p, seed). */
export function trained(p: Params, seed: number): Trained {
  let m = cache.get(trainingKey(p, seed));
  if (!m) {
    m = trainSgns(buildVocab(p.text), p, seed);
    storeTrained(p, seed, m);
  }
  return m;
}

export function run(params: Params, seed: number): Trace {
  const vocab = buildVocab(params.text);
  const p = { ...params, ...chosenWords(params, vocab) };
  const { Win, losses } = trained(p, seed);
  const E = Win.map((r) => Array.from(r));
  const ia = vocab.words.indexOf(p.a),
    ib = vocab.words.indexOf(p.b),
    iq = vocab.words.indexOf(p.query);
  const ea = E[ia],
    eb = E[ib];
  const dp = dot(ea, eb);
  const cos = cosine(ea, eb);
  const sims = E.map((e, i) => ({ i, s: cosine(E[iq], e) }))
    .filter((x) => x.i !== iq)
    .sort((x, y) => y.s - x.s || x.i - y.i) // ties: lower id
    .slice(0, p.k);
  const pc = pca2(E, seed);
  const steps = [
    step(
      'counts',
      { ja: '語彙と出現回数', en: 'Vocabulary and counts' },
      '\\mathrm{id}: w \\mapsto 0, 1, \\dots, V-1 \\quad (V = ' + vocab.words.length + ')',
      { counts: td(vocab.counts) },
      {
        ja: '単語に出てきた順に番号（トークン ID）を振り、回数を数えます。負例は回数の 3/4 乗に比例して選びます。',
        en: 'Each word gets an id in order of first appearance, and is counted; negatives are drawn in proportion to count^0.75.',
      },
    ),
    step(
      'loss',
      { ja: 'skip-gram（負例サンプリング）の損失', en: 'Skip-gram negative-sampling loss' },
      '\\mathcal{L} = -\\log\\sigma(v_c\\cdot u_o) - \\sum_{k=1}^{K}\\log\\sigma(-v_c\\cdot u_{n_k})',
      { loss: td(losses) },
      {
        ja: '中心の単語 c から、窓の中の周りの単語 o を当て（内積を大きく）、ランダムな単語 n_k は当てない（内積を小さく）ように SGD で更新します。値はエポックごとの平均です。',
        en: 'SGD makes the centre word c predict each word o in its window (a large dot product) and not K random words n_k (a small one). Values are per-epoch means.',
      },
    ),
    step(
      'E',
      { ja: '埋め込み表 E（学習後）', en: 'Embedding table E (trained)' },
      'E \\in \\mathbb{R}^{V \\times d}, \\quad E_w = v_w',
      { E: td(E) },
      {
        ja: '行 w が単語 w の埋め込みベクトルです。モデルへの入力は、この表の行を ID で引くだけです。',
        en: 'Row w is the embedding of word w. Feeding a token to a model is just reading this row by its id.',
      },
    ),
    step(
      'lookup',
      { ja: 'ID で引く', en: 'Look-up by id' },
      `e_a = E[${ia}],\\quad e_b = E[${ib}]`,
      { lookup: td([ea, eb]), ids: td([ia, ib]) },
      {
        ja: `「${p.a}」は ID ${ia}、「${p.b}」は ID ${ib} なので、その行を取り出します。one-hot ベクトルと E の積と同じ計算です。`,
        en: `"${p.a}" has id ${ia} and "${p.b}" id ${ib}: their rows are read out, the same as multiplying a one-hot vector by E.`,
      },
    ),
    step(
      'dot',
      { ja: '内積', en: 'Dot product' },
      'e_a \\cdot e_b = \\sum_i e_{a,i}\\, e_{b,i}',
      { dot: td(dp), norms: td([norm(ea), norm(eb)]) },
      {
        ja: '内積は向きの近さと長さの両方で大きくなります。よく出る単語はベクトルが長くなりがちです。',
        en: 'A dot product grows with both alignment and length; frequent words tend to get longer vectors.',
      },
    ),
    step(
      'cosine',
      { ja: 'コサイン類似度', en: 'Cosine similarity' },
      '\\cos(e_a, e_b) = \\frac{e_a \\cdot e_b}{\\lVert e_a\\rVert\\,\\lVert e_b\\rVert}',
      { cosine: td(cos) },
      {
        ja: '長さで割って向きだけを比べます（−1〜1）。同じような文脈に出る単語ほど 1 に近づきます。',
        en: 'Dividing by the lengths compares direction only (−1 to 1): words used in similar contexts come close to 1.',
      },
    ),
    step(
      'neighbours',
      { ja: `「${p.query}」の近傍`, en: `Nearest neighbours of "${p.query}"` },
      '\\operatorname{top-}k_{w \\ne q} \\cos(e_q, e_w)',
      { neighbours: td(sims.map((x) => x.s)), neighbour_ids: td(sims.map((x) => x.i)) },
      {
        ja: 'コサイン類似度が高い順に並べた単語です。小さなコーパスなので、近いのは意味よりも「同じ文型で使われる単語」です。',
        en: 'Words by decreasing cosine similarity. On a corpus this small, "close" means used in the same sentence frames more than similar in meaning.',
      },
    ),
    step(
      'pca_axes',
      { ja: '主成分（べき乗法）', en: 'Principal axes (power iteration)' },
      'C = \\tfrac{1}{V}\\bar E^\\top \\bar E,\\quad e_1 \\leftarrow \\frac{C e_1}{\\lVert C e_1\\rVert}',
      { pca_axes: td(pc.axes), variance: td(pc.variances) },
      {
        ja: '埋め込みを平均 0 にずらし、共分散行列に何度もベクトルを掛けると、最も広がった方向（第 1 主成分）に収束します。それを取り除いて第 2 主成分も求めます。',
        en: 'Centre the embeddings and multiply a vector by their covariance again and again: it converges to the direction of greatest spread. Remove it and repeat for the second axis.',
      },
    ),
    step(
      'projection',
      { ja: '2 次元への射影', en: 'Projection to 2-D' },
      'p_w = (\\bar e_w \\cdot e_1,\\; \\bar e_w \\cdot e_2)',
      { projection: td(pc.projection) },
      {
        ja: '各単語を 2 つの主成分に射影した座標です。d 次元の関係の一部しか残りませんが、近い単語のまとまりが見えます。',
        en: 'Each word projected on the two axes. Only part of the d-dimensional picture survives, but groups of close words show.',
      },
    ),
  ];
  const trace: EmbeddingTrace = {
    lab: 'embedding',
    seed,
    params: { ...p },
    inputs: {},
    tokens: vocab.words,
    steps,
    result: td([ea, eb]),
    vocab: vocab.words,
    neighbours: sims.map((x) => vocab.words[x.i]),
  };
  return trace;
}
