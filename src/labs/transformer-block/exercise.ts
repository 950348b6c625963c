// Exercise: parameter count of one block (a shape question, answered exactly).
import { Rng } from '../../engine/index.ts';
import type { Exercise } from '../params.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const d = [8, 16, 32, 64][rng.int(4)];
  const dFf = 4 * d;
  // 4 attention matrices (no biases), the FFN with biases, two layer norms (γ and β).
  const expected = 4 * d * d + (d * dFf + dFf) + (dFf * d + d) + 2 * 2 * d;
  return {
    question: {
      ja: `d = ${d}、d_ff = ${dFf} の pre-norm ブロック（W_Q, W_K, W_V, W_o はバイアスなし、FFN はバイアスあり、LayerNorm 2 つ）のパラメータ数はいくつですか。`,
      en: `How many parameters has a pre-norm block with d = ${d}, d_ff = ${dFf} (W_Q, W_K, W_V, W_o without biases, the FFN with biases, two layer norms)?`,
    },
    inputs: { d, d_ff: dFf },
    check: (answer: number) => ({ correct: answer === expected, expected }),
  };
}
