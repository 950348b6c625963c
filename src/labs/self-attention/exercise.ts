// Exercise: compute one attention weight by hand from a tiny X with identity projections.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { rows, stepTensor } from '../trace.ts';
import { run, schema } from './lab.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const X = [0, 1].map(() => [0, 1].map(() => rng.int(5) - 2)); // 2×2 integers in [−2, 2]
  const I = [
    [1, 0],
    [0, 1],
  ];
  const trace = run(schema.parse({ X, Wq: I, Wk: I, Wv: I }), seed);
  const expected = rows(stepTensor(trace, 'weights'))[0][1];
  return {
    question: {
      ja: `X = ${JSON.stringify(X)}、W_Q = W_K = W_V = I（単位行列）、d_k = 2 のとき、attention weight A[0][1]（トークン 0 がトークン 1 に向ける重み）を小数第 2 位まで求めてください。`,
      en: `With X = ${JSON.stringify(X)}, W_Q = W_K = W_V = I (identity) and d_k = 2, compute the attention weight A[0][1] (how much token 0 attends to token 1) to 2 decimals.`,
    },
    inputs: { X, Wq: I, Wk: I, Wv: I },
    check: numericCheck(expected),
  };
}
