// Exercise: the count of the first BPE merge on a small seeded corpus.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { trainBpe } from './bpe.ts';

const WORDS = ['low', 'lower', 'newest', 'widest', 'new', 'slow'];

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const text = Array.from({ length: 4 + rng.int(3) }, () => WORDS[rng.int(WORDS.length)]).join(' ');
  const first = trainBpe(text, 1).merges[0];
  const expected = first ? first.count : 0;
  return {
    question: {
      ja: `コーパス「${text}」で BPE を学習します（空白で単語に分け、単語内の隣り合う文字のペアを数える）。最初のマージで選ばれるペアは何回出現しますか。`,
      en: `Train BPE on "${text}" (split on spaces; count adjacent character pairs inside words). How many times does the pair chosen by the first merge occur?`,
    },
    inputs: { text },
    check: numericCheck(expected, 0),
  };
}
