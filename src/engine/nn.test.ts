import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  causalMask,
  causalSelfAttention,
  crossEntropy,
  dropout,
  embedding,
  layerNorm,
  linear,
  logSoftmax,
  maskedFill,
  matmul,
  pick,
  reshape,
  scale,
  softmax,
  tensor,
  transpose,
  kernels,
  useKernels,
  wasmKernels,
  type KernelName,
  gelu,
} from './index.ts';
import { Rng } from './random.ts';
import { expectClose, gradCheck, numel, randomShape, randomValues } from './test-support.ts';

/** Reference row-wise softmax over the last axis of size n, in float64. */
function refSoftmaxRows(x: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < x.length / n; r++) {
    let m = -Infinity,
      s = 0;
    for (let j = 0; j < n; j++) m = Math.max(m, x[r * n + j]);
    for (let j = 0; j < n; j++) s += Math.exp(x[r * n + j] - m);
    for (let j = 0; j < n; j++) out[r * n + j] = Math.exp(x[r * n + j] - m) / s;
  }
  return out;
}

// The same suite runs on the plain kernels (the compositions of nn.ts) and on the fast ones (the
// fused ops of fused.ts).
const names: KernelName[] = ['plain', ...(wasmKernels() ? (['wasm'] as const) : [])];
const initial = kernels().name;
afterAll(() => void useKernels(initial));

