// Exercise: how many training targets GPT and BERT get from one sentence.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const n = 10 + rng.int(40);
  const k = 1 + rng.int(Math.floor(n * 0.3));
  return {
    question: {
      ja: `${n} トークンの文から、GPT（次トークン予測）は何個の予測問題を作れますか？（BERT で ${k} 個を隠した場合は ${k} 個です。）`,
      en: `From a sentence of ${n} tokens, how many prediction targets does GPT (next-token prediction) get? (BERT masking ${k} tokens gets ${k}.)`,
    },
    inputs: { n, masked: k },
    check: numericCheck(n - 1, 0),
  };
}
