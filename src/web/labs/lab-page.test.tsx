// Server-side render of every lab page: the steps in order, a KaTeX formula beside each, heat maps,
// the exercise, and the highlight rule for hovered weights.
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { labs, runLab } from '../../labs/registry.ts';
import { applyChange } from './controls.tsx';
import { highlightsFor } from './highlight.ts';
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
