import { afterAll, describe, expect, it } from 'vitest';
import { kernels, matmul, tensor, useKernels, wasmKernels, type KernelName } from '../index.ts';
import { Rng } from '../random.ts';
import { gradCheck, numel, randomValues } from '../test-support.ts';

/** Reference batched product with broadcasting of a 2-D operand, in float64. */
function refMatmul(sa: number[], sb: number[]) {
  const M = sa[sa.length - 2],
    K = sa[sa.length - 1],
    N = sb[sb.length - 1];
  const batch = Math.max(numel(sa.slice(0, -2)), numel(sb.slice(0, -2)));
  return ([a, b]: Float64Array[]) => {
    const out = new Float64Array(batch * M * N);
    for (let t = 0; t < batch; t++) {
      const ao = sa.length > 2 ? t * M * K : 0,
        bo = sb.length > 2 ? t * K * N : 0;
      for (let i = 0; i < M; i++)
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let p = 0; p < K; p++) s += a[ao + i * K + p] * b[bo + p * N + j];
          out[t * M * N + i * N + j] = s;
        }
    }
    return out;
  };
}

const names: KernelName[] = ['plain', ...(wasmKernels() ? (['wasm'] as const) : [])];
const initial = kernels().name;
afterAll(() => void useKernels(initial));

describe.each(names)('matmul with the %s kernels', (name) => {
  it('2-D, batched, and batched against a shared matrix', () => {
    useKernels(name);
    const rng = new Rng(9);
    const cases: [number[], number[]][] = [
      [
        [3, 4],
        [4, 5],
      ],
      [
        [1, 7],
        [7, 1],
      ],
      [
        [2, 3, 4],
        [4, 2],
      ],
      [
        [2, 2, 3, 5],
        [5, 3],
      ],
      [
        [3, 2, 5],
        [3, 5, 4],
      ],
      [
        [2, 6],
        [3, 6, 3],
      ],
      [
        [9, 17],
        [17, 13],
      ],
    ];
    for (const [sa, sb] of cases) {
      const inputs = [
        { shape: sa, values: randomValues(numel(sa), rng) },
        { shape: sb, values: randomValues(numel(sb), rng) },
      ];
      gradCheck(([a, b]) => matmul(a, b), refMatmul(sa, sb), inputs, rng);
    }
  });

  it('a hand-computed product', () => {
    useKernels(name);
    const c = matmul(tensor([1, 2, 3, 4], [2, 2]), tensor([5, 6, 7, 8], [2, 2]));
    expect([...c.data]).toEqual([19, 22, 43, 50]);
    expect(() => matmul(tensor([1, 2, 3, 4], [2, 2]), tensor([1, 2, 3], [3, 1]))).toThrow(
      /inner sizes/,
    );
  });
});
