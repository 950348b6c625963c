import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { rows, stepTensor } from '../trace.ts';
import { expectClose, expectRejected, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';

describe('positional-encoding lab', () => {
  it("sinusoidal: Vaswani et al.'s formula, similarity, and the rotation", () => {
    const t = runLab(
      'positional-encoding',
      { kind: 'sinusoidal', positions: 6, d: 4, offset: 2 },
      0,
    );
    expect(stepIds(t)).toEqual(['pe', 'similarity', 'rotation']);
    const want: number[][] = [];
    for (let pos = 0; pos < 6; pos++) {
      const w0 = pos,
        w1 = pos / 100; // 10000^(0/4) = 1, 10000^(2/4) = 100
      want.push([Math.sin(w0), Math.cos(w0), Math.sin(w1), Math.cos(w1)]);
    }
    expectClose(stepTensor(t, 'pe'), want, [6, 4]);
    expectClose(t.result, want);
    // PE_p·PE_q = cos(p−q) + cos((p−q)/100)
    const sim = want.map((_, p) => want.map((__, q) => Math.cos(p - q) + Math.cos((p - q) / 100)));
    expectClose(stepTensor(t, 'similarity'), sim, [6, 6]);
    const rot = t.steps[2].tensors;
    expectClose(rot.predicted, want.slice(2));
    expect(rot.error.data[0]).toBeLessThan(1e-12);
  });

  it('rope: pairs rotated by pos·θ_i; scores depend only on the offset', () => {
    const x = [
      [1, 0, 0, 1],
      [0.5, 2, -1, 0],
      [3, -1, 2, 2],
    ];
    const t = runLab('positional-encoding', { kind: 'rope', x }, 0);
    expect(stepIds(t)).toEqual(['angles', 'rotated', 'relative']);
    const theta = [1, 1 / 100];
    expectClose(
      stepTensor(t, 'angles'),
      [0, 1, 2].map((p) => theta.map((th) => p * th)),
      [3, 2],
    );
    const want = x.map((v, p) => {
      const out: number[] = [];
      for (let i = 0; i < 2; i++) {
        const a = p * theta[i];
        out.push(
          v[2 * i] * Math.cos(a) - v[2 * i + 1] * Math.sin(a),
          v[2 * i] * Math.sin(a) + v[2 * i + 1] * Math.cos(a),
        );
      }
      return out;
    });
    expectClose(stepTensor(t, 'rotated'), want, [3, 4]);
    const rel = rows(stepTensor(t, 'relative'));
    expect(rel[1][2]).toBeCloseTo(rel[0][1], 10);
    expect(rel[2][1]).toBeCloseTo(rel[1][0], 10);
  });

  it('alibi: slopes 2^(−8h/H) and bias −m·(q−k)', () => {
    const t = runLab('positional-encoding', { kind: 'alibi', positions: 3, heads: 8 }, 0);
    expect(stepIds(t)).toEqual(['slopes', 'bias']);
    expectClose(stepTensor(t, 'slopes'), [
      1 / 2,
      1 / 4,
      1 / 8,
      1 / 16,
      1 / 32,
      1 / 64,
      1 / 128,
      1 / 256,
    ]);
    const b0 = stepTensor(t, 'bias').data.slice(0, 9);
    expect(b0).toEqual([-0, -Infinity, -Infinity, -0.5, -0, -Infinity, -1, -0.5, -0]);
    expect(t.result.shape).toEqual([8, 3, 3]);
  });

  it('learned: a seeded table and its similarity', () => {
    const t = runLab('positional-encoding', { kind: 'learned', positions: 4, d: 6 }, 1);
    expect(stepIds(t)).toEqual(['pe', 'similarity']);
    const pe = rows(stepTensor(t, 'pe'));
    expectClose(
      stepTensor(t, 'similarity'),
      pe.map((a) => pe.map((b) => a.reduce((s, v, i) => s + v * b[i], 0))),
    );
  });

  it('rejects bad params', () => {
    expectRejected('positional-encoding', { kind: 'fourier' }, 'kind');
    expectRejected('positional-encoding', { d: 5 }, 'd');
    expectRejected('positional-encoding', { kind: 'rope', x: [[1, 2, 3]] }, 'x');
    expectRejected('positional-encoding', { positions: 4, offset: 4 }, 'offset');
    expectRejected('positional-encoding', { positions: NaN }, 'positions');
    expectRejected('positional-encoding', { extra: 1 }, 'extra');
  });

  it('exercise', () => {
    const ex = exercise(3);
    const { pos, dim } = ex.inputs as { pos: number; dim: number };
    const w = pos / Math.pow(10000, (2 * Math.floor(dim / 2)) / 4);
    const want = dim % 2 === 0 ? Math.sin(w) : Math.cos(w);
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(want + 0.1).correct).toBe(false);
  });
});