describe.each(names)('with the %s kernels', (name) => {
  beforeEach(() => void useKernels(name));

  describe('softmax family', () => {
    it('softmax and log-softmax on random shapes', () => {
      const rng = new Rng(21);
      for (let trial = 0; trial < 4; trial++) {
        const shape = randomShape(rng, 1 + rng.int(3), 5);
        const n = shape[shape.length - 1];
        const values = randomValues(numel(shape), rng, -3, 3);
        gradCheck(
          ([x]) => softmax(x),
          ([x]) => refSoftmaxRows(x, n),
          [{ shape, values }],
          rng,
        );
        gradCheck(
          ([x]) => logSoftmax(x),
          ([x]) => refSoftmaxRows(x, n).map(Math.log),
          [{ shape, values }],
          rng,
        );
      }
    });

    it('softmax is stable for large logits and equal to hand values', () => {
      expectClose(softmax(tensor([1000, 1000])).data, [0.5, 0.5]);
      expectClose(softmax(tensor([0, Math.log(3)])).data, [0.25, 0.75]);
      expectClose(logSoftmax(tensor([0, 0, 0, 0])).data, Array(4).fill(-Math.log(4)));
    });

    it('cross-entropy: hand values and gradients', () => {
      // Uniform logits over V classes give ln V.
      expectClose(crossEntropy(tensor([0, 0, 0, 0, 0, 0], [2, 3]), Int32Array.of(0, 2)).data, [
        Math.log(3),
      ]);
      const rng = new Rng(4);
      const targets = Int32Array.of(1, 0, 4, 2, 3, 3);
      const ref = ([x]: Float64Array[]) => {
        const p = refSoftmaxRows(x, 5);
        let s = 0;
        targets.forEach((t, r) => (s -= Math.log(p[r * 5 + t])));
        return [s / targets.length];
      };
      gradCheck(
        ([x]) => crossEntropy(x, targets),
        ref,
        [{ shape: [2, 3, 5], values: randomValues(30, rng, -2, 2) }],
        rng,
      );
    });
  });

  it('gelu (tanh form) against a float64 reference', () => {
    const rng = new Rng(17);
    const c = Math.sqrt(2 / Math.PI);
    const ref = ([x]: Float64Array[]) =>
      x.map((v) => 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v ** 3))));
    gradCheck(
      ([x]) => gelu(x),
      ref,
      [{ shape: [3, 7], values: randomValues(21, rng, -4, 4) }],
      rng,
    );
  });

  describe('layer norm and linear', () => {
    it('layer norm against a float64 reference (population variance)', () => {
      const rng = new Rng(8);
      const shape = [3, 2, 6];
      const C = 6;
      const ref = ([x, g, b]: Float64Array[]) => {
        const out = new Float64Array(x.length);
        for (let r = 0; r < x.length / C; r++) {
          const row = x.subarray(r * C, (r + 1) * C);
          const mu = row.reduce((a, v) => a + v, 0) / C;
          const variance = row.reduce((a, v) => a + (v - mu) ** 2, 0) / C;
          for (let j = 0; j < C; j++)
            out[r * C + j] = ((row[j] - mu) / Math.sqrt(variance + 1e-5)) * g[j] + b[j];
        }
        return out;
      };
      gradCheck(
        ([x, g, b]) => layerNorm(x, g, b),
        ref,
        [
          { shape, values: randomValues(numel(shape), rng, -2, 2) },
          { shape: [C], values: randomValues(C, rng, 0.5, 1.5) },
          { shape: [C], values: randomValues(C, rng) },
        ],
        rng,
        { h: 1e-4, atol: 5e-4, rtol: 5e-3 },
      );
      // Hand values: [1, 2, 3] → mean 2, variance 2/3.
      const s = Math.sqrt(2 / 3 + 1e-5);
      expectClose(layerNorm(tensor([1, 2, 3], [1, 3]), tensor([1, 1, 1]), tensor([0, 0, 0])).data, [
        -1 / s,
        0,
        1 / s,
      ]);
    });

    it('linear layer', () => {
      const rng = new Rng(10);
      const ref = ([x, w, b]: Float64Array[]) => {
        const out = new Float64Array(4 * 3);
        for (let i = 0; i < 4; i++)
          for (let j = 0; j < 3; j++) {
            let s = b[j];
            for (let p = 0; p < 5; p++) s += x[i * 5 + p] * w[p * 3 + j];
            out[i * 3 + j] = s;
          }
        return out;
      };
      gradCheck(
        ([x, w, b]) => linear(x, w, b),
        ref,
        [
          { shape: [2, 2, 5], values: randomValues(20, rng) },
          { shape: [5, 3], values: randomValues(15, rng) },
          { shape: [3], values: randomValues(3, rng) },
        ],
        rng,
      );
    });
  });

  describe('gather, mask, dropout', () => {
    it('embedding gathers rows and scatters gradients (repeated ids add up)', () => {
      const rng = new Rng(12);
      const ids = Int32Array.of(2, 0, 2, 3, 1, 2);
      const ref = ([w]: Float64Array[]) =>
        Array.from(ids).flatMap((id) => Array.from(w.subarray(id * 3, id * 3 + 3)));
      gradCheck(
        ([w]) => embedding(w, ids, [2, 3]),
        ref,
        [{ shape: [4, 3], values: randomValues(12, rng) }],
        rng,
      );
      expect(embedding(tensor(new Array(12).fill(0), [4, 3]), ids, [2, 3]).shape).toEqual([
        2, 3, 3,
      ]);
      expect(() => embedding(tensor([1, 2], [1, 2]), Int32Array.of(1))).toThrow(
        /outside the vocabulary/,
      );
    });

    it('pick takes one entry per row', () => {
      const rng = new Rng(13);
      const idx = Int32Array.of(3, 0, 1);
      gradCheck(
        ([x]) => pick(x, idx),
        ([x]) => Array.from(idx, (j, r) => x[r * 4 + j]),
        [{ shape: [3, 4], values: randomValues(12, rng) }],
        rng,
      );
    });

    it('masked fill with a causal mask, then softmax: no weight above the diagonal', () => {
      const rng = new Rng(14);
      const T = 4;
      const mask = causalMask(T);
      expect([...mask]).toEqual([0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
      const ref = ([x]: Float64Array[]) => x.map((v, i) => (mask[i % (T * T)] ? -100 : v));
      gradCheck(
        ([x]) => maskedFill(x, mask, -100),
        ref,
        [{ shape: [2, T, T], values: randomValues(2 * T * T, rng) }],
        rng,
      );
      const w = softmax(maskedFill(tensor(randomValues(T * T, rng), [T, T]), mask, -Infinity));
      expectClose(
        w.data.filter((_, i) => mask[i]),
        new Array(6).fill(0),
      );
      expectClose(w.data.subarray(0, 4), [1, 0, 0, 0]);
    });

    it('dropout zeroes about p of the values, scales the rest by 1/(1 − p), and is the identity at eval', () => {
      const x = tensor(new Array(20000).fill(1), [20000], true);
      const y = dropout(x, 0.25, new Rng(1));
      const zeros = y.data.filter((v) => v === 0).length;
      expect(zeros / 20000).toBeGreaterThan(0.23);
      expect(zeros / 20000).toBeLessThan(0.27);
      expect(y.data.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
      const rng = new Rng(2);
      // Same mask in forward and backward: dL/dx = (y != 0) · 1/(1 − p).
      const z = dropout(tensor([1, 2, 3, 4, 5, 6], [6], true), 0.5, rng);
      const loss = scale(
        reshape(matmul(reshape(z, [1, 6]), transpose(tensor([1, 1, 1, 1, 1, 1], [1, 6]))), []),
        1,
      );
      loss.backward();
      expectClose(
        z.parents[0].grad!,
        Array.from(z.data, (v) => (v === 0 ? 0 : 2)),
      );
      expect(dropout(x, 0.25, new Rng(1), false)).toBe(x);
    });
  });

  describe('attention composed from primitives', () => {
    it('single-head causal attention: values and gradients against a float64 reference', () => {
      const rng = new Rng(30);
      const T = 3,
        D = 4;
      const mask = causalMask(T);
      const engine = ([q, k, v]: import('./tensor.ts').Tensor[]) => {
        const scores = scale(matmul(q, transpose(k)), 1 / Math.sqrt(D)); // (T, T)
        return matmul(softmax(maskedFill(scores, mask, -Infinity)), v); // (T, D)
      };
      const ref = ([q, k, v]: Float64Array[]) => {
        const out = new Float64Array(T * D);
        for (let i = 0; i < T; i++) {
          const s: number[] = [];
          for (let j = 0; j <= i; j++) {
            let d = 0;
            for (let c = 0; c < D; c++) d += q[i * D + c] * k[j * D + c];
            s.push(d / Math.sqrt(D));
          }
          const p = refSoftmaxRows(s, s.length);
          for (let j = 0; j <= i; j++)
            for (let c = 0; c < D; c++) out[i * D + c] += p[j] * v[j * D + c];
        }
        return out;
      };
      const input = () => ({ shape: [T, D], values: randomValues(T * D, rng) });
      gradCheck(engine, ref, [input(), input(), input()], rng);
    });

    it('causalSelfAttention: batched multi-head attention on packed q|k|v rows, values and gradients', () => {
      const rng = new Rng(31);
      for (const [B, T, H, D] of [
        [2, 5, 2, 3],
        [1, 4, 3, 2],
        [3, 1, 1, 4],
      ]) {
        const C = H * D;
        // Reference: for each batch b, head h and query i, a softmax over keys j ≤ i of q·k/√D,
        // then the weighted sum of the v rows, written into columns [h·D, (h+1)·D) of row (b, i).
        const ref = ([x]: Float64Array[]) => {
          const out = new Float64Array(B * T * C);
          const at = (b: number, t: number, part: number, h: number, d: number) =>
            x[(b * T + t) * 3 * C + part * C + h * D + d];
          for (let b = 0; b < B; b++)
            for (let h = 0; h < H; h++)
              for (let i = 0; i < T; i++) {
                const s: number[] = [];
                for (let j = 0; j <= i; j++) {
                  let dot = 0;
                  for (let d = 0; d < D; d++) dot += at(b, i, 0, h, d) * at(b, j, 1, h, d);
                  s.push(dot / Math.sqrt(D));
                }
                const p = refSoftmaxRows(s, s.length);
                for (let j = 0; j <= i; j++)
                  for (let d = 0; d < D; d++)
                    out[(b * T + i) * C + h * D + d] += p[j] * at(b, j, 2, h, d);
              }
          return out;
        };
        const shape = [B, T, 3 * C];
        gradCheck(
          ([x]) => causalSelfAttention(x, H),
          ref,
          [{ shape, values: randomValues(numel(shape), rng, -2, 2) }],
          rng,
        );
      }
    });

    it('causalSelfAttention rejects rows that are not 3·heads wide', () => {
      expect(() => causalSelfAttention(tensor(new Array(2 * 8).fill(0), [1, 2, 8]), 2)).toThrow(
        /divisible by 2 heads/,
      );
    });
  });
});
