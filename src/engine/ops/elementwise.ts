// Element-wise ops. Binary ones broadcast (see broadcast.ts); unary ones are a rule table:
// one line each with the forward function and its derivative, as tinygrad writes them.

import { broadcastShape, expand, unbroadcastInto } from '../broadcast.ts';
import { alloc, result, Tensor } from '../tensor.ts';

type BinaryForward = (x: Float32Array, y: Float32Array, out: Float32Array) => void;

function binary(
  op: string,
  a: Tensor,
  b: Tensor,
  forward: BinaryForward,
  backward: (
    g: Float32Array,
    x: Float32Array,
    y: Float32Array,
    out: Float32Array,
  ) => [Float32Array | null, Float32Array | null],
): Tensor {
  const shape = broadcastShape(a.shape, b.shape);
  const x = expand(a.data, a.shape, shape);
  const y = expand(b.data, b.shape, shape);
  const data = alloc(x.length, false); // forward writes every element
  forward(x, y, data);
  return result(op, data, shape, [a, b], (out) => {
    const [ga, gb] = backward(out.grad!, x, y, out.data);
    if (a.requiresGrad && ga) unbroadcastInto(a.gradBuffer(), a.shape, ga, shape);
    if (b.requiresGrad && gb) unbroadcastInto(b.gradBuffer(), b.shape, gb, shape);
  });
}

function map(g: Float32Array, f: (i: number) => number): Float32Array {
  const out = alloc(g.length, false);
  for (let i = 0; i < g.length; i++) out[i] = f(i);
  return out;
}

/** out = a + b; dL/da = g, dL/db = g */
export function add(a: Tensor, b: Tensor): Tensor {
  return binary(
    'add',
    a,
    b,
    (x, y, o) => {
      for (let i = 0; i < o.length; i++) o[i] = x[i] + y[i];
    },
    (g) => [g, g],
  );
}

/** out = a − b; dL/da = g, dL/db = −g */
export function sub(a: Tensor, b: Tensor): Tensor {
  return binary(
    'sub',
    a,
    b,
    (x, y, o) => {
      for (let i = 0; i < o.length; i++) o[i] = x[i] - y[i];
    },
    (g) => [g, map(g, (i) => -g[i])],
  );
}

/** out = a · b; dL/da = g · b, dL/db = g · a */
export function mul(a: Tensor, b: Tensor): Tensor {
  return binary(
    'mul',
    a,
    b,
    (x, y, o) => {
      for (let i = 0; i < o.length; i++) o[i] = x[i] * y[i];
    },
    (g, x, y) => [map(g, (i) => g[i] * y[i]), map(g, (i) => g[i] * x[i])],
  );
}

/** out = a / b; dL/da = g / b, dL/db = −g · a / b² */
export function div(a: Tensor, b: Tensor): Tensor {
  return binary(
    'div',
    a,
    b,
    (x, y, o) => {
      for (let i = 0; i < o.length; i++) o[i] = x[i] / y[i];
    },
    (g, x, y) => [map(g, (i) => g[i] / y[i]), map(g, (i) => (-g[i] * x[i]) / (y[i] * y[i]))],
  );
}

/** out = s · a for a number s; dL/da = s · g */
export function scale(a: Tensor, s: number): Tensor {
  const data = a.data.map((v) => v * s);
  return result('scale', data, a.shape, [a], (out) => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < g.length; i++) ga[i] += s * g[i];
  });
}

/** out = a + s for a number s; dL/da = g */
export function addScalar(a: Tensor, s: number): Tensor {
  const data = a.data.map((v) => v + s);
  return result('add_scalar', data, a.shape, [a], (out) => {
    const g = out.grad!,
      ga = a.gradBuffer();
    for (let i = 0; i < g.length; i++) ga[i] += g[i];
  });
}

// ---- unary ops: y = f(x), dL/dx = g · f'(x), with f' written from x and y ----

type UnaryRule = { f: (x: number) => number; df: (x: number, y: number) => number };

const GELU_C = Math.sqrt(2 / Math.PI);

export const unaryRules = {
  neg: { f: (x) => -x, df: () => -1 },
  exp: { f: Math.exp, df: (_x, y) => y }, //                      d eˣ/dx = eˣ
  log: { f: Math.log, df: (x) => 1 / x }, //                      d ln x/dx = 1/x
  sqrt: { f: Math.sqrt, df: (_x, y) => 0.5 / y }, //              d √x/dx = 1/(2√x)
  tanh: { f: Math.tanh, df: (_x, y) => 1 - y * y }, //            d tanh/dx = 1 − tanh²
  // NOTE: the ReLU gradient at exactly 0 is taken as 0.
  relu: { f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0) },
  // NOTE: written with e^−|x| so that neither branch overflows.
  sigmoid: {
    f: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
    df: (_x, y) => y * (1 - y),
  },
  // GELU, GPT-2's tanh form: ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³)
  // d/dx = ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²)
  gelu: {
    f: (x) => 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x))),
    df: (x) => {
      const t = Math.tanh(GELU_C * (x + 0.044715 * x * x * x));
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * x * x);
    },
  },
} satisfies Record<string, UnaryRule>;

export type UnaryOp = keyof typeof unaryRules;

export function unary(op: UnaryOp, a: Tensor): Tensor {
  const { f, df } = unaryRules[op] as UnaryRule;
  const x = a.data;
  const data = alloc(x.length, false);
  for (let i = 0; i < x.length; i++) data[i] = f(x[i]);
  return result(op, data, a.shape, [a], (out) => {
    const g = out.grad!,
      ga = a.gradBuffer(),
      y = out.data;
    for (let i = 0; i < g.length; i++) ga[i] += g[i] * df(x[i], y[i]);
  });
}

export const neg = (a: Tensor) => unary('neg', a);
export const exp = (a: Tensor) => unary('exp', a);
export const log = (a: Tensor) => unary('log', a);
export const sqrt = (a: Tensor) => unary('sqrt', a);
export const tanh = (a: Tensor) => unary('tanh', a);
export const relu = (a: Tensor) => unary('relu', a);
export const sigmoid = (a: Tensor) => unary('sigmoid', a);
