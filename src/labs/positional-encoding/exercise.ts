// Exercise: one entry of the sinusoidal encoding, by hand.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { stepTensor } from '../trace.ts';
import { run, schema } from './lab.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const d = 4;
  const pos = 1 + rng.int(6);
  const j = rng.int(d);
  const t = run(schema.parse({ kind: 'sinusoidal', positions: pos + 1, d, offset: 1 }), seed);
  const expected = stepTensor(t, 'pe').data[pos * d + j];
  return {
    question: {
      ja: `d = ${d} の正弦波位置符号で PE[${pos}][${j}] を小数第 2 位まで求めてください（位置は 0 始まり、角度はラジアン）。`,
      en: `For the sinusoidal encoding with d = ${d}, compute PE[${pos}][${j}] to 2 decimals (0-based positions, radians).`,
    },
    inputs: { d, pos, dim: j },
    check: numericCheck(expected),
  };
}
