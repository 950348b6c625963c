// Exercise: the KV cache size of a config in MiB.
import { Rng } from '../../engine/index.ts';
import { numericCheck } from '../attention-core.ts';
import type { Exercise } from '../params.ts';
import { stepTensor } from '../trace.ts';
import { run, schema } from './lab.ts';

export function exercise(seed: number): Exercise {
  const rng = new Rng(seed);
  const n_layer = [12, 24, 32][rng.int(3)];
  const d_model = [768, 1024, 4096][rng.int(3)];
  const seq_len = [512, 1024, 2048][rng.int(3)];
  const bytes_per_value = [2, 4][rng.int(2)];
  const t = run(schema.parse({ n_layer, d_model, seq_len, bytes_per_value, batch: 1 }), seed);
  const mib = stepTensor(t, 'total_bytes').data[0] / 2 ** 20;
  return {
    question: {
      ja: `n_layer = ${n_layer}、d_model = ${d_model}、値 1 個 ${bytes_per_value} バイト、系列長 ${seq_len}、バッチ 1 の KV キャッシュは何 MiB？`,
      en: `How many MiB is the KV cache for n_layer = ${n_layer}, d_model = ${d_model}, ${bytes_per_value} bytes per value, sequence length ${seq_len}, batch 1?`,
    },
    inputs: { n_layer, d_model, seq_len, bytes_per_value, batch: 1 },
    check: numericCheck(mib, 0.5),
  };
}
