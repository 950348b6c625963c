import { describe, expect, it } from 'vitest';
import { getLab, labs, listLabs, runLab } from './registry.ts';
import { traceToJson } from './trace.ts';

describe('lab registry', () => {
  it('every lab runs with its defaults: steps titled in ja and en, a formula, the main tensor keyed by the step id', () => {
    for (const lab of labs) {
      const t = runLab(lab.id, {}, 1);
      expect(t.lab).toBe(lab.id);
      expect(t.steps.length).toBeGreaterThan(1);
      for (const s of t.steps) {
        expect(s.title.ja && s.title.en && s.formula).toBeTruthy();
        const main = s.tensors[s.id];
        expect(main, `${lab.id}/${s.id}`).toBeDefined();
        expect(main.data.length).toBe(main.shape.reduce((a, b) => a * b, 1));
      }
      expect(JSON.parse(traceToJson(t)).lab).toBe(lab.id);
    }
  });

  it('every field is documented and every lab links concepts', () => {
    for (const l of listLabs()) {
      expect(l.concepts.length).toBeGreaterThan(0);
      for (const p of l.params) expect(p.expected.length).toBeGreaterThan(5);
    }
  });

  it('exercises are deterministic and accept their own answer', () => {
    for (const lab of labs)
      for (const seed of [0, 1, 2, 99]) {
        const ex = lab.exercise(seed);
        const again = lab.exercise(seed);
        expect(again.question).toEqual(ex.question);
        const { expected } = ex.check(NaN);
        expect(ex.check(NaN).correct).toBe(false);
        expect(ex.check(expected).correct).toBe(true);
      }
  });

  it('rejects non-object params and bad seeds', () => {
    expect(() => runLab('layer-norm', [1, 2], 0)).toThrow(/expected a JSON object/);
    expect(() => runLab('layer-norm', {}, -1)).toThrow(/seed/);
    expect(() => getLab('x')).toThrow(/unknown lab "x"/);
  });
});
