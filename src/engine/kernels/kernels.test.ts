// The conformance suite every kernel set passes: the same products as a float64 reference, for all
// transpose flags, odd sizes (tile edges), batches, shared operands (stride 0) and accumulation.

import { describe, expect, it } from 'vitest';
import { Rng } from '../random.ts';
import { expectClose } from '../test-support.ts';
import { plainKernels } from './plain.ts';
import type { GemmArgs, Kernels } from './types.ts';
import { wasmKernels } from './index.ts';
import { Worker } from 'node:worker_threads';
import { createWasmKernels } from './wasm.ts';

function reference(a: GemmArgs, C0: Float32Array): Float64Array {
  const C = Float64Array.from(C0);
  for (let t = 0; t < a.batch; t++) {
    const c0 = t * a.strideC;
    if (!a.accumulate && (a.strideC !== 0 || t === 0)) C.fill(0, c0, c0 + a.M * a.N);
    for (let i = 0; i < a.M; i++)
      for (let j = 0; j < a.N; j++) {
        let s = 0;
        for (let p = 0; p < a.K; p++) {
          const x = a.transA ? a.A[t * a.strideA + p * a.M + i] : a.A[t * a.strideA + i * a.K + p];
          const y = a.transB ? a.B[t * a.strideB + j * a.K + p] : a.B[t * a.strideB + p * a.N + j];
          s += x * y;
        }
        C[c0 + i * a.N + j] += s;
      }
  }
  return C;
}

function random(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
}

const threaded = createWasmKernels({
  spawnWorker: (source, data) => new Worker(source, { eval: true, workerData: data }).unref(),
});
// Without relaxed SIMD (mul then add) as well as with it where the platform has it (vitest runs
// Node with --experimental-wasm-relaxed-simd).
const noFma = createWasmKernels({ relaxed: false });
/**
 * The threaded kernels handed resident arrays (in their own memory, used without copies): every
 * array argument is copied into a resident one before the call and back after it.
 */
function onResidentArrays(k: Kernels): Kernels {
  const resident = k.resident!;
  const wrapped: Record<string, unknown> = { ...k, name: k.name };
  for (const [name, fn] of Object.entries(k)) {
    if (typeof fn !== 'function' || name === 'createArena' || name === 'resident') continue;
    wrapped[name] = (...args: unknown[]) => {
      const pairs: [Float32Array, Float32Array][] = [];
      const move = (a: unknown): unknown => {
        if (!(a instanceof Float32Array)) return a;
        const r = resident(a.length);
        r.set(a);
        pairs.push([a, r]);
        return r;
      };
      const moved = args.map((a) => {
        if (!(a && typeof a === 'object' && 'A' in a)) return move(a);
        const g = a as GemmArgs;
        return { ...g, A: move(g.A), B: move(g.B), C: move(g.C) };
      });
      (fn as (...a: unknown[]) => void)(...moved);
      for (const [a, r] of pairs) a.set(r);
    };
  }
  return wrapped as Kernels;
}

const onResident = threaded?.resident ? onResidentArrays(threaded) : null;
const sets: Kernels[] = [
  plainKernels,
  ...[wasmKernels(), noFma, threaded, onResident].filter((k): k is Kernels => k !== null),
];
const label = (k: Kernels) =>
  `${k.name}${k.fma ? ' (fma)' : ''}${k === onResident ? ' on resident arrays' : ''}`;

