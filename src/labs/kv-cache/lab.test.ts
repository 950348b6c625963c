import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { stepTensor } from '../trace.ts';
import { expectRejected, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';

describe('kv-cache lab', () => {
  it('memory by LABS.md: 2·L·d·b per token, times seq_len and batch', () => {
    const t = runLab(
      'kv-cache',
      { n_layer: 32, n_head: 32, d_model: 4096, seq_len: 4096, batch: 1, bytes_per_value: 2 },
      0,
    );
    expect(stepIds(t)).toEqual([
      'per_token_bytes',
      'total_bytes',
      'flops_without_cache',
      'flops_with_cache',
    ]);
    expect(stepTensor(t, 'per_token_bytes').data[0]).toBe(524288); // Llama-2-7B: 0.5 MiB per token
    expect(stepTensor(t, 'total_bytes').data[0]).toBe(2 * 2 ** 30); // 2 GiB at 4096 tokens
    expect(t.result.data[0]).toBe(2 * 2 ** 30);
  });

  it('FLOPs against a loop that counts every token of every step', () => {
    const L = 2,
      C = 8,
      N = 7,
      B = 3;
    let without = 0,
      withCache = 0;
    for (let t = 1; t <= N; t++) {
      for (let i = 1; i <= t; i++) without += 24 * L * C * C + 4 * L * C * i;
      withCache += 24 * L * C * C + 4 * L * C * t;
    }
    const tr = runLab('kv-cache', { n_layer: L, d_model: C, seq_len: N, batch: B, n_head: 2 }, 0);
    expect(stepTensor(tr, 'flops_without_cache').data[0]).toBeCloseTo(B * without, 6);
    expect(stepTensor(tr, 'flops_with_cache').data[0]).toBe(B * withCache);
  });

  it('rejects bad params; exercise', () => {
    expectRejected('kv-cache', { bytes_per_value: 3 }, 'bytes_per_value');
    expectRejected('kv-cache', { seq_len: 0 }, 'seq_len');
    expectRejected('kv-cache', { heads: 2 }, 'heads');
    const ex = exercise(1);
    expect(ex.check(ex.check(NaN).expected).correct).toBe(true);
  });
});
