// The Trace every lab returns: its parameters, the tensors it generated from the seed, and every
// step with its formula, its numbers and a short explanation. Pure data, JSON-serialisable.
import { Tensor } from '../engine/index.ts';

export interface Bilingual {
  ja: string;
  en: string;
}

/** A tensor as it appears in a trace: row-major data. NOTE: −∞ (masked scores) is a valid value. */
export interface TensorData {
  shape: number[];
  data: number[];
}

export interface Step {
  /** Stable id (LABS.md fixes some): the name of the quantity in the formula. */
  id: string;
  title: Bilingual;
  /** The formula in TeX. */
  formula: string;
  /** The tensors the step produced; the main one is keyed by the step id. */
  tensors: Record<string, TensorData>;
  explanation: Bilingual;
}

export interface Trace {
  lab: string;
  seed: number;
  /** The validated parameters with their defaults filled in. */
  params: Record<string, unknown>;
  /** The input tensors actually used (given, or generated from the seed). */
  inputs: Record<string, TensorData>;
  /** Labels of the rows of the inputs (the tokens), when there are any. */
  tokens?: string[];
  steps: Step[];
  result: TensorData;
}

/** Converts an engine tensor, a nested array or a number to trace data. */
export function td(value: Tensor | number | number[] | number[][], shape?: number[]): TensorData {
  if (value instanceof Tensor) return { shape: [...value.shape], data: Array.from(value.data) };
  if (typeof value === 'number') return { shape: shape ?? [], data: [value] };
  if (value.length > 0 && Array.isArray(value[0])) {
    const rows = value as number[][];
    return { shape: shape ?? [rows.length, rows[0].length], data: rows.flat() };
  }
  return { shape: shape ?? [value.length], data: [...(value as number[])] };
}

/** Rows of a 2-D trace tensor as nested arrays. */
export function rows(t: TensorData): number[][] {
  const [n, d] = t.shape;
  return Array.from({ length: n }, (_, i) => t.data.slice(i * d, (i + 1) * d));
}

export function step(
  id: string,
  title: Bilingual,
  formula: string,
  tensors: Record<string, TensorData>,
  explanation: Bilingual,
): Step {
  return { id, title, formula, tensors, explanation };
}

/** The main tensor of step `id` (keyed by the step id). */
export function stepTensor(trace: Trace, id: string): TensorData {
  const s = trace.steps.find((x) => x.id === id);
  if (!s) throw new Error(`trace of ${trace.lab} has no step "${id}"`);
  return s.tensors[id];
}

/**
 * JSON text of a trace. JSON has no −∞ or NaN, so non-finite numbers are written as the strings
 * "-Infinity", "Infinity", "NaN" (what `Number(s)` reads back).
 */
export function traceToJson(trace: Trace, indent?: number): string {
  return JSON.stringify(
    trace,
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    indent,
  );
}
