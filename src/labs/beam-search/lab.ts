// Beam search on a bigram model small enough to follow by hand: row i of `logits` gives the scores
// of the next token after token i. Each step extends every beam by every token, scores the candidates
// by total log-probability and keeps the best `beams`; greedy (one beam) is shown beside it.
import { z } from 'zod';
import { matrix, require, type Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';
import { beamSearch, logSoftmax } from './beam.ts';

export const DEFAULT_VOCAB = ['<s>', '私', '猫', 'が', 'は', '。'];
// Greedy takes 私 (the likelier first token) and then a flat row; a two-beam search finds 猫 が.
export const DEFAULT_LOGITS = [
  [-5, 1.0, 0.8, -1, -1, -2],
  [-5, -2, 0.2, 0.1, 0.3, 0.0],
  [-5, -2, -2, 2.5, 0.5, -1],
  [-5, 0.5, 0.5, -2, -2, 1.0],
  [-5, 0.5, 0.5, -2, -2, 1.0],
  [2, -2, -2, -2, -2, -2],
];

export const fields: Field[] = [
  {
    key: 'logits',
    kind: 'matrix',
    expected: 'V×V finite numbers: row i = next-token logits after token i',
  },
  { key: 'vocab', kind: 'labels', expected: 'optional: V token labels (array of strings)' },
  {
    key: 'start',
    kind: 'int',
    expected: 'id of the first token, 0…V−1 (default 0)',
    min: 0,
    max: 63,
  },
  { key: 'beams', kind: 'int', expected: 'beam width, integer 1–16 (default 2)', min: 1, max: 16 },
  {
    key: 'steps',
    kind: 'int',
    expected: 'tokens to generate, integer 1–8 (default 3)',
    min: 1,
    max: 8,
  },
];

export const schema = z
  .strictObject({
    logits: matrix.default(DEFAULT_LOGITS),
    vocab: z.array(z.string()).optional(),
    start: z.number().int().min(0).default(0),
    beams: z.number().int().min(1).max(16).default(2),
    steps: z.number().int().min(1).max(8).default(3),
  })
  .superRefine((p, ctx) => {
    const V = p.logits.length;
    require(ctx, p.logits[0].length ===
      V, 'logits', `must be square (V×V), got ${V}×${p.logits[0].length}`);
    require(ctx, !p.vocab ||
      p.vocab.length === V, 'vocab', `has ${p.vocab?.length} labels; expected V = ${V}`);
    require(ctx, p.start < V, 'start', `is ${p.start}; expected an id 0…${V - 1}`);
  });

export type Params = z.output<typeof schema>;

export function run(p: Params, seed: number): Trace {
  const V = p.logits.length;
  const logProbs = p.logits.map((r) => Array.from(logSoftmax(r)));
  const next = (seq: number[]) => logProbs[seq[seq.length - 1]];
  const { best, history } = beamSearch(next, [p.start], p.beams, p.steps);
  const greedy = beamSearch(next, [p.start], 1, p.steps).best;
  const S = p.steps,
    W = p.beams;
  // Candidates of every step (beam-major, then token), −∞ where a step had fewer beams.
  const cand = history.flatMap((h) => {
    const row = new Array<number>(W * V).fill(-Infinity);
    for (const c of h.candidates) row[c.from * V + c.token] = c.score;
    return row;
  });
  const scores = history.flatMap((h) =>
    Array.from({ length: W }, (_, i) => h.beams[i]?.score ?? -Infinity),
  );
  const tokens = history.flatMap((h) =>
    Array.from({ length: W }, (_, i) =>
      Array.from({ length: S }, (_, j) => h.beams[i]?.tokens[j] ?? -1),
    ).flat(),
  );
  const vocab =
    p.vocab ?? (V === DEFAULT_VOCAB.length ? DEFAULT_VOCAB : p.logits.map((_, i) => `#${i}`));
  const say = (ts: number[]) => ts.map((t) => vocab[t]).join(' ');
  return {
    lab: 'beam-search',
    seed,
    params: { ...p },
    inputs: { logits: td(p.logits) },
    tokens: vocab,
    steps: [
      step(
        'log_probs',
        { ja: '次トークンの対数確率', en: 'Next-token log-probabilities' },
        '\\log p(j \\mid i) = z_{ij} - \\log\\textstyle\\sum_k e^{z_{ik}}',
        { log_probs: td(logProbs) },
        {
          ja: '各行が「直前のトークンが i のとき次に来るトークン」の対数確率。確率の積は対数の和になるので、スコアは足し算で積み上がります。',
          en: 'Row i: log-probabilities of the next token after token i. Products of probabilities become sums of logs, so scores add up.',
        },
      ),
      step(
        'candidates',
        { ja: '候補のスコア', en: 'Candidate scores' },
        '\\text{score}(b, j) = \\text{score}(b) + \\log p(j \\mid b)',
        { candidates: td(cand, [S, W * V]) },
        {
          ja: '各ステップで、残っているビームそれぞれをすべてのトークンで伸ばした候補（ビーム × 語彙）のスコア。',
          en: 'At each step, every beam extended by every token (beams × vocabulary), with its score.',
        },
      ),
      step(
        'beam_scores',
        { ja: '残ったビームのスコア', en: 'Scores of the kept beams' },
        `\\text{top-}${W}\\ \\text{candidates by score}`,
        { beam_scores: td(scores, [S, W]) },
        {
          ja: `上位 ${W} 個の候補だけを次のステップに残します（同点なら先のビーム、小さい id が先）。`,
          en: `Only the ${W} best candidates go on (ties: the earlier beam, then the lower id).`,
        },
      ),
      step(
        'beam_tokens',
        { ja: '残ったビームの中身', en: 'The kept beams' },
        '\\text{beam}_{s,w} = (y_1, \\dots, y_s)',
        { beam_tokens: td(tokens, [S, W, S]) },
        {
          ja: 'ステップごとに残った系列（まだ生成していない位置は −1）。',
          en: 'The sequences kept at each step (−1 where not generated yet).',
        },
      ),
      step(
        'best',
        { ja: '最良の系列と貪欲法', en: 'Best sequence against greedy' },
        `\\text{beam}: ${best.score.toFixed(3)}\\quad \\text{greedy}: ${greedy.score.toFixed(3)}`,
        { best: td(best.tokens), greedy: td(greedy.tokens) },
        {
          ja: `ビーム探索: 「${say(best.tokens)}」（対数確率 ${best.score.toFixed(3)}）。貪欲法: 「${say(greedy.tokens)}」（${greedy.score.toFixed(3)}）。貪欲法は各ステップで一番の手を取るだけなので、最初は少し不利でも後で大きく伸びる系列を見落とします。`,
          en: `Beam search: “${say(best.tokens)}” (log-probability ${best.score.toFixed(3)}). Greedy: “${say(greedy.tokens)}” (${greedy.score.toFixed(3)}). Greedy takes the best move at each step and misses a sequence that starts a little worse but ends far better.`,
        },
      ),
    ],
    result: td(best.tokens),
  };
}
