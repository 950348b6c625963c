// Lab parameters: the field table each lab declares (it drives the error messages, the API's
// description and the page's controls), zod schemas for matrices and vectors, and the errors.
import { z } from 'zod';
import { Rng } from '../engine/index.ts';
import type { Bilingual, Trace } from './trace.ts';

export type FieldKind =
  'matrix' | 'vector' | 'ids' | 'number' | 'int' | 'boolean' | 'text' | 'select' | 'labels';

/** One parameter: its key, kind, the shape expected (said in errors), and control hints. */
export interface Field {
  key: string;
  kind: FieldKind;
  expected: string;
  options?: string[];
  min?: number;
  max?: number;
  step?: number;
}

export interface ExerciseCheck {
  correct: boolean;
  expected: number;
}

export interface Exercise {
  question: Bilingual;
  /** The generated inputs (also shown to the learner). */
  inputs: Record<string, unknown>;
  /** Checks a numeric answer with the lab's own function (tolerance ±0.01 unless said). */
  check(answer: number): ExerciseCheck;
}

export interface LabDef<P = Record<string, unknown>> {
  id: string;
  title: Bilingual;
  /** Concept ids in content/concepts this lab makes tangible. */
  concepts: string[];
  fields: Field[];
  schema: z.ZodType<P, unknown>;
  run(params: P, seed: number): Trace;
  exercise(seed: number): Exercise;
}

/** Bad parameters: `key` names the parameter, the message says what was expected. */
export class LabParamError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'LabParamError';
  }
}

export class UnknownLabError extends Error {
  constructor(
    readonly id: string,
    known: string[],
  ) {
    super(`unknown lab "${id}" (known: ${known.join(', ')})`);
    this.name = 'UnknownLabError';
  }
}

const MAX_DIM = 64;

export const num = z.number(); // zod 4 rejects NaN and ±Infinity
export const vector = z.array(num).min(1).max(4096);
export const ids = z.array(z.number().int().min(0)).max(4096);
export const matrix = z
  .array(z.array(num).min(1).max(MAX_DIM))
  .min(1)
  .max(MAX_DIM)
  .superRefine((m, ctx) => {
    const d = m[0].length;
    const bad = m.findIndex((r) => r.length !== d);
    if (bad >= 0)
      ctx.addIssue({
        code: 'custom',
        path: [bad],
        message: `row ${bad} has ${m[bad].length} values but row 0 has ${d} (rows must be equal length)`,
      });
  });

/** Adds an issue on `key` unless `ok`. */
export function require(ctx: z.RefinementCtx, ok: boolean, key: string, message: string): void {
  if (!ok) ctx.addIssue({ code: 'custom', path: [key], message });
}

/** Validates raw params against a lab's schema; throws LabParamError naming the key. */
export function parseParams<P>(def: LabDef<P>, raw: unknown): P {
  const input = raw ?? {};
  if (typeof input !== 'object' || Array.isArray(input))
    throw new LabParamError('params', 'params: expected a JSON object such as {"causal": true}');
  const r = def.schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const keys = def.fields.map((f) => f.key);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    throw new LabParamError(
      key,
      `params.${key}: unknown key for lab ${def.id}; expected one of: ${keys.join(', ')}`,
    );
  }
  const key = String(issue.path[0] ?? 'params');
  const where =
    'params' + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const field = def.fields.find((f) => f.key === key);
  const expected = field ? ` (expected ${key}: ${field.expected})` : '';
  throw new LabParamError(key, `${where}: ${issue.message}${expected}`);
}

// ---- seeded inputs, rounded to 2 decimals so a learner can follow them by hand ----

const round2 = (x: number) => Math.round(x * 100) / 100;

export function randomMatrix(rng: Rng, n: number, d: number, std = 1): number[][] {
  return Array.from({ length: n }, () =>
    Array.from({ length: d }, () => round2(rng.normal() * std)),
  );
}

function hashWord(word: string): number {
  let h = 2166136261;
  for (const ch of word) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

/** The same word gets the same embedding row for a given seed. */
export function tokenEmbeddings(tokens: string[], d: number, seed: number): number[][] {
  return tokens.map(
    (t) => randomMatrix(new Rng((hashWord(t.toLowerCase()) ^ seed) >>> 0), 1, d)[0],
  );
}

export function tokenize(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

export const DEFAULT_TEXT = 'I love cats';
