// The WebAssembly SIMD kernels (source: assembly/gemm.ts). Operands are copied into the module's
// memory, multiplied there, and the result copied out; the copies are O(n²) against O(n³) work.

import type { Arena, GemmArgs, Kernels } from './types.ts';
import { gemmWasmBase64 } from './wasm-binary.ts';

type Exports = {
  memory: WebAssembly.Memory;
  heapBase(): number;
  scratchBytes(M: number, N: number, K: number): number;
  gemm(
    a: number,
    b: number,
    c: number,
    M: number,
    N: number,
    K: number,
    transA: number,
    transB: number,
    accumulate: number,
    scratch: number,
  ): void;
  matvec(x: number, w: number, b: number, out: number, K: number, N: number): void;
  dots(x: number, m: number, out: number, rows: number, n: number, stride: number): void;
  axpys(w: number, m: number, out: number, rows: number, n: number, stride: number): void;
  geluForward(x: number, y: number, t: number, n: number): void;
  geluBackward(x: number, t: number, g: number, gx: number, n: number): void;
  softmaxRows(x: number, y: number, rows: number, n: number): void;
};

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The kernels, or null when WebAssembly SIMD is unavailable. */
export function createWasmKernels(): Kernels | null {
  let wasm: Exports;
  let module: WebAssembly.Module;
  try {
    const bytes = decodeBase64(gemmWasmBase64);
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return null;
    module = new WebAssembly.Module(bytes);
    wasm = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
  } catch {
    return null;
  }
  const base = (wasm.heapBase() + 63) & ~63;
  let heap = new Float32Array(wasm.memory.buffer);

  /** Makes sure the memory holds `bytes` past the heap base. */
  function reserve(bytes: number): void {
    const need = base + bytes - wasm.memory.buffer.byteLength;
    if (need > 0) wasm.memory.grow(Math.ceil(need / 65536));
    if (heap.buffer !== wasm.memory.buffer) heap = new Float32Array(wasm.memory.buffer);
  }

  function gemm({
    batch,
    M,
    N,
    K,
    A,
    strideA,
    transA,
    B,
    strideB,
    transB,
    C,
    strideC,
    accumulate,
  }: GemmArgs): void {
    // Extent of each operand over the whole batch (stride 0: one matrix).
    const lenA = strideA * (batch - 1) + M * K;
    const lenB = strideB * (batch - 1) + K * N;
    const lenC = strideC * (batch - 1) + M * N;
    const align = (n: number) => (n + 15) & ~15; // floats, keeps 64-byte alignment
    const offA = base / 4,
      offB = offA + align(lenA),
      offC = offB + align(lenB),
      offS = offC + align(lenC);
    reserve((offS - offA) * 4 + wasm.scratchBytes(M, N, K));
    heap.set(A.subarray(0, lenA), offA);
    heap.set(B.subarray(0, lenB), offB);
    if (accumulate) heap.set(C.subarray(0, lenC), offC);
    for (let b = 0; b < batch; b++) {
      const acc = accumulate || (strideC === 0 && b > 0);
      wasm.gemm(
        (offA + b * strideA) * 4,
        (offB + b * strideB) * 4,
        (offC + b * strideC) * 4,
        M,
        N,
        K,
        +transA,
        +transB,
        +acc,
        offS * 4,
      );
    }
    C.set(heap.subarray(offC, offC + lenC));
  }

  /** Copies `inputs` into the module's memory, runs `fn` on their byte addresses, copies `outputs` back. */
  function run(
    inputs: Float32Array[],
    outputs: Float32Array[],
    fn: (ptrs: number[]) => void,
  ): void {
    const all = [...inputs, ...outputs.filter((o) => !inputs.includes(o))];
    const offsets: number[] = [];
    let at = base / 4;
    for (const a of all) {
      offsets.push(at);
      at += (a.length + 15) & ~15;
    }
    reserve((at - base / 4) * 4);
    inputs.forEach((a, i) => heap.set(a, offsets[i]));
    fn(offsets.map((o) => o * 4));
    outputs.forEach((a) => {
      const o = offsets[all.indexOf(a)];
      a.set(heap.subarray(o, o + a.length));
    });
  }

  const geluForward = (X: Float32Array, Y: Float32Array, T: Float32Array) =>
    run([X], [Y, T], ([x, y, t]) => wasm.geluForward(x, y, t, X.length));
  const geluBackward = (X: Float32Array, T: Float32Array, g: Float32Array, gx: Float32Array) =>
    run([X, T, g, gx], [gx], ([x, t, gp, gxp]) => wasm.geluBackward(x, t, gp, gxp, X.length));
  const softmaxRows = (X: Float32Array, Y: Float32Array, rows: number, n: number) =>
    run([X], [Y], ([x, y]) => wasm.softmaxRows(x, y, rows, n));

  /** An arena is an instance of its own, sized once, so its heap view never moves. */
  function createArena(floats: number): Arena {
    const w = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    const at = (w.heapBase() + 63) & ~63;
    const need = at + floats * 4 - w.memory.buffer.byteLength;
    if (need > 0) w.memory.grow(Math.ceil(need / 65536));
    const p = (off: number) => at + off * 4; // float offset → byte address
    return {
      heap: new Float32Array(w.memory.buffer, at, floats),
      matvec: (x, m, b, out, K, N) => w.matvec(p(x), p(m), b < 0 ? 0 : p(b), p(out), K, N),
      dots: (x, m, out, rows, n, stride) => w.dots(p(x), p(m), p(out), rows, n, stride),
      axpys: (v, m, out, rows, n, stride) => w.axpys(p(v), p(m), p(out), rows, n, stride),
    };
  }

  return { name: 'wasm', gemm, geluForward, geluBackward, softmaxRows, createArena };
}
