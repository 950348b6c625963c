// Exercise: the probability of the top token after temperature and top-k.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { stepTensor } from '../trace.ts';
import { run, schema } from './lab.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const logits = [0, 1, 2, 3].map(() => rng.int(7) - 3);
  const temperature = [0.5, 1, 2][rng.int(3)];
  const t = run(schema.parse({ logits, temperature, top_k: 2 }), seed);
  const topK = stepTensor(t, 'top_k_probs').data;
  const best = topK.indexOf(Math.max(...topK));
  return {
    question: {
      ja: `ロジット ${JSON.stringify(logits)}、温度 T = ${temperature}、top-k = 2 のとき、最も確率の高いトークン（id ${best}）の最終確率を小数第 2 位まで求めてください。`,
      en: `With logits ${JSON.stringify(logits)}, temperature T = ${temperature} and top-k = 2, what is the final probability of the most probable token (id ${best}), to 2 decimals?`,
    },
    inputs: { logits, temperature, top_k: 2, token: best },
    check: numericCheck(topK[best]),
  };
}
