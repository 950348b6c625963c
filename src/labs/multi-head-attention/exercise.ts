// Exercise: one attention weight of head 1 (columns 2–3) with identity projections.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { stepTensor } from '../trace.ts';
import { run, schema } from './lab.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const X = [0, 1].map(() => [0, 1, 2, 3].map(() => rng.int(5) - 2)); // 2×4 integers
  const I = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
  const t = run(schema.parse({ X, heads: 2, Wq: I, Wk: I, Wv: I, Wo: I }), seed);
  const expected = stepTensor(t, 'weights').data[1 * 4 + 0 * 2 + 1]; // head 1, row 0, column 1
  return {
    question: {
      ja: `X = ${JSON.stringify(X)}、H = 2、W_Q = W_K = W_V = W_o = I のとき、ヘッド 1（0 始まり、列 2–3 を使う）の attention weight A⁽¹⁾[0][1] を小数第 2 位まで求めてください。`,
      en: `With X = ${JSON.stringify(X)}, H = 2 and all weights the identity, compute head 1's (0-based, columns 2–3) attention weight A⁽¹⁾[0][1] to 2 decimals.`,
    },
    inputs: { X, heads: 2 },
    check: numericCheck(expected),
  };
}
