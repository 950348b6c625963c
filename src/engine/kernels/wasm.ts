// The WebAssembly SIMD kernels (source: assembly/gemm.ts). Operands are copied into the module's
// memory, multiplied there, and the result copied out; the copies are O(n²) against O(n³) work.

import { plainKernels } from './plain.ts';
import type { AdamCoefficients, Arena, AttentionDims, GemmArgs, Kernels } from './types.ts';
import {
  kernelsRelaxedWasmBase64,
  kernelsSharedRelaxedWasmBase64,
  kernelsSharedWasmBase64,
  kernelsWasmBase64,
} from './wasm-binary.ts';

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
    iFrom: number,
    iTo: number,
    jFrom: number,
    jTo: number,
  ): void;
  matvec(x: number, w: number, b: number, out: number, K: number, N: number): void;
  dots(x: number, m: number, out: number, rows: number, n: number, stride: number): void;
  axpys(w: number, m: number, out: number, rows: number, n: number, stride: number): void;
  attentionForward(
    qkv: number,
    y: number,
    p: number,
    B: number,
    T: number,
    H: number,
    D: number,
    scale: number,
    from: number,
    to: number,
  ): void;
  attentionBackward(
    qkv: number,
    p: number,
    dy: number,
    gqkv: number,
    scratch: number,
    B: number,
    T: number,
    H: number,
    D: number,
    scale: number,
    from: number,
    to: number,
  ): void;
  geluForward(x: number, y: number, t: number, n: number): void;
  geluBackward(x: number, t: number, g: number, gx: number, n: number): void;
  softmaxRows(x: number, y: number, rows: number, n: number): void;
  layerNormForward(
    x: number,
    g: number,
    b: number,
    y: number,
    xhat: number,
    rstd: number,
    rows: number,
    C: number,
    eps: number,
  ): void;
  layerNormBackward(
    dy: number,
    g: number,
    xhat: number,
    rstd: number,
    dx: number,
    dg: number,
    db: number,
    rows: number,
    C: number,
  ): void;
  sumRows(x: number, out: number, rows: number, n: number): void;
  adamUpdate(
    w: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    c1: number,
    c2: number,
    shrink: number,
    l2: number,
  ): void;
};

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Starts a worker running `source` (plain JavaScript) and hands it `data`: as its workerData in
 * Node (worker_threads), as its first message in a browser (a Worker from a Blob URL); supplied by
 * the host (node.ts, browser.ts), so that the engine itself imports nothing.
 */
export type SpawnWorker = (source: string, data: Record<string, unknown>) => void;

// The helper thread: the same kernels on the same shared memory, waiting on a control block.
// ctrl[0] = job number (−1: stop), ctrl[1] = last job done, ctrl[2] = ready, ctrl[3] = the job's
// kind (0 gemm, 1 attention forward, 2 attention backward, 3 and 4 GELU forward and backward),
// ctrl[4…22] = its arguments, and float
// slot 31 its one real-valued argument.
const WORKER_SOURCE = `
function main({ module, memory, ctrlAt }) {
const w = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctrl = new Int32Array(memory.buffer, ctrlAt, 32);
const real = new Float32Array(memory.buffer, ctrlAt, 32);
Atomics.store(ctrl, 2, 1);
Atomics.notify(ctrl, 2);
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  if (seen < 0) break;
  const j = ctrl.slice(4, 23);
  if (ctrl[3] === 0) {
    const [a, b, c, M, N, K, tA, tB, acc, scratch, iFrom, iTo, jFrom, jTo, bFrom, bTo, sA, sB, sC] = j;
    for (let t = bFrom; t < bTo; t++) w.gemm(a + t * sA, b + t * sB, c + t * sC, M, N, K, tA, tB, acc, scratch, iFrom, iTo, jFrom, jTo);
  } else if (ctrl[3] === 1) {
    w.attentionForward(j[0], j[1], j[2], j[3], j[4], j[5], j[6], real[31], j[7], j[8]);
  } else if (ctrl[3] === 2) {
    w.attentionBackward(j[0], j[1], j[2], j[3], j[4], j[5], j[6], j[7], j[8], real[31], j[9], j[10]);
  } else if (ctrl[3] === 3) {
    w.geluForward(j[0], j[1], j[2], j[3]);
  } else {
    w.geluBackward(j[0], j[1], j[2], j[3], j[4]);
  }
  Atomics.store(ctrl, 1, seen);
  Atomics.notify(ctrl, 1);
}
}
if (typeof require === 'function') main(require('node:worker_threads').workerData);
else self.onmessage = (e) => main(e.data);`;

/** Below this many multiply–adds a product stays on one thread (waking the other costs more). */
const SPLIT_MACS = 1 << 20;
/** The same for attention, counted as heads · T² · D. */
const SPLIT_ATTENTION = 1 << 18;
/** And for element-wise kernels, in floats. */
const SPLIT_ELEMENTS = 1 << 15;

