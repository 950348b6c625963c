// Optimizers (SGD with momentum, Adam, AdamW), gradient clipping and learning-rate schedules.
// Each update rule is written out with its formula (Adam's element loop is the kernel's: the
// readable one in kernels/plain.ts, a SIMD one behind it); state is plain arrays so
// that checkpoints can save it.

import { kernels } from './kernels/index.ts';
import type { Tensor } from './tensor.ts';

export type OptimizerState = { step: number; buffers: Float32Array[] };

export interface Optimizer {
  lr: number;
  readonly params: Tensor[];
  step(): void;
  state(): OptimizerState;
  loadState(state: OptimizerState): void;
}

function checkState(params: Tensor[], state: OptimizerState, perParam: number): void {
  // Buffers are stored slot by slot: all first moments, then all second moments, …
  const ok =
    state.buffers.length === params.length * perParam &&
    state.buffers.every((b, i) => b.length === params[i % params.length].size);
  if (!ok) throw new Error('optimizer state does not match the parameters');
}

/** v ← μ·v + (g + λ·p);  p ← p − lr·v   (PyTorch's SGD; μ = 0 is plain gradient descent) */
export class SGD implements Optimizer {
  lr: number;
  momentum: number;
  weightDecay: number;
  private velocity: Float32Array[];
  private t = 0;

  constructor(
    readonly params: Tensor[],
    options: { lr: number; momentum?: number; weightDecay?: number },
  ) {
    this.lr = options.lr;
    this.momentum = options.momentum ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
    this.velocity = params.map((p) => new Float32Array(p.size));
  }

  step(): void {
    this.t++;
    this.params.forEach((p, k) => {
      if (!p.grad) return;
      const v = this.velocity[k],
        w = p.data,
        g = p.grad;
      for (let i = 0; i < w.length; i++) {
        v[i] = this.momentum * v[i] + g[i] + this.weightDecay * w[i];
        w[i] -= this.lr * v[i];
      }
    });
  }

  state(): OptimizerState {
    return { step: this.t, buffers: this.velocity.map((v) => v.slice()) };
  }

  loadState(state: OptimizerState): void {
    checkState(this.params, state, 1);
    this.t = state.step;
    this.velocity = state.buffers.map((b) => b.slice());
  }
}

export type AdamOptions = {
  lr: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  /** Which parameters decay; by default matrices and embeddings (2-D and up), not biases or gains. */
  decays?: (p: Tensor) => boolean;
};

/**
 * Adam (Kingma & Ba), with AdamW's decoupled weight decay when `decoupled`:
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
 *   p ← p − lr·m̂/(√v̂ + ε)       and before it, AdamW: p ← p − lr·λ·p;  Adam: g ← g + λ·p
 */
export class Adam implements Optimizer {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  private m: Float32Array[];
  private v: Float32Array[];
  private t = 0;
  private decays: boolean[];

  constructor(
    readonly params: Tensor[],
    options: AdamOptions,
    readonly decoupled = false,
  ) {
    this.lr = options.lr;
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? (decoupled ? 0.01 : 0);
    const decays = options.decays ?? ((p: Tensor) => p.ndim >= 2);
    this.decays = params.map(decays);
    this.m = params.map((p) => new Float32Array(p.size));
    this.v = params.map((p) => new Float32Array(p.size));
  }

  step(): void {
    this.t++;
    const { beta1, beta2, eps, lr } = this;
    const c1 = 1 - beta1 ** this.t,
      c2 = 1 - beta2 ** this.t;
    this.params.forEach((p, k) => {
      if (!p.grad) return;
      const w = p.data,
        g = p.grad,
        m = this.m[k],
        v = this.v[k];
      const wd = this.decays[k] ? this.weightDecay : 0;
      const shrink = this.decoupled ? 1 - lr * wd : 1; // AdamW: p ← p − lr·λ·p
      const l2 = this.decoupled ? 0 : wd; //              Adam:  g ← g + λ·p
      kernels().adamUpdate(w, g, m, v, { lr, beta1, beta2, eps, c1, c2, shrink, l2 });
    });
  }

  state(): OptimizerState {
    return { step: this.t, buffers: [...this.m, ...this.v].map((b) => b.slice()) };
  }

  loadState(state: OptimizerState): void {
    checkState(this.params, state, 2);
    this.t = state.step;
    this.m = state.buffers.slice(0, this.params.length).map((b) => b.slice());
    this.v = state.buffers.slice(this.params.length).map((b) => b.slice());
  }

  /**
   * Moves the parameters' values and both moments, every value kept, into arrays from `allocate`:
   * the kernels' resident arrays (kernels().resident), which they update where they lie. Arrays
   * that never come back, so for a run that lasts (the command line's), after any loadState.
   */
  moveTo(allocate: (n: number) => Float32Array): void {
    const move = (a: Float32Array) => {
      const r = allocate(a.length);
      r.set(a);
      return r;
    };
    for (const p of this.params) p.data = move(p.data);
    this.m = this.m.map(move);
    this.v = this.v.map(move);
  }
}

export class AdamW extends Adam {
  constructor(params: Tensor[], options: AdamOptions) {
    super(params, options, true);
  }
}

/**
 * Scales all gradients by maxNorm/‖g‖ when the global L2 norm ‖g‖ = √(Σ g²) exceeds maxNorm.
 * Returns ‖g‖ before clipping.
 */
export function clipGradNorm(params: Tensor[], maxNorm: number): number {
  let sq = 0;
  for (const p of params) if (p.grad) sq += sumOfSquares(p.grad);
  const norm = Math.sqrt(sq);
  if (norm > maxNorm) {
    const s = maxNorm / (norm + 1e-6);
    for (const p of params) if (p.grad) scaleInPlace(p.grad, s);
  }
  return norm;
}

function sumOfSquares(g: Float32Array): number {
  let sq = 0;
  for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  return sq;
}

function scaleInPlace(g: Float32Array, s: number): void {
  for (let i = 0; i < g.length; i++) g[i] *= s;
}

/**
 * nanoGPT's schedule: linear warm-up to `lr` over `warmup` iterations, cosine decay to `minLr` at
 * `decayIters`, then `minLr`.  lr(t) = minLr + ½(1 + cos(π·(t − warmup)/(decayIters − warmup)))·(lr − minLr)
 */
export function cosineWithWarmup(o: {
  lr: number;
  minLr: number;
  warmup: number;
  decayIters: number;
}): (it: number) => number {
  return (it) => {
    if (it < o.warmup) return (o.lr * (it + 1)) / (o.warmup + 1);
    if (it > o.decayIters) return o.minLr;
    const ratio = (it - o.warmup) / Math.max(1, o.decayIters - o.warmup);
    return o.minLr + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (o.lr - o.minLr);
  };
}
