// Exercise: the parameter count of a small GPT config.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { stepTensor } from '../trace.ts';
import { run, schema } from './lab.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const n_layer = 1 + rng.int(3);
  const n_embd = [8, 16, 32][rng.int(3)];
  const vocab_size = 10 + rng.int(60);
  const block_size = [8, 16, 32][rng.int(3)];
  const t = run(schema.parse({ n_layer, n_head: 2, n_embd, vocab_size, block_size }), seed);
  const total = stepTensor(t, 'total_params').data[0];
  return {
    question: {
      ja: `n_layer = ${n_layer}、n_embd = ${n_embd}、block_size = ${block_size}、語彙 V = ${vocab_size} の GPT（出力層は埋め込みと共有）のパラメータ数は？`,
      en: `How many parameters has a GPT with n_layer = ${n_layer}, n_embd = ${n_embd}, block_size = ${block_size} and vocabulary V = ${vocab_size} (output head tied to the embedding)?`,
    },
    inputs: { n_layer, n_embd, block_size, vocab_size },
    check: numericCheck(total, 0.5),
  };
}
