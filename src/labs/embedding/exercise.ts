// Exercise: the cosine similarity of two small integer vectors.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { cosine } from './word2vec.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const draw = () => {
    const v: number[] = [0, 1, 2].map(() => rng.int(7) - 3);
    if (!v.some((x) => x !== 0)) v[0] = 1; // never the zero vector
    return v;
  };
  const a = draw(),
    b = draw();
  return {
    question: {
      ja: `埋め込み e_a = ${JSON.stringify(a)}、e_b = ${JSON.stringify(b)} のコサイン類似度を小数第 2 位まで求めてください。`,
      en: `Compute the cosine similarity of the embeddings e_a = ${JSON.stringify(a)} and e_b = ${JSON.stringify(b)} to 2 decimals.`,
    },
    inputs: { a, b },
    check: numericCheck(cosine(a, b)),
  };
}
