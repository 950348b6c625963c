// Server-side render of every lab page: the steps in order, a KaTeX formula beside each, heat maps,
// the exercise, and the highlight rule for hovered weights.
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { labs, runLab } from '../../labs/registry.ts';
import { applyChange } from './controls.tsx';
import { highlightsFor, moveIndex, selectableSteps } from './highlight.ts';
import { LabList, LabPage } from './index.ts';

const render = (node: React.ReactNode) => renderToString(<MemoryRouter>{node}</MemoryRouter>);

describe('lab pages', () => {
  for (const lab of labs)
    it(`${lab.id} renders its steps with formulas and heat maps`, () => {
      for (const lang of ['ja', 'en'] as const) {
        const html = render(<LabPage id={lab.id} lang={lang} />);
        const trace = runLab(lab.id, {}, 0);
        let at = 0;
        for (const s of trace.steps) {
          const i = html.indexOf(`data-step="${s.id}"`);
          expect(i, s.id).toBeGreaterThan(at);
          at = i;
        }
        expect(html).toContain('class="katex');
        expect(html).toContain('<svg');
        expect(html).toContain(lab.exercise(1).question[lang].slice(0, 10));
        expect(html).toContain(`/concepts/${lab.concepts[0]}`);
      }
    });

  it('unknown lab and the list', () => {
    expect(render(<LabPage id="nope" lang="ja" />)).toContain('このラボはありません');
    const list = render(<LabList lang="en" />);
    for (const lab of labs) expect(list).toContain(`/labs/${lab.id}`);
  });

  it('hovering weights[i][j] highlights row i of Q and row j of K (column j of Kᵀ)', () => {
    const t = runLab('self-attention', {}, 0);
    const h = highlightsFor(t, { step: 'weights', index: [2, 1] });
    expect(h.Q).toEqual({ rows: [2] });
    expect(h.K).toEqual({ rows: [1] });
    const m = runLab('multi-head-attention', { heads: 2, d: 8 }, 0);
    const hm = highlightsFor(m, { step: 'weights', index: [1, 0, 2] });
    expect(hm.Q).toEqual({ rows: [0], cols: [4, 8] });
    expect(hm.K).toEqual({ rows: [2], cols: [4, 8] });
  });

  it('a cell of Q, K or V traces back to its row of X and its column of W_Q, W_K or W_V', () => {
    // Q[i][c] = Σ_k X[i][k]·Wq[k][c]: row i of X, column c of Wq.
    const t = runLab('self-attention', {}, 0);
    expect(highlightsFor(t, { step: 'Q', index: [1, 2] })).toEqual({
      Q: { cells: [[1, 2]] },
      X: { rows: [1] },
      Wq: { cols: [2, 3] },
    });
    expect(highlightsFor(t, { step: 'V', index: [0, 1] }).Wv).toEqual({ cols: [1, 2] });
    // output[i][c] = Σ_j weights[i][j]·V[j][c]
    expect(highlightsFor(t, { step: 'output', index: [2, 0] })).toMatchObject({
      weights: { rows: [2] },
      V: { cols: [0, 1] },
    });
    const m = runLab('multi-head-attention', { heads: 2, d: 8 }, 0);
    expect(highlightsFor(m, { step: 'K', index: [3, 5] })).toMatchObject({
      X: { rows: [3] },
      Wk: { cols: [5, 6] },
    });
    // The transformer block's Q comes from the normalised residual stream, not X: no trace to X.
    const b = runLab('transformer-block', {}, 0);
    expect(highlightsFor(b, { step: 'Q', index: [0, 0] })).toEqual({});
    expect(selectableSteps(t)).toEqual(['Q', 'K', 'V', 'scores', 'scaled', 'weights', 'output']);
  });

  it('causal mask: a weights cell lights the same cell of every score step and rows i and j of X', () => {
    const t = runLab('causal-mask', {}, 0);
    const h = highlightsFor(t, { step: 'weights', index: [2, 1] });
    for (const id of ['scaled', 'mask', 'masked', 'weights'])
      expect(h[id]).toEqual({ cells: [[2, 1]] });
    expect(h.X).toEqual({ rows: [2, 1] });
    expect(highlightsFor(t, { step: 'output', index: [1, 0] })).toEqual({
      weights: { rows: [1] },
      output: { cells: [[1, 0]] },
      Wv: { cols: [0, 1] },
    });
    expect(selectableSteps(t)).toEqual(['scaled', 'mask', 'masked', 'weights', 'output']);
  });

  it('arrow keys move the selected cell within the tensor, PageUp/PageDown the head', () => {
    expect(moveIndex([0, 0], [3, 4], 'ArrowRight')).toEqual([0, 1]);
    expect(moveIndex([0, 3], [3, 4], 'ArrowRight')).toEqual([0, 3]);
    expect(moveIndex([2, 1], [3, 4], 'ArrowDown')).toEqual([2, 1]);
    expect(moveIndex([2, 1], [3, 4], 'ArrowUp')).toEqual([1, 1]);
    expect(moveIndex([0, 1, 1], [2, 3, 3], 'PageDown')).toEqual([1, 1, 1]);
    expect(moveIndex([0, 1], [3, 4], 'PageDown')).toBeNull();
    expect(moveIndex([0, 1], [3, 4], 'a')).toBeNull();
  });

  it('changing the sentence drops an edited X; changing top_k keeps the logits', () => {
    const sa = labs.find((l) => l.id === 'self-attention')!;
    expect(applyChange(sa.fields, { X: [[1]], causal: true }, 'text', 'a b')).toEqual({
      text: 'a b',
      causal: true,
    });
    const ss = labs.find((l) => l.id === 'softmax-sampling')!;
    expect(applyChange(ss.fields, { logits: [1, 2] }, 'top_k', 1)).toEqual({
      logits: [1, 2],
      top_k: 1,
    });
  });
});
