// Which cells light up when a cell is hovered or selected (step-through), traced back to where it
// came from:
// - a cell (i, j) of `weights` (or the scores, the mask) came from row i of Q and column j of Kᵀ
//   (row j of K); where the lab shows no Q and K (causal-mask), from rows i and j of X;
// - a cell (i, c) of Q (K, V) came from row i of X and column c of W_Q (W_K, W_V), in the labs where
//   Q = X·W_Q holds as drawn (self-attention, multi-head-attention);
// - a cell (i, c) of `output` came from row i of weights and column c of V (of W_V when V is not
//   shown).
// For multi-head tensors (h, i, j), only head h's columns. The keys are tensor names: a step's tensor
// or one of the trace's inputs (X, Wq, …), which the page outlines in the input grids.
import type { Trace } from '../../labs/trace.ts';
import type { Highlight } from './heatmap.tsx';

export interface Hover {
  step: string;
  index: number[];
}

const SCORE_STEPS = ['weights', 'scores', 'scaled', 'masked', 'mask'];
const PROJECTIONS: Record<string, string> = { Q: 'Wq', K: 'Wk', V: 'Wv' };
/** Labs whose Q, K and V are exactly X times W_Q, W_K, W_V (no norm or encoder in between). */
const FROM_X = new Set(['self-attention', 'multi-head-attention', 'causal-mask']);

const tensorOf = (trace: Trace, id: string) => trace.steps.find((s) => s.id === id)?.tensors[id];

export function highlightsFor(trace: Trace, hover: Hover | null): Record<string, Highlight> {
  if (!hover) return {};
  const has = (id: string) => tensorOf(trace, id) !== undefined;
  if (!has('Q') && !has('weights')) return {};
  const { step, index } = hover;
  const fromX = FROM_X.has(trace.lab) && trace.inputs.X !== undefined;
  if (SCORE_STEPS.includes(step)) {
    const out: Record<string, Highlight> = {};
    const here = (cell: Highlight) => {
      for (const id of SCORE_STEPS) if (has(id)) out[id] = cell;
    };
    if (index.length === 3 && has('Q')) {
      const [h, i, j] = index;
      const H = tensorOf(trace, 'weights')!.shape[0];
      const D = tensorOf(trace, 'Q')!.shape[1] / H;
      out.Q = { rows: [i], cols: [h * D, (h + 1) * D] };
      out.K = { rows: [j], cols: [h * D, (h + 1) * D] };
      here({ slice: h, cells: [[i, j]] });
    } else if (index.length === 2) {
      const [i, j] = index;
      if (has('Q')) {
        out.Q = { rows: [i] };
        out.K = { rows: [j] };
      } else if (fromX) out.X = { rows: i === j ? [i] : [i, j] };
      else return {};
      here({ cells: [[i, j]] });
    }
    return out;
  }
  if (step in PROJECTIONS && index.length === 2) {
    const [i, c] = index;
    const W = PROJECTIONS[step];
    if (!fromX || !trace.inputs[W]) return {};
    return { [step]: { cells: [[i, c]] }, X: { rows: [i] }, [W]: { cols: [c, c + 1] } };
  }
  if (step === 'output' && index.length === 2 && has('weights')) {
    const w = tensorOf(trace, 'weights')!;
    if (w.shape.length !== 2) return {};
    const [i, c] = index;
    const out: Record<string, Highlight> = { weights: { rows: [i] }, output: { cells: [[i, c]] } };
    if (has('V')) out.V = { cols: [c, c + 1] };
    else if (fromX && trace.inputs.Wv) out.Wv = { cols: [c, c + 1] };
    else return {};
    return out;
  }
  return {};
}

/**
 * The steps a learner can step through: those whose own tensor's cells trace back to something
 * (tried on its first cell), in trace order.
 */
export function selectableSteps(trace: Trace): string[] {
  return trace.steps
    .filter((s) => {
      const t = s.tensors[s.id];
      if (!t || t.shape.length < 2) return false;
      const index = t.shape.map(() => 0);
      return Object.keys(highlightsFor(trace, { step: s.id, index })).length > 0;
    })
    .map((s) => s.id);
}

/** index moved by a key (arrows; PageUp/PageDown change the head of a 3-D tensor), clamped. */
export function moveIndex(index: number[], shape: number[], key: string): number[] | null {
  const r = shape.length;
  const next = [...index];
  const delta: Record<string, [number, number]> = {
    ArrowUp: [r - 2, -1],
    ArrowDown: [r - 2, 1],
    ArrowLeft: [r - 1, -1],
    ArrowRight: [r - 1, 1],
    PageUp: [0, -1],
    PageDown: [0, 1],
  };
  const d = delta[key];
  if (!d || (r !== 3 && key.startsWith('Page'))) return null;
  const [axis, by] = d;
  next[axis] = Math.max(0, Math.min(shape[axis] - 1, next[axis] + by));
  return next;
}
