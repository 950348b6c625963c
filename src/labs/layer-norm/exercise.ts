// Exercise: normalise one value of a 4-feature row by hand.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { stepTensor } from '../trace.ts';
import { run, schema } from './lab.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const row = [0, 1, 2, 3].map(() => rng.int(11) - 5);
  if (row.every((v) => v === row[0])) row[3] += 2; // a constant row has variance 0
  const j = rng.int(4);
  const t = run(schema.parse({ x: [row] }), seed);
  const expected = stepTensor(t, 'normalized').data[j];
  return {
    question: {
      ja: `x = ${JSON.stringify(row)}、γ = 1、β = 0 のレイヤー正規化で、正規化後の x̂[${j}] を小数第 2 位まで求めてください（母分散、ε は無視してよい）。`,
      en: `Layer-normalise x = ${JSON.stringify(row)} with γ = 1, β = 0: compute x̂[${j}] to 2 decimals (population variance; ε can be ignored).`,
    },
    inputs: { x: row, index: j },
    check: numericCheck(expected),
  };
}
