// Exercise: one cross-attention weight from a query and three source keys (integers, d = 2).
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { crossAttention } from './math.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const q = [rng.int(5) - 2, rng.int(5) - 2];
  const K = [0, 1, 2].map(() => [rng.int(5) - 2, rng.int(5) - 2]);
  const { weights } = crossAttention([q], K, K);
  return {
    question: {
      ja: `出力ステップのクエリ q = ${JSON.stringify(q)}、入力 3 単語のキー K = ${JSON.stringify(K)}（d = 2）のとき、入力の単語 0 への注意の重み softmax(qKᵀ/√2)[0] を小数第 2 位まで求めてください。`,
      en: `An output step's query is q = ${JSON.stringify(q)} and the three source keys are K = ${JSON.stringify(K)} (d = 2). Compute the weight on source word 0, softmax(qKᵀ/√2)[0], to 2 decimals.`,
    },
    inputs: { q, K },
    check: numericCheck(weights[0][0]),
  };
}
