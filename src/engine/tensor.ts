// The Tensor: a Float32Array with a shape, and the reverse-mode autograd graph around it.
// Ops live in ops/; each builds its output with `result()` and attaches its own backward rule.
// This file knows no op: only the graph, the topological sort and the gradient bookkeeping.

import type { Random } from './random.ts';

export type Shape = readonly number[];

let gradEnabled = true;

/** Runs `fn` without recording the graph (inference, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  const before = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = before;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

// ---- buffer reuse ----
// A training step makes about a hundred megabytes of activations and gradients and drops them all at
// its end. Fresh typed arrays cost the system's zeroed pages, touched one by one (several times a
// copy's cost), and then the collector's time; a step run under `reuseBuffers` instead takes the
// arrays the previous step handed back.

/**
 * Float32Arrays by length, handed back by earlier steps. New ones come from `allocate` (by default
 * plain arrays; kernels().resident gives arrays the fast kernels use without copying).
 */
export class BufferPool {
  private free = new Map<number, Float32Array[]>();
  private lent: Float32Array[] = [];

  constructor(
    private readonly allocate: (n: number) => Float32Array = (n) => new Float32Array(n),
  ) {}

  /** n zeros (a returned array refilled with 0, or a new one); with `zero` false, any values. */
  take(n: number, zero = true): Float32Array {
    const a = this.free.get(n)?.pop();
    const out = a ? (zero ? a.fill(0) : a) : this.allocate(n);
    this.lent.push(out);
    return out;
  }

  /** Takes back every array lent since the last call. */
  restore(): void {
    for (const a of this.lent) {
      const list = this.free.get(a.length);
      if (list) list.push(a);
      else this.free.set(a.length, [a]);
    }
    this.lent = [];
  }
}

let pool: BufferPool | null = null;

/**
 * A zeroed Float32Array of n values for an op's output or a gradient (from the pool in reuseBuffers).
 * `zero: false` is for an output the op writes in full before anything reads it: a reused array
 * then keeps its old values, and the op saves refilling it.
 */
export function alloc(n: number, zero = true): Float32Array {
  return pool ? pool.take(n, zero) : new Float32Array(n);
}

/**
 * Runs `fn` (a training step: forward, backward, optimizer) with the arrays the ops make taken from
 * `buffers`, and hands them all back when it returns, so nothing made inside may be used after: keep
 * numbers (loss.item()), not tensors. Parameters' gradients are ordinary arrays, still valid after.
 */
export function reuseBuffers<T>(buffers: BufferPool, fn: () => T): T {
  if (pool === buffers) return fn(); // nested: the outer call hands everything back
  const before = pool;
  pool = buffers;
  try {
    return fn();
  } finally {
    pool = before;
    buffers.restore();
  }
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export class Tensor {
  data: Float32Array;
  shape: number[];
  /** dL/dthis, same shape as data; filled by backward(). */
  grad: Float32Array | null = null;
  requiresGrad: boolean;
  /** The op that made this tensor ('leaf' for inputs and parameters), for drawing graphs. */
  op: string;
  /** Inputs of the op, in argument order (stable, so replays are deterministic). */
  parents: Tensor[];
  /** Adds this tensor's grad into its parents' grads. */
  backwardFn: (() => void) | null = null;
  label = '';

  constructor(
    data: Float32Array,
    shape: Shape,
    requiresGrad = false,
    op = 'leaf',
    parents: Tensor[] = [],
  ) {
    if (data.length !== sizeOf(shape)) {
      throw new Error(
        `data has ${data.length} values but shape [${shape.join(', ')}] needs ${sizeOf(shape)}`,
      );
    }
    this.data = data;
    this.shape = [...shape];
    this.requiresGrad = requiresGrad;
    this.op = op;
    this.parents = parents;
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1)
      throw new Error(`item() needs one value, tensor has ${this.data.length}`);
    return this.data[0];
  }

  /** The grad buffer, created (zeros) on first use. */
  gradBuffer(): Float32Array {
    return (this.grad ??= new Float32Array(this.data.length));
  }

  /**
   * Back-propagates from this scalar: dL/dL = 1, then every node's rule in reverse topological order.
   * Gradients are fresh for each call (no silent accumulation); pass `accumulate: true` to add into
   * the leaves' existing grads (gradient accumulation over micro-batches).
   */
  backward(options: { accumulate?: boolean } = {}): void {
    if (this.data.length !== 1)
      throw new Error(`backward() needs a scalar, got shape [${this.shape.join(', ')}]`);
    const order = topologicalOrder(this);
    for (const node of order) {
      // Leaves (parameters, inputs) get ordinary arrays: their gradients outlive the step.
      if (node.backwardFn) node.grad = alloc(node.data.length);
      else if (!options.accumulate) node.grad = new Float32Array(node.data.length);
    }
    this.gradBuffer().fill(1); // dL/dL = 1
    for (let i = order.length - 1; i >= 0; i--) order[i].backwardFn?.();
  }
}

/**
 * Nodes that need a gradient, parents before children. Iterative depth-first search with an explicit
 * stack: a GPT graph is thousands of nodes deep in places, which overflows a recursive sort in JS.
 */
export function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: Array<[Tensor, number]> = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (next < node.parents.length) {
      top[1]++;
      const parent = node.parents[next];
      if (parent.requiresGrad && !visited.has(parent)) {
        visited.add(parent);
        stack.push([parent, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/**
 * Makes an op's output. The backward rule is attached only when grad mode is on and some input needs
 * a gradient; `backward` reads out.grad and adds into the inputs' gradBuffer().
 */
export function result(
  op: string,
  data: Float32Array,
  shape: Shape,
  parents: Tensor[],
  backward: (out: Tensor) => void,
): Tensor {
  const needs = gradEnabled && parents.some((p) => p.requiresGrad);
  const out = new Tensor(data, shape, needs, op, needs ? parents : []);
  if (needs) out.backwardFn = () => backward(out);
  return out;
}

// ---- factories ----

export function tensor(values: ArrayLike<number>, shape?: Shape, requiresGrad = false): Tensor {
  return new Tensor(Float32Array.from(values), shape ?? [values.length], requiresGrad);
}

export function zeros(shape: Shape, requiresGrad = false): Tensor {
  return new Tensor(new Float32Array(sizeOf(shape)), shape, requiresGrad);
}

export function ones(shape: Shape, requiresGrad = false): Tensor {
  return new Tensor(new Float32Array(sizeOf(shape)).fill(1), shape, requiresGrad);
}

export function full(shape: Shape, value: number, requiresGrad = false): Tensor {
  return new Tensor(new Float32Array(sizeOf(shape)).fill(value), shape, requiresGrad);
}

/** Normal(0, std²) values from the seeded generator. */
export function randn(shape: Shape, rng: Random, std = 1, requiresGrad = false): Tensor {
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
  return new Tensor(data, shape, requiresGrad);
}

/** Uniform [lo, hi) values from the seeded generator. */
export function rand(shape: Shape, rng: Random, lo = 0, hi = 1, requiresGrad = false): Tensor {
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = lo + (hi - lo) * rng.next();
  return new Tensor(data, shape, requiresGrad);
}

/** The same values, cut from the graph (no gradient flows through). */
export function detach(a: Tensor): Tensor {
  return new Tensor(a.data, a.shape, false);
}
