import { describe, expect, it } from 'vitest';
import { TorchGenerator } from './random.ts';

// Reference values printed by PyTorch itself (bench/pytorch/draws.py, torch 1.13, CPU generator),
// and for seed 5489 by the MT19937 standard's own test vector.

describe('TorchGenerator', () => {
  it('is MT19937: seed 5489 gives the standard first outputs', () => {
    const g = new TorchGenerator(5489);
    expect([0, 1, 2, 3, 4].map(() => g.uint32())).toEqual([
      3499211612, 581869302, 3890346734, 3586334585, 545404204,
    ]);
  });

  it('after seed 1337 draws what torch.randint, uniform_ and normal_ draw, in sequence', () => {
    const g = new TorchGenerator(1337);
    expect(Array.from({ length: 12 }, () => g.int(1003790))).toEqual([
      138825, 368537, 972872, 611890, 34195, 709583, 303665, 356460, 483164, 170560, 73992, 506050,
    ]);
    const close = (got: Float32Array, want: number[], tol: number) => {
      expect(got.length).toBe(want.length);
      got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(tol));
    };
    // uniform_: exact (24-bit draws). normal_: float32 Box–Muller, whose log, cos and sin PyTorch takes
    // from its own vectorised approximations, so within 1e-6 of the standard deviation
    close(
      g.uniformFill(new Float32Array(10)),
      [
        0.05738884210586548, 0.7668689489364624, 0.8778337240219116, 0.24336779117584229,
        0.6005262732505798, 0.7079253196716309, 0.510200560092926, 0.40654152631759644,
        0.8864191174507141, 0.35783421993255615,
      ],
      0,
    );
    close(
      g.normalFill(new Float32Array(32), 0, 0.02),
      [
        0.029739970341324806, 0.011820659041404724, -0.0009510466479696333, -0.021991834044456482,
        -0.035048872232437134, -0.021941184997558594, -0.022162778303027153, -0.036003511399030685,
        0.030472228303551674, 0.050171736627817154, 0.003323644632473588, 0.02410903573036194,
        0.003766357898712158, -0.04320071265101433, -0.003169712843373418, -0.012599591165781021,
        -0.0230779517441988, -0.0059679364785552025, 0.022979993373155594, 0.003624673467129469,
        -0.0018399168038740754, 0.03165531903505325, 0.0030527894850820303, 0.0076852357015013695,
        -0.0119470888748765, -0.013873513787984848, -0.01459246501326561, -0.03115997277200222,
        -0.007899983786046505, 0.012223090045154095, -0.034193169325590134, -0.0016516618197783828,
      ],
      2e-8,
    );
    close(
      g.normalFill(new Float32Array(20)),
      [
        2.7629590034484863, -1.746529221534729, 0.41091910004615784, -0.24218526482582092,
        -0.8002653121948242, -0.5044987797737122, -0.07117415219545364, -0.5130699276924133,
        -1.0307810306549072, 0.915434718132019, 2.4899635314941406, -1.2236709594726562,
        0.18322591483592987, 0.6003583669662476, -1.5429375171661377, -0.3465559780597687,
        -0.14762233197689056, 0.6469796895980835, 0.34491443634033203, -0.34188607335090637,
      ],
      1e-6,
    );
    close(
      g.normalFill(new Float32Array(5), 1, 2),
      [
        -0.6547900438308716, 0.3412533700466156, 1.0640943050384521, 0.4534187912940979,
        0.32936620712280273,
      ],
      2e-6,
    );
    close(
      g.normalFill(new Float32Array(3)),
      [0.1266414225101471, 0.054240819066762924, -0.5355258584022522],
      1e-6,
    );
    expect(Array.from({ length: 4 }, () => g.int(111476))).toEqual([65496, 23634, 6365, 64830]);
  });

  it('restores its whole state, the cached normal sample included', () => {
    const g = new TorchGenerator(42);
    for (let i = 0; i < 700; i++) g.uint32(); // past one regeneration of the 624 words
    g.normal(); // leaves the second sample cached
    const copy = new TorchGenerator(0);
    copy.setState(JSON.parse(JSON.stringify(g.state())));
    expect([copy.normal(), copy.uint32(), copy.int(1000)]).toEqual([
      g.normal(),
      g.uint32(),
      g.int(1000),
    ]);
  });

  it('refuses a seed that is not a 32-bit unsigned integer, and a bad state', () => {
    expect(() => new TorchGenerator(-1)).toThrow(/seed/);
    expect(() => new TorchGenerator(1.5)).toThrow(/seed/);
    expect(() =>
      new TorchGenerator(1).setState({ mt: [1, 2], index: 0, cachedNormal: null }),
    ).toThrow(/624/);
  });
});
