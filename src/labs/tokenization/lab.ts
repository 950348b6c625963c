// Tokenization lab: BPE trained merge by merge on the learner's text, then the text encoded with the
// learned merges; the real o200k_base and cl100k_base tokenizers (package gpt-tokenizer) on the same
// text, byte fragments of one character grouped; a Japanese sentence against its English
// translation (tokens per character); and a cost estimate from the package's price table.
// Strings (pairs, symbols, pieces) travel in the trace beside the numeric steps (TokenizationTrace).
import { z } from 'zod';
import { require, type Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';
import { countPairs, encodeBpe, splitWords, trainBpe, type Merge } from './bpe.ts';
import { encode, pieces, PRICED_MODELS, pricePerMillion, type Piece } from './real.ts';

export const DEFAULT_TEXT = '私は猫が好きです。 猫は魚が好きです。 私は魚も好きです。';
// A sentence pair written for this lab (the translation is ours).
export const DEFAULT_JA =
  '大規模言語モデルは、文章をトークンという小さな単位に分割してから処理します。日本語は英語よりも多くのトークンが必要になることがあります。';
export const DEFAULT_EN =
  'Large language models split text into small units called tokens before processing it. Japanese can need more tokens than English.';

const MODELS = PRICED_MODELS.map((m) => m.model);

export const fields: Field[] = [
  {
    key: 'text',
    kind: 'text',
    expected: 'the text to train BPE on and to tokenize, 1–2000 characters',
  },
  {
    key: 'merges',
    kind: 'int',
    expected: 'integer 0–100, how many BPE merges to learn (default 12)',
    min: 0,
    max: 100,
  },
  { key: 'ja', kind: 'text', expected: 'a Japanese sentence, 1–2000 characters' },
  { key: 'en', kind: 'text', expected: 'its English translation, 1–2000 characters' },
  {
    key: 'model',
    kind: 'select',
    expected: `one of ${MODELS.join(', ')} (default gpt-4o)`,
    options: MODELS,
  },
];

const text = (key: string) =>
  z
    .string()
    .max(2000)
    .refine((s) => s.trim().length > 0, { message: `${key} is empty; expected some text` });

export const schema = z
  .strictObject({
    text: text('text').default(DEFAULT_TEXT),
    merges: z.number().int().min(0).max(100).default(12),
    ja: text('ja').default(DEFAULT_JA),
    en: text('en').default(DEFAULT_EN),
    model: z.string().default('gpt-4o'),
  })
  .superRefine((p, ctx) => {
    require(ctx, MODELS.includes(
      p.model,
    ), 'model', `"${p.model}" has no price; expected one of ${MODELS.join(', ')}`);
  });

export type Params = z.output<typeof schema>;

export interface TokenizationTrace extends Trace {
  bpe: {
    /** Initial pairs, in first-occurrence order, as [left, right]. */
    pairs: Array<[string, string]>;
    merges: Merge[];
    vocab: string[];
    /** The text encoded with the learned merges: symbols per word. */
    encoded: string[][];
  };
  real: { o200k_base: Piece[]; cl100k_base: Piece[] };
  compare: { ja: string; en: string; jaChars: number; enChars: number };
  price: {
    model: string;
    encoding: string;
    inputPerMillion: number;
    outputPerMillion: number;
    tokens: number;
  };
}

const chars = (s: string) => Array.from(s).length;

export function run(p: Params, seed: number): Trace {
  const initial = [...countPairs(splitWords(p.text)).values()];
  const model = trainBpe(p.text, p.merges);
  const encoded = encodeBpe(p.text, model.merges);
  const encodedIds = encoded.flat().map((s) => model.vocab.indexOf(s));
  const o200kIds = encode('o200k_base', p.text);
  const cl100kIds = encode('cl100k_base', p.text);
  const o200kPieces = pieces('o200k_base', o200kIds);
  const cl100kPieces = pieces('cl100k_base', cl100kIds);
  const counts = [
    [encode('o200k_base', p.ja).length, encode('cl100k_base', p.ja).length],
    [encode('o200k_base', p.en).length, encode('cl100k_base', p.en).length],
  ];
  const nChars = [chars(p.ja), chars(p.en)];
  const perChar = counts.map((r, i) => r.map((c) => c / nChars[i]));
  const priced = PRICED_MODELS.find((m) => m.model === p.model)!;
  const price = pricePerMillion(p.model);
  const nTokens = priced.encoding === 'o200k_base' ? o200kIds.length : cl100kIds.length;
  const cost = [(nTokens * price.input) / 1e6, (nTokens * price.output) / 1e6];
  const steps = [
    step(
      'pairs',
      { ja: '隣り合う記号のペアの出現回数', en: 'Counts of adjacent symbol pairs' },
      'c(a, b) = \\#\\{\\text{positions where } a \\text{ is followed by } b\\}',
      { pairs: td(initial.map((c) => c.count)) },
      {
        ja: 'まず文字を記号とし、単語（空白で区切った単位）の中で隣り合う 2 記号の組を数えます。ペアの並びは文中に最初に出てきた順です。',
        en: 'Characters start as the symbols; every adjacent pair inside a word (split on whitespace) is counted. Pairs are listed in order of first appearance.',
      },
    ),
    step(
      'merges',
      {
        ja: 'マージ（最頻ペアを 1 記号に）',
        en: 'Merges (the most frequent pair becomes one symbol)',
      },
      '(a^*, b^*) = \\arg\\max_{(a,b)} c(a, b), \\quad a^*b^* \\to \\text{vocab}',
      { merges: td(model.merges.map((m) => m.count)) },
      {
        ja: '最も多いペアを 1 つの記号にまとめ、数え直して繰り返します。同数のときは文中で先に現れたペアを選びます。回数が 2 未満になったら止めます。数値は各マージの時点での出現回数です。',
        en: 'The most frequent pair is merged into one symbol, the pairs are recounted, and again. Ties go to the pair that appears first in the text; it stops when no pair occurs twice. The numbers are each merge’s count when it was made.',
      },
    ),
    step(
      'encoded',
      {
        ja: '学習したマージで符号化（語彙 ID）',
        en: 'Encoded with the learned merges (vocabulary ids)',
      },
      'x \\mapsto (\\mathrm{id}(s_1), \\dots, \\mathrm{id}(s_n)), \\quad n = ' + encodedIds.length,
      {
        encoded: td(encodedIds),
        symbols_per_char: td(encodedIds.length / Math.max(1, chars(p.text.replace(/\s+/g, '')))),
      },
      {
        ja: 'マージを学習した順に適用して文を記号列にし、語彙の番号に置き換えます。マージが増えるほど記号は長く、数は少なくなります。',
        en: 'The merges are applied in the order learned and each symbol is replaced by its vocabulary index: more merges, longer symbols, fewer of them.',
      },
    ),
    step(
      'o200k',
      { ja: '本物のトークナイザ o200k_base', en: 'The real tokenizer o200k_base' },
      '\\text{o200k\\_base}(x) = (t_1, \\dots, t_{' + o200kIds.length + '})',
      { o200k: td(o200kIds), o200k_bytes: td(o200kPieces.map((q) => q.bytes)) },
      {
        ja: 'GPT-4o などが使うバイト単位の BPE（語彙約 20 万）です。1 文字が複数トークンに分かれると、単独では「�」になります。画面ではそれらを 1 文字にまとめ、バイト数を添えています。',
        en: 'The byte-level BPE of GPT-4o and later (about 200k tokens). When one character is split over tokens, each alone decodes to "�"; the page groups them back into the character with its byte count.',
      },
    ),
    step(
      'cl100k',
      { ja: '本物のトークナイザ cl100k_base', en: 'The real tokenizer cl100k_base' },
      '\\text{cl100k\\_base}(x) = (t_1, \\dots, t_{' + cl100kIds.length + '})',
      { cl100k: td(cl100kIds), cl100k_bytes: td(cl100kPieces.map((q) => q.bytes)) },
      {
        ja: 'GPT-4 / GPT-3.5 の語彙（約 10 万）です。日本語の文字が 1 トークンになっていないことが o200k より多く、トークン数が増えます。',
        en: 'The vocabulary of GPT-4 and GPT-3.5 (about 100k). More Japanese characters are split than with o200k, so there are more tokens.',
      },
    ),
    step(
      'token_counts',
      {
        ja: '同じ内容の日本語と英語のトークン数',
        en: 'Token counts of the same sentence in Japanese and English',
      },
      'N = \\begin{pmatrix} N_{ja}^{o200k} & N_{ja}^{cl100k} \\\\ N_{en}^{o200k} & N_{en}^{cl100k} \\end{pmatrix}',
      { token_counts: td(counts), chars: td(nChars) },
      {
        ja: '行は日本語・英語、列は o200k・cl100k です。同じ意味でも、言語によってトークン数は違います。',
        en: 'Rows: Japanese, English; columns: o200k, cl100k. The same meaning takes a different number of tokens per language.',
      },
    ),
    step(
      'tokens_per_char',
      { ja: '1 文字あたりのトークン数', en: 'Tokens per character' },
      'r = N / \\#\\text{characters}',
      { tokens_per_char: td(perChar) },
      {
        ja: '日本語は 1 文字に多くの意味が詰まっているので文字数は少ないですが、1 文字あたりのトークン数は英語よりずっと多くなります。',
        en: 'Japanese packs more meaning into each character, so it has fewer characters, but many more tokens per character than English.',
      },
    ),
    step(
      'cost',
      { ja: '料金の見積もり（入力・出力）', en: 'Cost estimate (input, output)' },
      `\\text{cost} = N \\times \\frac{\\text{price}}{10^6} \\quad (${p.model}: \\$${price.input},\\ \\$${price.output} / 1\\text{M tokens})`,
      { cost: td(cost), price_per_million: td([price.input, price.output]) },
      {
        ja: 'API の料金はトークン数で決まります。テキストのトークン数に gpt-tokenizer パッケージの料金表（100 万トークンあたりの米ドル）を掛けた値で、実際の価格はこの表と異なることがあります。',
        en: 'API prices are per token: the text’s token count times the price table shipped with gpt-tokenizer (USD per million tokens); current prices may differ from that table.',
      },
    ),
  ];
  const trace: TokenizationTrace = {
    lab: 'tokenization',
    seed,
    params: { ...p },
    inputs: {},
    steps,
    result: td(o200kIds),
    bpe: {
      pairs: initial.map((c) => [c.left, c.right]),
      merges: model.merges,
      vocab: model.vocab,
      encoded,
    },
    real: { o200k_base: o200kPieces, cl100k_base: cl100kPieces },
    compare: { ja: p.ja, en: p.en, jaChars: nChars[0], enChars: nChars[1] },
    price: {
      model: p.model,
      encoding: priced.encoding,
      inputPerMillion: price.input,
      outputPerMillion: price.output,
      tokens: nTokens,
    },
  };
  return trace;
}
