// Exercise: the log-probability of the best two-step sequence found by a 2-beam search.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { run, schema } from './lab.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const logits = [0, 1, 2].map(() => [0, 1, 2].map(() => rng.int(5) - 2));
  const t = run(schema.parse({ logits, vocab: ['A', 'B', 'C'], beams: 2, steps: 2 }), seed);
  const s = t.steps.find((x) => x.id === 'beam_scores')!.tensors.beam_scores.data;
  const best = s[2]; // step 2, beam 0
  return {
    question: {
      ja: `語彙 A, B, C のバイグラムのロジット（行 = 直前のトークン）${JSON.stringify(logits)} で、A から始めて幅 2 のビーム探索で 2 トークン生成したとき、最良の系列の対数確率（自然対数）は？`,
      en: `With bigram logits (row = previous token) ${JSON.stringify(logits)} over A, B, C, starting from A, a 2-beam search generates 2 tokens. What is the natural log-probability of the best sequence?`,
    },
    inputs: { logits, beams: 2, steps: 2 },
    check: numericCheck(best),
  };
}
