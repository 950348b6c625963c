// Next-token (GPT, causal LM) against masked-token (BERT, masked LM) prediction on the same sentence:
// which positions become training targets, and which context each prediction may look at.
import { z } from 'zod';
import { Rng } from '../../engine/index.ts';
import { ids, type Field } from '../params.ts';
import { step, td, type Trace } from '../trace.ts';

export const DEFAULT_TEXT = '私 は 猫 が 大好き です 。';

export const fields: Field[] = [
  {
    key: 'text',
    kind: 'text',
    expected: 'a sentence; split on spaces, or per character when it has none',
  },
  {
    key: 'mask_rate',
    kind: 'number',
    expected: 'share of tokens BERT masks, 0–1 (default 0.15)',
    min: 0.05,
    max: 0.8,
    step: 0.05,
  },
  { key: 'masked', kind: 'ids', expected: 'optional: the positions to mask (overrides mask_rate)' },
];

export const schema = z.strictObject({
  text: z.string().trim().min(1).max(400).default(DEFAULT_TEXT),
  mask_rate: z.number().gt(0).max(1).default(0.15),
  masked: ids.optional(),
});

export type Params = z.output<typeof schema>;

export function tokensOf(text: string): string[] {
  const t = text.trim();
  return /\s/.test(t) ? t.split(/\s+/) : Array.from(t);
}

/** BERT's recipe: each position masked with probability mask_rate (at least one); of those 80% [MASK], 10% a random token, 10% unchanged. */
export function run(p: Params, seed: number): Trace {
  const toks = tokensOf(p.text).slice(0, 64);
  const n = toks.length;
  const vocab = [...new Set(toks)];
  const idOf = (t: string) => vocab.indexOf(t);
  const rng = new Rng(seed);
  let masked: number[];
  if (p.masked) masked = [...new Set(p.masked.filter((i) => i < n))].sort((a, b) => a - b);
  else {
    masked = [];
    for (let i = 0; i < n; i++) if (rng.next() < p.mask_rate) masked.push(i);
    if (masked.length === 0) masked.push(rng.int(n));
  }
  const isMasked = new Set(masked);
  // 1 = [MASK], 2 = a random token, 3 = left unchanged (but still predicted), 0 = not predicted.
  const kind = toks.map((_, i) => {
    if (!isMasked.has(i)) return 0;
    const u = rng.next();
    return u < 0.8 ? 1 : u < 0.9 ? 2 : 3;
  });
  const input = toks.map((t, i) =>
    kind[i] === 1 ? '[MASK]' : kind[i] === 2 ? vocab[rng.int(vocab.length)] : t,
  );
  const clmVisible = toks.map((_, i) => toks.map((_, j) => (j <= i ? 1 : 0)));
  const clmTargets = toks.map((_, i) => (i + 1 < n ? idOf(toks[i + 1]) : -1));
  const mlmVisible = toks.map((_, i) => toks.map(() => (isMasked.has(i) ? 1 : 0)));
  const mlmTargets = toks.map((t, i) => (isMasked.has(i) ? idOf(t) : -1));
  const fraction = [(n - 1) / n, masked.length / n];
  return {
    lab: 'pretraining-objectives',
    seed,
    params: { ...p, masked },
    inputs: { mlm_input: td(kind) },
    tokens: toks,
    steps: [
      step(
        'clm_visible',
        { ja: 'GPT: 各位置が見てよい文脈', en: 'GPT: the context each position sees' },
        'M_{ij} = [\\,j \\le i\\,]',
        { clm_visible: td(clmVisible) },
        {
          ja: '位置 i の予測に使えるのは自分より前（と自分）のトークンだけ。未来を見ると答えが丸見えになるからです（因果マスク）。',
          en: 'The prediction at position i may use only tokens up to i: seeing the future would reveal the answer (the causal mask).',
        },
      ),
      step(
        'clm_targets',
        { ja: 'GPT: 予測する次トークン', en: 'GPT: the next token to predict' },
        'y_i = x_{i+1}\\quad (i = 1, \\dots, n-1)',
        { clm_targets: td(clmTargets) },
        {
          ja: `「${toks.slice(0, 2).join('')}…」の各位置が、次のトークン（の id）を当てる問題になります。n − 1 = ${n - 1} 個の問題が 1 文から取れます（最後の位置には次がないので −1）。`,
          en: `Every position must guess the next token (its id): n − 1 = ${n - 1} problems from one sentence (the last position has no next token: −1).`,
        },
      ),
      step(
        'mlm_visible',
        { ja: 'BERT: 隠した位置が見る文脈', en: 'BERT: the context of each masked position' },
        'M_{ij} = [\\,i \\in \\text{masked}\\,]\\quad (\\text{both directions})',
        { mlm_visible: td(mlmVisible) },
        {
          ja: `隠した位置（${masked.join(', ')}）は左右両方の全トークンを見て予測します。入力: ${input.join(' ')}`,
          en: `The masked positions (${masked.join(', ')}) look at every token on both sides. Input: ${input.join(' ')}`,
        },
      ),
      step(
        'mlm_targets',
        { ja: 'BERT: 予測する元のトークン', en: 'BERT: the original tokens to predict' },
        'y_i = x_i\\quad (i \\in \\text{masked})',
        { mlm_targets: td(mlmTargets) },
        {
          ja: '隠した位置だけ元のトークンを当てます。隠した中の 80% は [MASK]、10% はランダムなトークン、10% はそのまま（微調整時に [MASK] が現れないことへの対策）。',
          en: 'Only masked positions are scored, against the original token. Of those, 80% become [MASK], 10% a random token, 10% stay (so fine-tuning without [MASK] is not a surprise).',
        },
      ),
      step(
        'predicted_fraction',
        { ja: '学習に使える位置の割合', en: 'Share of positions that teach' },
        `\\text{GPT}: \\tfrac{n-1}{n} = ${fraction[0].toFixed(2)}\\quad \\text{BERT}: \\tfrac{|\\text{masked}|}{n} = ${fraction[1].toFixed(2)}`,
        { predicted_fraction: td(fraction) },
        {
          ja: 'GPT は 1 文のほぼ全位置から学べ、そのまま文章生成に使えます。BERT は 1 文から学べる位置は少ないものの、両方向の文脈を使うので分類や抽出のような「理解」の課題に強くなります。',
          en: 'GPT learns from nearly every position and can generate text directly; BERT learns from fewer positions per sentence but uses context on both sides, which suits understanding tasks such as classification and extraction.',
        },
      ),
    ],
    result: td(fraction),
  };
}
