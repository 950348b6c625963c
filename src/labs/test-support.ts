// Plain float64 reference math for the lab tests, written independently of the engine, and the
// comparison used by every lab test.
import { expect } from 'vitest';
import { runLab } from './registry.ts';
import type { TensorData, Trace } from './trace.ts';

export type M = number[][];

export const mm = (a: M, b: M): M =>
  a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
export const tr = (a: M): M => a[0].map((_, j) => a.map((r) => r[j]));
export const softmaxRow = (r: number[]): number[] => {
  const m = Math.max(...r);
  const e = r.map((v) => Math.exp(v - m));
  const s = e.reduce((x, y) => x + y, 0);
  return e.map((v) => v / s);
};

/**
 * Compares at 1e-5 relative. NOTE: the engine computes in float32, where a sum of O(1) terms that
 * cancels to near 0 keeps an absolute error of ~1e-7; so magnitudes below 0.1 are compared at an
 * absolute 1e-6 (1e-5 × 0.1).
 */
export function expectClose(
  actual: TensorData,
  expected: number[] | M,
  shape?: number[],
  rel = 1e-5,
): void {
  const flat = (Array.isArray(expected[0]) ? (expected as M).flat() : expected) as number[];
  if (shape) expect(actual.shape).toEqual(shape);
  expect(actual.data.length).toBe(flat.length);
  actual.data.forEach((a, i) => {
    const e = flat[i];
    if (!Number.isFinite(e)) return expect(a).toBe(e);
    if (Math.abs(a - e) > rel * Math.max(Math.abs(e), 0.1))
      throw new Error(`element ${i}: got ${a}, expected ${e} (relative tolerance ${rel})`);
  });
}

export const stepIds = (t: Trace) => t.steps.map((s) => s.id);

/** Runs and expects a LabParamError whose message names `key`. */
export function expectRejected(lab: string, params: unknown, key: string): void {
  let msg = '';
  try {
    runLab(lab, params, 1);
  } catch (e) {
    expect((e as Error).name).toBe('LabParamError');
    msg = (e as Error).message;
  }
  expect(msg, `expected ${JSON.stringify(params)} to be rejected`).toContain(key);
}
