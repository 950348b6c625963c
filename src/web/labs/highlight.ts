// Which cells light up when a cell is hovered: a cell of `weights` (or the scores) came from one row
// of Q and one column of Kᵀ (a row of K); a cell of `output` came from one row of weights and one
// column of V. For multi-head tensors (h, i, j), only head h's columns.
import type { Trace } from '../../labs/trace.ts';
import type { Highlight } from './heatmap.tsx';

export interface Hover {
  step: string;
  index: number[];
}

const SCORE_STEPS = new Set(['weights', 'scores', 'scaled', 'masked']);

export function highlightsFor(trace: Trace, hover: Hover | null): Record<string, Highlight> {
  if (!hover) return {};
  const has = (id: string) => trace.steps.some((s) => s.id === id);
  if (!has('Q') && !has('weights')) return {};
  const { step, index } = hover;
  if (SCORE_STEPS.has(step) && has('Q')) {
    const out: Record<string, Highlight> = {};
    if (index.length === 3) {
      const [h, i, j] = index;
      const H = trace.steps.find((s) => s.id === 'weights')!.tensors.weights.shape[0];
      const D = trace.steps.find((s) => s.id === 'Q')!.tensors.Q.shape[1] / H;
      out.Q = { rows: [i], cols: [h * D, (h + 1) * D] };
      out.K = { rows: [j], cols: [h * D, (h + 1) * D] };
      for (const id of SCORE_STEPS) out[id] = { slice: h, cells: [[i, j]] };
    } else if (index.length === 2) {
      const [i, j] = index;
      out.Q = { rows: [i] };
      out.K = { rows: [j] };
      for (const id of SCORE_STEPS) out[id] = { cells: [[i, j]] };
    }
    return out;
  }
  if (step === 'output' && index.length === 2 && has('V') && has('weights')) {
    const w = trace.steps.find((s) => s.id === 'weights')!.tensors.weights;
    if (w.shape.length !== 2) return {};
    const [i, c] = index;
    return { weights: { rows: [i] }, V: { cols: [c, c + 1] }, output: { cells: [[i, c]] } };
  }
  return {};
}
