// Architectures lab: encoder-only (BERT), decoder-only (GPT) and encoder–decoder (T5/BART) on the
// same input, side by side. Computed, not drawn: each attention mask as a 0/1 matrix (1 = query i may
// attend to key j), and for each pre-training objective which positions are predicted from which
// context (1 = token j is visible when position i is predicted).
import { z } from 'zod';
import { ids, require, tokenize, type Field } from '../params.ts';
import { step, td, type Bilingual, type Trace } from '../trace.ts';

export const DEFAULT_SOURCE = 'I love cats';
export const DEFAULT_TARGET = '私 は 猫 が 好き';

export const fields: Field[] = [
  {
    key: 'text',
    kind: 'text',
    expected: 'the shared input, 1–16 whitespace-separated tokens (default "I love cats")',
  },
  {
    key: 'target',
    kind: 'text',
    expected:
      'the encoder–decoder output, 1–16 whitespace-separated tokens (default "私 は 猫 が 好き")',
  },
  {
    key: 'masked',
    kind: 'ids',
    expected:
      'positions (0-based) replaced by [MASK] for the MLM objective, each < n (default [1])',
  },
];

export const schema = z
  .strictObject({
    text: z.string().min(1).max(400).default(DEFAULT_SOURCE),
    target: z.string().min(1).max(400).default(DEFAULT_TARGET),
    masked: ids.default([1]),
  })
  .superRefine((p, ctx) => {
    const n = tokenize(p.text).length;
    const m = tokenize(p.target).length;
    require(ctx, n >= 1 && n <= 16, 'text', `has ${n} tokens; expected 1–16`);
    require(ctx, m >= 1 && m <= 16, 'target', `has ${m} tokens; expected 1–16`);
    const bad = p.masked.find((i) => i >= n);
    require(ctx, bad ===
      undefined, 'masked', `position ${bad} is outside the ${n} input tokens (0…${n - 1})`);
    require(ctx, new Set(p.masked).size === p.masked.length, 'masked', 'has a repeated position');
  });

export type Params = z.output<typeof schema>;

export interface ArchitectureInfo {
  id: 'encoder-only' | 'decoder-only' | 'encoder-decoder';
  name: Bilingual;
  masks: string[]; // step ids of its masks
  objective: Bilingual;
  objectiveStep: string;
  examples: string[];
  tasks: Bilingual;
}

export interface ArchitecturesTrace extends Trace {
  target: string[];
  architectures: ArchitectureInfo[];
}

export const ARCHITECTURES: ArchitectureInfo[] = [
  {
    id: 'encoder-only',
    name: { ja: 'エンコーダのみ', en: 'Encoder-only' },
    masks: ['encoder_mask'],
    objective: {
      ja: 'マスク言語モデル（MLM）：隠した単語を前後の文脈から当てる',
      en: 'Masked language modelling (MLM): recover hidden tokens from both sides',
    },
    objectiveStep: 'mlm_context',
    examples: ['BERT', 'RoBERTa', 'DeBERTa'],
    tasks: {
      ja: '分類、固有表現抽出、検索用の埋め込み（文を読んで理解する）',
      en: 'classification, named entities, retrieval embeddings (reading)',
    },
  },
  {
    id: 'decoder-only',
    name: { ja: 'デコーダのみ', en: 'Decoder-only' },
    masks: ['decoder_mask'],
    objective: {
      ja: '次トークン予測：それまでの単語だけから次の単語を当てる',
      en: 'Next-token prediction: each token from the ones before it',
    },
    objectiveStep: 'next_token_context',
    examples: ['GPT', 'LLaMA', 'Claude'],
    tasks: {
      ja: '文章生成、対話、コード生成（続きを書く）',
      en: 'text generation, chat, code (writing on)',
    },
  },
  {
    id: 'encoder-decoder',
    name: { ja: 'エンコーダ・デコーダ', en: 'Encoder–decoder' },
    masks: ['encoder_mask', 'seq2seq_decoder_mask', 'cross_mask'],
    objective: {
      ja: '系列変換（seq2seq）：入力全体と出力の途中までから、出力の次の単語を当てる',
      en: 'Sequence to sequence: each output token from the whole input and the output so far',
    },
    objectiveStep: 'seq2seq_context',
    examples: ['T5', 'BART', 'Transformer (2017)'],
    tasks: {
      ja: '翻訳、要約（入力を別の系列に変える）',
      en: 'translation, summarisation (input → another sequence)',
    },
  },
];

const matrix = (n: number, m: number, f: (i: number, j: number) => boolean) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => (f(i, j) ? 1 : 0)));

/** 1 = query i may attend to key j: every pair (encoder, bidirectional). */
export const bidirectionalMask = (n: number) => matrix(n, n, () => true);
/** 1 = key j ≤ query i (decoder, causal). */
export const causalMaskMatrix = (n: number) => matrix(n, n, (i, j) => j <= i);