/**
 * The kernels, or null when WebAssembly SIMD is unavailable (or, with `spawnWorker`, shared memory).
 * With `spawnWorker`, work large enough is shared with one helper thread over shared memory. The
 * helper is waited for (up to 5 s) unless `wait` is false, as a browser worker must (its helper
 * cannot start while it blocks): then the kernels run on one thread until the helper says it is
 * ready, and on two from the next call on.
 */
export function createWasmKernels(
  options: { spawnWorker?: SpawnWorker; relaxed?: boolean; wait?: boolean } = {},
): Kernels | null {
  let wasm: Exports;
  let module: WebAssembly.Module;
  let memory: WebAssembly.Memory;
  let shared: WebAssembly.Module | null = null;
  let fma = false;
  try {
    let bytes = decodeBase64(kernelsWasmBase64);
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return null;
    // Relaxed SIMD (fused multiply–add) where the platform has it, unless asked not to.
    const relaxed = decodeBase64(kernelsRelaxedWasmBase64);
    if (options.relaxed !== false && WebAssembly.validate(relaxed)) {
      bytes = relaxed;
      fma = true;
    }
    module = new WebAssembly.Module(bytes);
    if (options.spawnWorker) {
      shared = new WebAssembly.Module(
        decodeBase64(fma ? kernelsSharedRelaxedWasmBase64 : kernelsSharedWasmBase64),
      );
      memory = new WebAssembly.Memory({ initial: 64, maximum: 16384, shared: true });
      wasm = new WebAssembly.Instance(shared, { env: { memory } }).exports as unknown as Exports;
    } else {
      wasm = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
      memory = wasm.memory;
    }
  } catch {
    return null;
  }
  const ctrlAt = (wasm.heapBase() + 63) & ~63;
  // Memory: the control block, then the resident arrays (threads only; see `resident`), then from
  // `top` on the scratch space each call copies its operands into.
  let top = ctrlAt + 128;
  const residentBuffers = new Set<ArrayBufferLike>();
  const isResident = (a: Float32Array) => residentBuffers.has(a.buffer);
  let heap = new Float32Array(memory.buffer);
  // The control block, once the helper has said it is ready (until then, one thread).
  let ctrl: Int32Array | null = null;
  let pending: Int32Array | null = null;
  let real = new Float32Array(0); // the control block's float view (threads only)
  if (shared && options.spawnWorker) {
    pending = new Int32Array(memory.buffer, ctrlAt, 32);
    real = new Float32Array(memory.buffer, ctrlAt, 32);
    try {
      options.spawnWorker(WORKER_SOURCE, { module: shared, memory, ctrlAt });
    } catch {
      pending = null; // no worker here: one thread
    }
    if (pending && options.wait !== false) Atomics.wait(pending, 2, 0, 5000);
  }
  /** Whether the helper is there to share the work (checked until it is). */
  const helper = (): boolean => {
    if (pending && Atomics.load(pending, 2) === 1) [ctrl, pending] = [pending, null];
    return ctrl !== null;
  };
  helper();
  let job = 0;

  /** Hands the helper job `kind` with `args` (and `x` in the float slot), runs `mine` meanwhile, waits. */
  function share(kind: number, args: number[], mine: () => void, x = 0): void {
    const c = ctrl!;
    c.set(args, 4);
    c[3] = kind;
    real[31] = x;
    Atomics.store(c, 0, ++job);
    Atomics.notify(c, 0);
    mine();
    // NOTE: wait on the value just seen, never on a fresh load (the helper may finish in between).
    for (let seen = Atomics.load(c, 1); seen !== job; seen = Atomics.load(c, 1)) {
      Atomics.wait(c, 1, seen);
    }
  }

  /** Makes sure the memory holds `bytes` past `top`. */
  function reserve(bytes: number): void {
    const need = top + bytes - memory.buffer.byteLength;
    if (need > 0) memory.grow(Math.ceil(need / 65536));
    if (heap.length * 4 !== memory.buffer.byteLength) heap = new Float32Array(memory.buffer);
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
    const scratch = wasm.scratchBytes(M, N, K);
    // Resident operands are used where they lie; the others are copied into the scratch space.
    let at = top / 4;
    const place = (a: Float32Array, len: number) => {
      if (isResident(a)) return a.byteOffset / 4;
      at += align(len);
      return at - align(len);
    };
    const offA = place(A, lenA),
      offB = place(B, lenB),
      offC = place(C, lenC);
    const offS = at,
      offS2 = offS + align(scratch / 4);
    reserve((offS2 - top / 4) * 4 + scratch);
    if (!isResident(A)) heap.set(A.subarray(0, lenA), offA);
    if (!isResident(B)) heap.set(B.subarray(0, lenB), offB);
    if (accumulate && !isResident(C)) heap.set(C.subarray(0, lenC), offC);
    type Part = [iFrom: number, iTo: number, jFrom: number, jTo: number];
    const call = (t: number, [iFrom, iTo, jFrom, jTo]: Part, s: number, acc: boolean) =>
      wasm.gemm(
        (offA + t * strideA) * 4,
        (offB + t * strideB) * 4,
        (offC + t * strideC) * 4,
        M,
        N,
        K,
        +transA,
        +transB,
        +acc,
        s * 4,
        iFrom,
        iTo,
        jFrom,
        jTo,
      );
    // Share the work: batches when there are several (and C is not shared), else one half of C
    // each. Both halves pack all of the operand they share, so split C's rows when B (K × N) is the
    // smaller operand to pack twice, its columns when A (M × K) is.
    const big = batch * M * N * K >= SPLIT_MACS && helper();
    const byBatch = big && batch > 1 && strideC !== 0;
    const iMid = Math.round(M / 8) * 4;
    const jMid = Math.round(N / 16) * 8;
    const byRows = big && batch === 1 && N <= M && iMid > 0 && iMid < M;
    const byColumns = big && batch === 1 && !byRows && jMid > 0 && jMid < N;
    const whole: Part = [0, M, 0, N];
    if (byBatch || byRows || byColumns) {
      const bMid = byBatch ? batch >> 1 : 0;
      const mine: Part = byRows ? [0, iMid, 0, N] : byColumns ? [0, M, 0, jMid] : whole;
      const theirs: Part = byRows ? [iMid, M, 0, N] : byColumns ? [0, M, jMid, N] : whole;
      const args = [
        ...[offA * 4, offB * 4, offC * 4, M, N, K, +transA, +transB, +accumulate, offS2 * 4],
        ...theirs,
        ...[bMid, byBatch ? batch : 1, strideA * 4, strideB * 4, strideC * 4],
      ];
      share(0, args, () => {
        if (byBatch) for (let t = 0; t < bMid; t++) call(t, whole, offS, accumulate);
        else call(0, mine, offS, accumulate);
      });
    } else {
      for (let t = 0; t < batch; t++) call(t, whole, offS, accumulate || (strideC === 0 && t > 0));
    }
    if (!isResident(C)) C.set(heap.subarray(offC, offC + lenC));
  }

  /**
   * Copies `inputs` into the module's memory, runs `fn` on their byte addresses, copies `outputs`
   * back; resident arrays are neither copied in nor out.
   */
  function run(
    inputs: Float32Array[],
    outputs: Float32Array[],
    fn: (ptrs: number[]) => void,
  ): void {
    const all = [...inputs, ...outputs.filter((o) => !inputs.includes(o))];
    const offsets: number[] = [];
    let at = top / 4;
    for (const a of all) {
      if (isResident(a)) {
        offsets.push(a.byteOffset / 4);
        continue;
      }
      offsets.push(at);
      at += (a.length + 15) & ~15;
    }
    reserve((at - top / 4) * 4);
    inputs.forEach((a, i) => isResident(a) || heap.set(a, offsets[i]));
    fn(offsets.map((o) => o * 4));
    outputs.forEach((a) => {
      if (isResident(a)) return;
      const o = offsets[all.indexOf(a)];
      a.set(heap.subarray(o, o + a.length));
    });
  }

  /** Resident arrays in all stay below this, leaving the rest of the 1 GiB memory to the scratch space. */
  const RESIDENT_BYTES = 512 << 20;

  /**
   * n zeros in this module's shared memory: the kernels use such an array where it lies, with no
   * copy in or out. It is never freed (a BufferPool reuses it), so only pools should ask. Past
   * RESIDENT_BYTES, or when the memory cannot grow, an ordinary array.
   */
  function resident(n: number): Float32Array {
    const bytes = (n * 4 + 63) & ~63;
    if (top + bytes > RESIDENT_BYTES) return new Float32Array(n);
    try {
      const at = top;
      top += bytes;
      reserve(0);
      const view = new Float32Array(memory.buffer, at, n).fill(0); // the scratch space was here
      residentBuffers.add(view.buffer);
      return view;
    } catch {
      top -= bytes;
      return new Float32Array(n);
    }
  }

  // Heads are shared between the threads; widths that are not a multiple of 4 take the plain loops.
  const shareHeads = ({ B, T, H, D }: AttentionDims) =>
    B * H > 1 && B * H * T * T * D >= SPLIT_ATTENTION && helper();

  function attentionForward(
    qkv: Float32Array,
    Y: Float32Array,
    P: Float32Array,
    dims: AttentionDims,
    scale: number,
  ): void {
    const { B, T, H, D } = dims;
    if (D % 4 !== 0) return plainKernels.attentionForward(qkv, Y, P, dims, scale);
    run([qkv], [Y, P], ([q, y, p]) => {
      const heads = B * H,
        mid = heads >> 1;
      const part = (from: number, to: number) =>
        wasm.attentionForward(q, y, p, B, T, H, D, scale, from, to);
      if (!shareHeads(dims)) part(0, heads);
      else share(1, [q, y, p, B, T, H, D, mid, heads], () => part(0, mid), scale);
    });
  }

  function attentionBackward(
    qkv: Float32Array,
    P: Float32Array,
    dY: Float32Array,
    gqkv: Float32Array,
    dims: AttentionDims,
    scale: number,
  ): void {
    const { B, T, H, D } = dims;
    if (D % 4 !== 0) return plainKernels.attentionBackward(qkv, P, dY, gqkv, dims, scale);
    const scratch = new Float32Array(2 * T); // one row of dP for each thread
    run([qkv, P, dY, gqkv, scratch], [gqkv], ([q, p, dy, g, s]) => {
      const heads = B * H,
        mid = heads >> 1;
      const part = (from: number, to: number, row: number) =>
        wasm.attentionBackward(q, p, dy, g, row, B, T, H, D, scale, from, to);
      if (!shareHeads(dims)) part(0, heads, s);
      else share(2, [q, p, dy, g, s + 4 * T, B, T, H, D, mid, heads], () => part(0, mid, s), scale);
    });
  }

  /**
   * An element-wise kernel over n floats at the byte addresses `ptrs`: the helper takes the second
   * half (job `kind`, its addresses moved on by the first half's length) when n is large.
   */
  function halves(kind: number, ptrs: number[], n: number, part: (p: number[], n: number) => void) {
    const mid = (n >> 3) << 2; // a multiple of 4, so both halves keep whole vectors
    if (n < SPLIT_ELEMENTS || !helper()) return part(ptrs, n);
    share(kind, [...ptrs.map((p) => p + mid * 4), n - mid], () => part(ptrs, mid));
  }
  const geluForward = (X: Float32Array, Y: Float32Array, T: Float32Array) =>
    run([X], [Y, T], (p) => halves(3, p, X.length, ([x, y, t], n) => wasm.geluForward(x, y, t, n)));
  const geluBackward = (X: Float32Array, T: Float32Array, g: Float32Array, gx: Float32Array) =>
    run([X, T, g, gx], [gx], (p) =>
      halves(4, p, X.length, ([x, t, gp, gxp], n) => wasm.geluBackward(x, t, gp, gxp, n)),
    );
  const softmaxRows = (X: Float32Array, Y: Float32Array, rows: number, n: number) =>
    run([X], [Y], ([x, y]) => wasm.softmaxRows(x, y, rows, n));

  const layerNormForward = (
    X: Float32Array,
    G: Float32Array,
    B: Float32Array,
    Y: Float32Array,
    xhat: Float32Array,
    rstd: Float32Array,
    eps: number,
  ) =>
    run([X, G, B], [Y, xhat, rstd], ([x, g, b, y, h, r]) =>
      wasm.layerNormForward(x, g, b, y, h, r, rstd.length, G.length, eps),
    );
  const layerNormBackward = (
    dY: Float32Array,
    G: Float32Array,
    xhat: Float32Array,
    rstd: Float32Array,
    gX: Float32Array,
    gG: Float32Array,
    gB: Float32Array,
  ) =>
    run([dY, G, xhat, rstd, gX, gG, gB], [gX, gG, gB], ([dy, g, h, r, dx, dg, db]) =>
      wasm.layerNormBackward(dy, g, h, r, dx, dg, db, rstd.length, G.length),
    );
  const sumRows = (X: Float32Array, out: Float32Array, rows: number, n: number) =>
    run([X, out], [out], ([x, o]) => wasm.sumRows(x, o, rows, n));
  const adamUpdate = (
    w: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    k: AdamCoefficients,
  ) =>
    run([w, g, m, v], [w, m, v], ([wp, gp, mp, vp]) =>
      wasm.adamUpdate(
        wp,
        gp,
        mp,
        vp,
        w.length,
        k.lr,
        k.beta1,
        k.beta2,
        k.eps,
        k.c1,
        k.c2,
        k.shrink,
        k.l2,
      ),
    );

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

  return {
    // 'wasm-threads' once the helper has joined in.
    get name() {
      return helper() ? 'wasm-threads' : 'wasm';
    },
    fma,
    gemm,
    geluForward,
    geluBackward,
    softmaxRows,
    layerNormForward,
    layerNormBackward,
    attentionForward,
    attentionBackward,
    sumRows,
    adamUpdate,
    createArena,
    // Only a shared memory keeps its views when it grows.
    ...(shared ? { resident } : {}),
  };
}
