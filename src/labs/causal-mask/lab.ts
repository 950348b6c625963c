// Causal-mask lab: the additive mask (0 on and below the diagonal, −∞ above), what it does to the
// softmax, and the proof that it works: changing the last token leaves every earlier output as it was.
import { z } from 'zod';
import { add, matmul, tensor, type Tensor } from '../../engine/index.ts';
import { attention } from '../attention-core.ts';
import type { Field } from '../params.ts';
import {
  checkInputs,
  fields as saFields,
  inputShape,
  resolveInputs,
} from '../self-attention/lab.ts';
import { step, td, type Trace } from '../trace.ts';

export const fields: Field[] = saFields.filter((f) => f.key !== 'causal');

export const schema = z.strictObject(inputShape).superRefine(checkInputs);

export type Params = z.output<typeof schema>;

const m = (r: number[][]) => tensor(r.flat(), [r.length, r[0].length]);

function attend(X: number[][], W: { Wq: number[][]; Wk: number[][]; Wv: number[][] }) {
  const x = m(X); //                       (T, C)
  const [Q, K, V]: Tensor[] = [W.Wq, W.Wk, W.Wv].map((w) => matmul(x, m(w))); // (T, d_k)
  return attention(Q, K, V, true);
}

export function run(p: Params, seed: number): Trace {
  const inp = resolveInputs(p, seed);
  const n = inp.X.length;
  const a = attend(inp.X, inp);
  const mask = Array.from({ length: n }, (_, q) =>
    Array.from({ length: n }, (_, k) => (k > q ? -Infinity : 0)),
  );
  const masked = add(a.scaled, m(mask)); // (T, T); the same as maskedFill with −∞
  // Change the last token (its embedding negated): the outputs of earlier tokens must not move.
  const changedX = inp.X.map((r, i) => (i === n - 1 ? r.map((v) => -v - 1) : r));
  const b = attend(changedX, inp);
  const d = a.output.shape[1];
  const diff = Array.from({ length: n }, (_, i) =>
    Math.max(
      ...Array.from({ length: d }, (_, j) =>
        Math.abs(a.output.data[i * d + j] - b.output.data[i * d + j]),
      ),
    ),
  );
  return {
    lab: 'causal-mask',
    seed,
    params: { ...p },
    inputs: { X: td(inp.X), Wq: td(inp.Wq), Wk: td(inp.Wk), Wv: td(inp.Wv) },
    tokens: inp.tokens,
    steps: [
      step(
        'scaled',
        { ja: 'スケール済みスコア', en: 'Scaled scores' },
        '\\tilde S = \\frac{QK^\\top}{\\sqrt{d_k}}',
        { scaled: td(a.scaled) },
        {
          ja: 'マスク前のスコアです。行 i は「トークン i が各トークンをどれだけ見たいか」です。',
          en: 'The scores before masking: row i is how much token i would like to look at each token.',
        },
      ),
      step(
        'mask',
        { ja: '因果マスク M', en: 'Causal mask M' },
        'M_{ij} = \\begin{cases} 0 & j \\le i \\\\ -\\infty & j > i \\end{cases}',
        { mask: td(mask) },
        {
          ja: '対角線より上（キーの位置 > クエリの位置）が −∞ の下三角行列です。GPT のようなデコーダは、次の単語を予測するので未来を見てはいけません。',
          en: 'A lower-triangular mask with −∞ above the diagonal (key index > query index). A decoder like GPT predicts the next word, so it must not see the future.',
        },
      ),
      step(
        'masked',
        { ja: 'マスクを足す', en: 'Adding the mask' },
        '\\tilde S + M',
        { masked: td(masked) },
        {
          ja: '足し算でマスクします。−∞ は何を足しても −∞ のままです。',
          en: 'Masking is an addition: −∞ plus anything stays −∞.',
        },
      ),
      step(
        'weights',
        { ja: 'softmax 後の重み', en: 'Weights after softmax' },
        'A = \\mathrm{softmax}(\\tilde S + M)',
        { weights: td(a.weights) },
        {
          ja: 'e^{−∞} = 0 なので未来への重みはちょうど 0 になり、残りの重みで和が 1 になります。1 行目は自分自身に重み 1 です。',
          en: 'e^{−∞} = 0, so weights on the future are exactly 0 and the rest sum to 1. The first row puts weight 1 on itself.',
        },
      ),
      step(
        'output',
        { ja: '出力', en: 'Output' },
        '\\mathrm{out} = AV',
        { output: td(a.output) },
        {
          ja: '各位置の出力は、自分と過去の位置のバリューだけの平均です。',
          en: "Each position's output averages only its own and earlier values.",
        },
      ),
      step(
        'future_change',
        {
          ja: '未来を変えても過去の出力は変わらない',
          en: 'Changing the future leaves the past unchanged',
        },
        "\\max_j |\\mathrm{out}_{ij} - \\mathrm{out}'_{ij}|",
        { future_change: td(diff), changed_output: td(b.output) },
        {
          ja: '最後のトークンの埋め込みを変えて計算し直し、各行の出力の差の最大値を並べました。最後の行以外は 0 です。だから 1 回の計算で全位置の「次の単語予測」を同時に学習できます。',
          en: "The last token's embedding is changed and everything recomputed; per row, the largest change of the output. Only the last row moves, which is why one pass can train next-word prediction at every position at once.",
        },
      ),
    ],
    result: td(a.weights),
  };
}
