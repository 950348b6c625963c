// Exercise: count the 1s of a causal mask, or the context of a masked token, for a seeded n.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { stepTensor } from '../trace.ts';
import { run, schema } from './lab.ts';

const WORDS = ['I', 'love', 'cats', 'and', 'dogs', 'very', 'much', 'today'];

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const n = 3 + rng.int(6); // 3–8 tokens
  const text = WORDS.slice(0, n).join(' ');
  const trace = run(schema.parse({ text, masked: [] }), seed);
  const expected = stepTensor(trace, 'decoder_mask').data.reduce((a, b) => a + b, 0);
  return {
    question: {
      ja: `「${text}」（${n} トークン）をデコーダのみのモデル（GPT）に入れます。因果マスク ${n}×${n} のうち、注意できる（値が 1 の）マスの数はいくつですか。`,
      en: `"${text}" (${n} tokens) goes into a decoder-only model (GPT). How many cells of its ${n}×${n} causal mask are 1 (may attend)?`,
    },
    inputs: { text, n },
    check: numericCheck(expected, 0),
  };
}