export function run(p: Params, seed: number): Trace {
  const src = tokenize(p.text);
  const tgt = tokenize(p.target);
  const n = src.length,
    m = tgt.length;
  const masked = new Set(p.masked);
  const enc = bidirectionalMask(n);
  const dec = causalMaskMatrix(n);
  const decT = causalMaskMatrix(m);
  const cross = matrix(m, n, () => true);
  // MLM: row i (a masked position) sees every unmasked token; rows of unmasked positions are 0
  // (nothing is predicted there).
  const mlm = matrix(n, n, (i, j) => masked.has(i) && !masked.has(j));
  // Next token: row t predicts token t+1 from tokens 0…t (the last row predicts what follows).
  const next = matrix(n, n, (t, j) => j <= t);
  // seq2seq: row t predicts target token t from all n source tokens and target tokens < t
  // (columns: the n source tokens, then the m target tokens; <bos> starts the output).
  const s2s = matrix(m, n + m, (t, j) => j < n || j - n < t);
  const predicted = [masked.size, n, m];
  const steps = [
    step(
      'encoder_mask',
      { ja: 'エンコーダのマスク（双方向）', en: 'Encoder mask (bidirectional)' },
      'M^{\\mathrm{enc}}_{ij} = 1 \\quad \\text{for all } i, j',
      { encoder_mask: td(enc) },
      {
        ja: 'エンコーダでは、どの単語も文中のすべての単語（自分より後ろも）を見られます。BERT はこの形で文全体を読みます。',
        en: 'In an encoder every token may look at every token, including those after it. BERT reads the whole sentence this way.',
      },
    ),
    step(
      'decoder_mask',
      { ja: 'デコーダのマスク（因果的）', en: 'Decoder mask (causal)' },
      'M^{\\mathrm{dec}}_{ij} = \\begin{cases}1 & j \\le i\\\\ 0 & j > i\\end{cases}',
      { decoder_mask: td(dec) },
      {
        ja: 'デコーダでは、単語 i は自分と自分より前の単語だけを見られます（右上が 0）。未来を見ないので、左から順に生成できます。',
        en: 'In a decoder token i sees itself and earlier tokens only (zeros above the diagonal), so it can generate left to right.',
      },
    ),
    step(
      'seq2seq_decoder_mask',
      {
        ja: 'エンコーダ・デコーダ：出力側の因果マスク',
        en: 'Encoder–decoder: causal mask over the output',
      },
      'M^{\\mathrm{self}}_{ts} = 1 \\iff s \\le t \\quad (m \\times m)',
      { seq2seq_decoder_mask: td(decT) },
      {
        ja: 'T5 や BART のデコーダは、出力（ここでは訳文）の上で因果マスクを使います。',
        en: 'The decoder of T5 or BART uses a causal mask over the output (here the translation).',
      },
    ),
    step(
      'cross_mask',
      { ja: 'クロス注意のマスク', en: 'Cross-attention mask' },
      'M^{\\mathrm{cross}}_{tj} = 1 \\quad (m \\times n)',
      { cross_mask: td(cross) },
      {
        ja: '出力の各位置は、クロス注意で入力のすべての単語を見られます。入力はすでに全部わかっているからです。',
        en: 'Through cross-attention every output position sees every input token: the input is known in full.',
      },
    ),
    step(
      'mlm_context',
      {
        ja: 'MLM：どの位置をどの文脈から予測するか',
        en: 'MLM: which position is predicted from which context',
      },
      'C^{\\mathrm{MLM}}_{ij} = [i \\in \\mathcal{M}]\\,[j \\notin \\mathcal{M}]',
      { mlm_context: td(mlm), mlm_predicted: td(src.map((_, i) => (masked.has(i) ? 1 : 0))) },
      {
        ja: '[MASK] にした位置（𝓜）だけが予測対象で、左右両側の隠されていない単語すべてが手がかりです。損失は隠した位置でしか計算しません。',
        en: 'Only the [MASK]ed positions (𝓜) are predicted, from every unmasked token on both sides; the loss counts those positions only.',
      },
    ),
    step(
      'next_token_context',
      {
        ja: '次トークン予測：行 t は x_{t+1} を x_{≤t} から予測',
        en: 'Next token: row t predicts x_{t+1} from x_{≤t}',
      },
      'C^{\\mathrm{next}}_{tj} = [j \\le t], \\quad \\mathcal{L} = -\\sum_t \\log p(x_{t+1} \\mid x_{\\le t})',
      { next_token_context: td(next) },
      {
        ja: 'すべての位置が予測対象です。位置 t は自分までの単語だけから次の単語を当てます。文全体が 1 度に n 個の練習問題になります。',
        en: 'Every position is a prediction: position t guesses the next token from the tokens up to itself, so one sentence gives n training examples at once.',
      },
    ),
    step(
      'seq2seq_context',
      {
        ja: 'seq2seq：出力 y_t を入力全体と y_{<t} から予測',
        en: 'seq2seq: y_t from the whole input and y_{<t}',
      },
      'C^{\\mathrm{s2s}}_{t,j} = \\begin{cases}1 & j < n \\text{ (input)}\\\\ [j - n < t] & \\text{(output)}\\end{cases}, \\quad \\mathcal{L} = -\\sum_t \\log p(y_t \\mid x, y_{<t})',
      { seq2seq_context: td(s2s) },
      {
        ja: '列は入力の n 単語、続いて出力の m 単語です。出力の t 番目は、入力をすべてと、出力の t より前だけを見て予測します。',
        en: 'Columns are the n input tokens, then the m output tokens. Output token t is predicted from all of the input and the output before t.',
      },
    ),
    step(
      'predicted',
      { ja: '1 文あたりの予測位置の数', en: 'Predicted positions per sentence' },
      '(|\\mathcal{M}|,\\; n,\\; m) \\quad \\text{(MLM, next token, seq2seq)}',
      { predicted: td(predicted) },
      {
        ja: 'MLM は隠した位置（BERT では約 15%）しか学習信号になりませんが、次トークン予測はすべての位置が信号になります。',
        en: 'MLM learns only from the hidden positions (about 15% in BERT); next-token prediction learns from every position.',
      },
    ),
  ];
  const trace: ArchitecturesTrace = {
    lab: 'architectures',
    seed,
    params: { ...p },
    inputs: {},
    tokens: src,
    target: tgt,
    architectures: ARCHITECTURES,
    steps,
    result: td(predicted),
  };
  return trace;
}