describe.each(sets.map((k) => [label(k), k] as const))('%s kernels', (_name, k) => {
  it('gemm equals the float64 reference on every flag combination and edge size', () => {
    const rng = new Rng(99);
    const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 33];
    for (let trial = 0; trial < 60; trial++) {
      const M = sizes[rng.int(sizes.length)],
        N = sizes[rng.int(sizes.length)],
        K = sizes[rng.int(sizes.length)];
      const batch = 1 + rng.int(3);
      const shareA = rng.next() < 0.25,
        shareB = rng.next() < 0.25,
        shareC = rng.next() < 0.2;
      const args: GemmArgs = {
        batch,
        M,
        N,
        K,
        A: random(batch * M * K, rng),
        strideA: shareA ? 0 : M * K,
        transA: rng.next() < 0.5,
        B: random(batch * K * N, rng),
        strideB: shareB ? 0 : K * N,
        transB: rng.next() < 0.5,
        C: random(batch * M * N, rng),
        strideC: shareC ? 0 : M * N,
        accumulate: rng.next() < 0.5,
      };
      const expected = reference(args, args.C);
      k.gemm(args);
      expectClose(args.C, expected, 1e-5, 1e-4);
    }
  });

  it('arena matvec, dots and axpys equal float64 references (edge widths, offsets, strides)', () => {
    const rng = new Rng(7);
    for (const [K, N] of [
      [1, 1],
      [3, 5],
      [16, 16],
      [33, 17],
      [128, 384],
      [7, 65],
    ]) {
      const arena = k.createArena(4096 + K * N + 4 * (K + N));
      const h = arena.heap;
      for (let i = 0; i < h.length; i++) h[i] = rng.next() * 2 - 1;
      const x = 3,
        w = x + K + 5,
        b = w + K * N + 1,
        out = b + N + 2; // deliberately unaligned
      const expected = Array.from({ length: N }, (_, j) => {
        let s = h[b + j];
        for (let i = 0; i < K; i++) s += h[x + i] * h[w + i * N + j];
        return s;
      });
      arena.matvec(x, w, b, out, K, N);
      expectClose(h.subarray(out, out + N), expected, 1e-5, 1e-4);
      arena.matvec(x, w, -1, out, K, N);
      expectClose(
        h.subarray(out, out + N),
        expected.map((v, j) => v - h[b + j]),
        1e-5,
        1e-4,
      );
      // rows = N rows of n = K values with stride K + 2 (a head's slice of a (T, C) cache)
      const stride = K + 2,
        m = out + K + N + 16;
      const dotsRef = Array.from({ length: Math.min(N, 20) }, (_, r) => {
        let s = 0;
        for (let c = 0; c < K; c++) s += h[x + c] * h[m + r * stride + c];
        return s;
      });
      arena.dots(x, m, out, dotsRef.length, K, stride);
      expectClose(h.subarray(out, out + dotsRef.length), dotsRef, 1e-5, 1e-4);
      const rows = Math.min(N, 20);
      const axpyRef = Array.from({ length: K }, (_, c) => {
        let s = 0;
        for (let r = 0; r < rows; r++) s += h[x + r] * h[m + r * stride + c];
        return s;
      });
      arena.axpys(x, m, out, rows, K, stride);
      expectClose(h.subarray(out, out + K), axpyRef, 1e-5, 1e-4);
    }
  });

  it('GELU forward/backward and row softmax equal float64 references (odd lengths, shared halves, −∞ entries)', () => {
    const rng = new Rng(12);
    const c = Math.sqrt(2 / Math.PI);
    // 40001: long enough for two threads to share (an odd half at the end).
    for (const n of [1, 3, 4, 13, 1000, 40001]) {
      const X = Float32Array.from({ length: n }, () => (rng.next() - 0.5) * 12);
      const Y = new Float32Array(n),
        T = new Float32Array(n);
      k.geluForward(X, Y, T);
      const t64 = Array.from(X, (v) => Math.tanh(c * (v + 0.044715 * v ** 3)));
      expectClose(T, t64, 1e-6, 1e-5);
      expectClose(
        Y,
        Array.from(X, (v, i) => 0.5 * v * (1 + t64[i])),
        1e-6,
        1e-5,
      );
      const g = Float32Array.from({ length: n }, () => rng.next() - 0.5);
      const gx = Float32Array.from({ length: n }, () => rng.next());
      const expected = Array.from(gx, (v, i) => {
        const x = X[i],
          t = T[i];
        return v + g[i] * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x));
      });
      k.geluBackward(X, T, g, gx);
      expectClose(gx, expected, 1e-6, 1e-5);
    }
    for (const [rows, n] of [
      [1, 1],
      [3, 7],
      [5, 64],
      [2, 65],
    ]) {
      const X = Float32Array.from({ length: rows * n }, (_, i) =>
        i % 5 === 3 ? -Infinity : (rng.next() - 0.5) * 20,
      );
      for (let r = 0; r < rows; r++) X[r * n] = rng.next(); // every row keeps one finite entry
      const Y = new Float32Array(rows * n);
      k.softmaxRows(X, Y, rows, n);
      const expected: number[] = [];
      for (let r = 0; r < rows; r++) {
        const row = Array.from(X.subarray(r * n, (r + 1) * n));
        const m = Math.max(...row);
        const e = row.map((v) => Math.exp(v - m));
        const z = e.reduce((a, b) => a + b, 0);
        expected.push(...e.map((v) => v / z));
      }
      expectClose(Y, expected, 1e-7, 1e-5);
    }
  });

  it('attention forward and backward equal float64 references (odd T, widths off the 16-block, shared heads)', () => {
    const rng = new Rng(47);
    // [B, T, H, D]: D = 6 is not a multiple of 4 (the plain loops), 12 and 36 leave blocks of four
    // past the sixteens, T = 5 and 7 leave keys past the fours; the last is large enough to be
    // shared between two threads (heads·T²·D ≥ 2¹⁸).
    for (const [B, T, H, D] of [
      [1, 1, 1, 4],
      [2, 5, 2, 6],
      [1, 7, 3, 12],
      [2, 9, 1, 32],
      [2, 40, 3, 36],
    ]) {
      const C = H * D,
        scale = 1 / Math.sqrt(D);
      const qkv = random(B * T * 3 * C, rng);
      const at = (b: number, t: number, part: number, h: number) =>
        (b * T + t) * 3 * C + part * C + h * D;
      const Y = new Float32Array(B * T * C),
        P = random(B * H * T * T, rng); // garbage the kernel must overwrite, zeros above the diagonal
      k.attentionForward(qkv, Y, P, { B, T, H, D }, scale);
      const dY = random(B * T * C, rng);
      const g0 = random(qkv.length, rng);
      const g = Float32Array.from(g0);
      k.attentionBackward(qkv, P, dY, g, { B, T, H, D }, scale);

      const P64 = new Float64Array(P.length),
        Y64 = new Float64Array(Y.length),
        g64 = Float64Array.from(g0);
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++) {
          const dot = (x: Float32Array | Float64Array, i: number, y: Float32Array, j: number) => {
            let s = 0;
            for (let d = 0; d < D; d++) s += x[i + d] * y[j + d];
            return s;
          };
          const rows: number[][] = [];
          for (let i = 0; i < T; i++) {
            const s = Array.from(
              { length: i + 1 },
              (_, j) => scale * dot(qkv, at(b, i, 0, h), qkv, at(b, j, 1, h)),
            );
            const m = Math.max(...s);
            const z = s.reduce((acc, v) => acc + Math.exp(v - m), 0);
            rows.push(s.map((v) => Math.exp(v - m) / z));
            rows[i].forEach((p, j) => (P64[((b * H + h) * T + i) * T + j] = p));
            for (let j = 0; j <= i; j++)
              for (let d = 0; d < D; d++)
                Y64[(b * T + i) * C + h * D + d] += rows[i][j] * qkv[at(b, j, 2, h) + d];
          }
          // Backward by the chain rule through y = P·v, P = softmax(S), S = scale·q·kᵀ.
          for (let i = 0; i < T; i++) {
            const dyAt = (b * T + i) * C + h * D;
            const dP = rows[i].map((_, j) => dot(dY, dyAt, qkv, at(b, j, 2, h)));
            const mean = rows[i].reduce((acc, p, j) => acc + p * dP[j], 0);
            for (let j = 0; j <= i; j++) {
              const dS = rows[i][j] * (dP[j] - mean) * scale;
              for (let d = 0; d < D; d++) {
                g64[at(b, j, 2, h) + d] += rows[i][j] * dY[dyAt + d];
                g64[at(b, i, 0, h) + d] += dS * qkv[at(b, j, 1, h) + d];
                g64[at(b, j, 1, h) + d] += dS * qkv[at(b, i, 0, h) + d];
              }
            }
          }
        }
      expectClose(P, P64, 1e-6, 1e-5);
      expectClose(Y, Y64, 1e-5, 1e-4);
      expectClose(g, g64, 1e-5, 1e-4);
    }
  });

  it('products large enough to be shared between threads (by columns, by batches)', () => {
    const rng = new Rng(31);
    const cases = [
      { batch: 1, M: 130, N: 77, K: 200, transA: false, transB: true, shared: false },
      { batch: 1, M: 96, N: 130, K: 128, transA: true, transB: false, shared: false },
      { batch: 3, M: 64, N: 64, K: 128, transA: false, transB: false, shared: false },
      { batch: 5, M: 33, N: 40, K: 200, transA: true, transB: true, shared: true },
    ];
    for (const { batch, M, N, K, transA, transB, shared } of cases) {
      for (const accumulate of [false, true]) {
        const args: GemmArgs = {
          batch,
          M,
          N,
          K,
          A: random(batch * M * K, rng),
          strideA: M * K,
          transA,
          B: random(batch * K * N, rng),
          strideB: shared ? 0 : K * N,
          transB,
          C: random(batch * M * N, rng),
          strideC: shared ? 0 : M * N,
          accumulate,
        };
        const expected = reference(args, args.C);
        k.gemm(args);
        expectClose(args.C, expected, 1e-4, 1e-4);
      }
    }
  });

  it('many shared products in a row complete (no lost wake-up between the threads)', () => {
    const rng = new Rng(41);
    const M = 64,
      N = 128,
      K = 128; // 1M multiply–adds: split by columns when threaded
    const A = random(M * K, rng),
      B = random(K * N, rng);
    const one = {
      batch: 1,
      M,
      N,
      K,
      A,
      strideA: 0,
      transA: false,
      B,
      strideB: 0,
      transB: false,
      strideC: 0,
      accumulate: false,
    };
    const expected = reference({ ...one, C: new Float32Array(M * N) }, new Float32Array(M * N));
    for (let i = 0; i < 300; i++) {
      const C = new Float32Array(M * N);
      k.gemm({ ...one, C });
      if (i % 100 === 0) expectClose(C, expected, 1e-4, 1e-4);
    }
  });

  it('layer norm forward and backward equal float64 references (odd widths)', () => {
    const rng = new Rng(17);
    for (const [rows, C] of [
      [3, 8],
      [2, 7],
      [5, 130],
      [1, 1],
    ]) {
      const X = random(rows * C, rng),
        G = random(C, rng),
        B = random(C, rng),
        dY = random(rows * C, rng);
      const eps = 1e-5;
      // float64 reference, written out from the formula
      const xhat64 = new Float64Array(rows * C),
        rstd64 = new Float64Array(rows),
        Y64 = new Float64Array(rows * C);
      for (let r = 0; r < rows; r++) {
        let mu = 0;
        for (let j = 0; j < C; j++) mu += X[r * C + j] / C;
        let v = 0;
        for (let j = 0; j < C; j++) v += (X[r * C + j] - mu) ** 2 / C;
        rstd64[r] = 1 / Math.sqrt(v + eps);
        for (let j = 0; j < C; j++) {
          xhat64[r * C + j] = (X[r * C + j] - mu) * rstd64[r];
          Y64[r * C + j] = G[j] * xhat64[r * C + j] + B[j];
        }
      }
      const gX0 = random(rows * C, rng),
        gG0 = random(C, rng),
        gB0 = random(C, rng);
      const gX64 = Float64Array.from(gX0),
        gG64 = Float64Array.from(gG0),
        gB64 = Float64Array.from(gB0);
      for (let r = 0; r < rows; r++) {
        let m1 = 0,
          m2 = 0;
        for (let j = 0; j < C; j++) {
          const gh = dY[r * C + j] * G[j];
          m1 += gh / C;
          m2 += (gh * xhat64[r * C + j]) / C;
          gG64[j] += dY[r * C + j] * xhat64[r * C + j];
          gB64[j] += dY[r * C + j];
        }
        for (let j = 0; j < C; j++)
          gX64[r * C + j] += rstd64[r] * (dY[r * C + j] * G[j] - m1 - xhat64[r * C + j] * m2);
      }
      const Y = new Float32Array(rows * C),
        xhat = new Float32Array(rows * C),
        rstd = new Float32Array(rows);
      k.layerNormForward(X, G, B, Y, xhat, rstd, eps);
      expectClose(Y, Y64, 1e-5, 1e-4);
      expectClose(xhat, xhat64, 1e-5, 1e-4);
      expectClose(rstd, rstd64, 1e-5, 1e-4);
      const gX = gX0.slice(),
        gG = gG0.slice(),
        gB = gB0.slice();
      k.layerNormBackward(dY, G, xhat, rstd, gX, gG, gB);
      expectClose(gX, gX64, 1e-4, 1e-4);
      expectClose(gG, gG64, 1e-4, 1e-4);
      expectClose(gB, gB64, 1e-5, 1e-4);
    }
  });

  it('column sums accumulate into the output (odd widths)', () => {
    const rng = new Rng(18);
    for (const [rows, n] of [
      [4, 9],
      [1, 3],
      [7, 16],
    ]) {
      const X = random(rows * n, rng),
        out = random(n, rng);
      const expected = Float64Array.from(out);
      for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) expected[j] += X[r * n + j];
      k.sumRows(X, out, rows, n);
      expectClose(out, expected, 1e-5, 1e-5);
    }
  });

  it('the Adam(W) update equals its rule computed in float64, over several steps', () => {
    const rng = new Rng(19);
    const n = 11; // two SIMD groups and a tail
    for (const [shrink, l2] of [
      [1 - 1e-3 * 0.1, 0],
      [1, 0.01],
    ]) {
      const w = random(n, rng),
        m = new Float32Array(n),
        v = new Float32Array(n);
      const w64 = Float64Array.from(w),
        m64 = new Float64Array(n),
        v64 = new Float64Array(n);
      const [lr, beta1, beta2, eps] = [1e-3, 0.9, 0.99, 1e-8];
      for (let t = 1; t <= 3; t++) {
        const g = random(n, rng);
        const c1 = 1 - beta1 ** t,
          c2 = 1 - beta2 ** t;
        for (let i = 0; i < n; i++) {
          const gi = g[i] + l2 * w64[i];
          w64[i] *= shrink;
          m64[i] = beta1 * m64[i] + (1 - beta1) * gi;
          v64[i] = beta2 * v64[i] + (1 - beta2) * gi * gi;
          w64[i] -= (lr * m64[i]) / c1 / (Math.sqrt(v64[i] / c2) + eps);
        }
        k.adamUpdate(w, g, m, v, { lr, beta1, beta2, eps, c1, c2, shrink, l2 });
      }
      expectClose(w, w64, 1e-6, 1e-5);
      expectClose(m, m64, 1e-6, 1e-5);
      expectClose(v, v64, 1e-7, 1e-5);
    }
  });

  it('a large product (several tiles, long inner dimension)', () => {
    const rng = new Rng(5);
    const M = 70,
      N = 45,
      K = 300;
    const args: GemmArgs = {
      batch: 1,
      M,
      N,
      K,
      A: random(M * K, rng),
      strideA: 0,
      transA: false,
      B: random(K * N, rng),
      strideB: 0,
      transB: true,
      C: new Float32Array(M * N),
      strideC: 0,
      accumulate: false,
    };
    const expected = reference(args, args.C);
    k.gemm(args);
    expectClose(args.C, expected, 1e-4, 1e-4);
  });
});

