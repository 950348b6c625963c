// Exercise: the NLL of one prediction, from its probabilities.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { stepTensor } from '../trace.ts';
import { run, schema } from './lab.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const logits = [[0, 1, 2].map(() => rng.int(5) - 2)];
  const target = rng.int(3);
  const t = run(schema.parse({ logits, targets: [target] }), seed);
  return {
    question: {
      ja: `ロジット ${JSON.stringify(logits[0])}、正解トークン id ${target} のときの交差エントロピー損失（自然対数、ナット）を小数第 2 位まで求めてください。`,
      en: `Logits ${JSON.stringify(logits[0])}, correct token id ${target}: compute the cross-entropy loss (natural log, nats) to 2 decimals.`,
    },
    inputs: { logits: logits[0], target },
    check: numericCheck(stepTensor(t, 'loss').data[0]),
  };
}
