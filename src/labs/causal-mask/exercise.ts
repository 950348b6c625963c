// Exercise: a masked row's softmax by hand.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const row = [0, 1, 2].map(() => rng.int(5) - 2); // scaled scores of query 1 over keys 0, 1, 2
  // Query 1 sees keys 0 and 1; key 2 is masked to −∞.
  const e0 = Math.exp(row[0]),
    e1 = Math.exp(row[1]);
  return {
    question: {
      ja: `3 トークンの因果 attention で、クエリ 1（0 始まり）のスケール済みスコアが ${JSON.stringify(row)} です。マスク後の softmax で、キー 0 への重み A[1][0] を小数第 2 位まで求めてください。`,
      en: `In causal attention over 3 tokens, query 1's (0-based) scaled scores are ${JSON.stringify(row)}. After masking and the softmax, what is the weight A[1][0] on key 0 (2 decimals)?`,
    },
    inputs: { scores: row, query: 1 },
    check: numericCheck(e0 / (e0 + e1)),
  };
}