it('without waiting for its helper, the threaded set is right before the helper is ready and after', async () => {
  const k = createWasmKernels({
    spawnWorker: (source, data) => new Worker(source, { eval: true, workerData: data }).unref(),
    wait: false,
  })!;
  const rng = new Rng(8);
  const product = () => {
    const args: GemmArgs = {
      batch: 1,
      M: 130,
      N: 96,
      K: 100, // 1.25M multiply–adds: shared once the helper is there
      A: random(130 * 100, rng),
      strideA: 0,
      transA: false,
      B: random(100 * 96, rng),
      strideB: 0,
      transB: true,
      C: random(130 * 96, rng),
      strideC: 0,
      accumulate: true,
    };
    const expected = reference(args, args.C);
    k.gemm(args);
    expectClose(args.C, expected, 1e-4, 1e-4);
  };
  product(); // most likely before the helper has started
  for (let t = 0; t < 100 && k.name !== 'wasm-threads'; t++) {
    await new Promise((resolve) => setTimeout(resolve, 50)); // the helper joins in the background
  }
  expect(k.name).toBe('wasm-threads');
  for (let i = 0; i < 5; i++) product();
});

it('the wasm kernels load on this platform (Node has WebAssembly SIMD), threaded ones too', () => {
  expect(wasmKernels()?.name).toBe('wasm');
  expect(threaded?.name).toBe('wasm-threads');
  expect(noFma?.fma).toBe(false);
  // vitest.config.ts turns relaxed SIMD on, so the fused multiply–add kernels are the ones tested.
  expect(wasmKernels()?.fma).toBe(true);
});
