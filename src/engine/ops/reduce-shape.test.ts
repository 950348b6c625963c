import { describe, expect, it } from 'vitest';
import { concat, max, mean, permute, reshape, slice, sum, tensor, transpose } from '../index.ts';
import { Rng } from '../random.ts';
import { gradCheck, numel, randomShape, randomValues, ravel, unravel } from '../test-support.ts';

/** Reference reduction by index arithmetic. */
function refReduce(
  shape: number[],
  axis: number,
  init: number,
  f: (acc: number, v: number) => number,
  post = (v: number) => v,
) {
  const outShape = shape.filter((_, i) => i !== axis);
  return ([x]: Float64Array[]) => {
    const out = new Float64Array(numel(outShape)).fill(init);
    for (let i = 0; i < x.length; i++) {
      const idx = unravel(i, shape);
      const o = ravel(
        idx.filter((_, k) => k !== axis),
        outShape,
      );
      out[o] = f(out[o], x[i]);
    }
    return out.map(post);
  };
}

describe('reductions', () => {
  it('sum, mean and max along every axis of random shapes', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 6; trial++) {
      const shape = randomShape(rng, 1 + rng.int(4));
      const values = randomValues(numel(shape), rng);
      for (let axis = 0; axis < shape.length; axis++) {
        const input = [{ shape, values }];
        gradCheck(
          ([x]) => sum(x, axis),
          refReduce(shape, axis, 0, (a, v) => a + v),
          input,
          rng,
        );
        gradCheck(
          ([x]) => mean(x, axis - shape.length, true),
          refReduce(
            shape,
            axis,
            0,
            (a, v) => a + v,
            (v) => v / shape[axis],
          ),
          input,
          rng,
        );
        // NOTE: max is not differentiable at ties; random values have none.
        gradCheck(([x]) => max(x, axis), refReduce(shape, axis, -Infinity, Math.max), input, rng);
      }
      gradCheck(
        ([x]) => sum(x),
        ([x]) => [x.reduce((a, v) => a + v, 0)],
        [{ shape, values }],
        rng,
      );
    }
  });

  it('hand-computed values and shapes', () => {
    const x = tensor([1, 5, 3, 4, 2, 6], [2, 3]);
    expect([...sum(x, 0).data]).toEqual([5, 7, 9]);
    expect([...sum(x, 1, true).data]).toEqual([9, 12]);
    expect(sum(x, 1, true).shape).toEqual([2, 1]);
    expect([...max(x, -1).data]).toEqual([5, 6]);
    expect([...mean(x).data]).toEqual([3.5]);
    expect(mean(x).shape).toEqual([]);
  });
});

describe('shape ops', () => {
  it('reshape keeps the values and routes the gradient back', () => {
    const rng = new Rng(1);
    gradCheck(
      ([x]) => reshape(x, [3, -1]),
      ([x]) => x,
      [{ shape: [2, 3, 2], values: randomValues(12, rng) }],
      rng,
    );
    expect(() => reshape(tensor([1, 2, 3]), [2, 2])).toThrow(/cannot reshape/);
  });

  it('permute and transpose on random shapes', () => {
    const rng = new Rng(2);
    for (let trial = 0; trial < 5; trial++) {
      const shape = randomShape(rng, 2 + rng.int(3));
      const perm = shape.map((_, i) => i).sort(() => rng.next() - 0.5);
      const outShape = perm.map((p) => shape[p]);
      const ref = ([x]: Float64Array[]) => {
        const out = new Float64Array(x.length);
        for (let i = 0; i < out.length; i++) {
          const oi = unravel(i, outShape);
          const ii = new Array<number>(shape.length);
          perm.forEach((p, k) => (ii[p] = oi[k]));
          out[i] = x[ravel(ii, shape)];
        }
        return out;
      };
      gradCheck(
        ([x]) => permute(x, perm),
        ref,
        [{ shape, values: randomValues(numel(shape), rng) }],
        rng,
      );
    }
    expect([...transpose(tensor([1, 2, 3, 4, 5, 6], [2, 3])).data]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('slice and concat', () => {
    const rng = new Rng(3);
    const shape = [2, 5, 3];
    const values = randomValues(30, rng);
    const refSlice = ([x]: Float64Array[]) => {
      const out: number[] = [];
      for (let i = 0; i < x.length; i++) {
        const [, t] = unravel(i, shape);
        if (t >= 1 && t < 4) out.push(x[i]);
      }
      return out;
    };
    gradCheck(([x]) => slice(x, 1, 1, 4), refSlice, [{ shape, values }], rng);
    // concat along axis 1 of (2,1,3), (2,2,3): rows interleave per outer index.
    const a = randomValues(6, rng),
      b = randomValues(12, rng);
    const refConcat = ([x, y]: Float64Array[]) => {
      const out: number[] = [];
      for (let o = 0; o < 2; o++)
        out.push(...x.slice(o * 3, o * 3 + 3), ...y.slice(o * 6, o * 6 + 6));
      return out;
    };
    gradCheck(
      ([x, y]) => concat([x, y], 1),
      refConcat,
      [
        { shape: [2, 1, 3], values: a },
        { shape: [2, 2, 3], values: b },
      ],
      rng,
    );
    expect([...concat([tensor([1, 2]), tensor([3])], 0).data]).toEqual([1, 2, 3]);
  });
});
