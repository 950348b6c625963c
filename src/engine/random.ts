// A seeded pseudo-random number generator (mulberry32), so that every run can be repeated.
// Not cryptographic. Its whole state is one 32-bit integer, which checkpoints save.

export class Rng {
  state: number;

  constructor(seed = 0) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by Box–Muller. NOTE: 1 − u keeps the log away from 0. */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** What the engine's random ops (randn, rand, dropout) draw from: Rng or TorchGenerator. */
export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
};

const N = 624,
  M = 397;

/** The whole state of a TorchGenerator, for checkpoints. */
export type TorchGeneratorState = { mt: number[]; index: number; cachedNormal: number | null };

/**
 * PyTorch's CPU generator, number for number: the Mersenne Twister (MT19937) seeded as
 * torch.manual_seed seeds it, and the draws torch.randint, Tensor.uniform_ and Tensor.normal_ make
 * from it (ATen's DistributionTemplates). With it, nanoGPT's initial weights and batches for a seed
 * are Shirube's for the same seed: the tiny GPT can retrace nanoGPT's own run.
 */
export class TorchGenerator implements Random {
  private mt = new Uint32Array(N);
  private index = N;
  /** normal_distribution<double> makes two samples and keeps the second for the next call. */
  private cachedNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new Error(`the seed must be an integer in [0, 2³²), got ${seed}`);
    // init_genrand: s[0] = seed, s[j] = 1812433253 · (s[j−1] ⊕ (s[j−1] ≫ 30)) + j  (mod 2³²)
    this.mt[0] = seed;
    for (let j = 1; j < N; j++) {
      const p = this.mt[j - 1] ^ (this.mt[j - 1] >>> 30);
      this.mt[j] = Math.imul(1812433253, p) + j;
    }
  }

  /** The next 32 random bits, as an unsigned integer. */
  uint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    // Tempering.
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Regenerates all 624 words: s[k] = s[k+M] ⊕ twist(upper bit of s[k], lower 31 bits of s[k+1]). */
  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** Uniform in [0, 1) as a float32 draw: the low 24 bits of one word, times 2⁻²⁴. */
  next(): number {
    return (this.uint32() & 0xffffff) * 2 ** -24;
  }

  /** Uniform in [0, 1) as a float64 draw: the low 53 bits of two words (the first is high), × 2⁻⁵³. */
  nextDouble(): number {
    const hi = this.uint32(),
      lo = this.uint32();
    return ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53;
  }

  /** torch.randint(n): one word modulo n (two words, high first, once n ≥ 2³²). */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0))
      throw new Error(`int(n) needs a positive integer, got ${n}`);
    if (n < 2 ** 32) return this.uint32() % n;
    const hi = this.uint32(),
      lo = this.uint32();
    // (hi·2³² + lo) mod n, in BigInt: the 64-bit word does not fit a double exactly.
    return Number(((BigInt(hi) << 32n) | BigInt(lo)) % BigInt(n));
  }

  /** One sample of normal_distribution<double>: Box–Muller, the second sample kept for next time. */
  normal(): number {
    if (this.cachedNormal !== null) {
      const z = this.cachedNormal;
      this.cachedNormal = null;
      return z;
    }
    const u1 = this.nextDouble(),
      u2 = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log1p(-u2));
    const theta = 2 * Math.PI * u1;
    this.cachedNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Tensor.uniform_(lo, hi) on a float32 tensor: one word per value, in order. */
  uniformFill(out: Float32Array, lo = 0, hi = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.next() * (hi - lo) + lo;
    return out;
  }

  /**
   * Tensor.normal_(mean, std) on a contiguous float32 tensor. From 16 values on (normal_fill): every
   * value first gets a uniform draw, then each block of 16 turns its 8 + 8 uniforms into normals
   * (Box–Muller, in float32); a length that is not a multiple of 16 draws its last 16 values again.
   * Under 16 values: one normal_distribution<double> sample each.
   */
  normalFill(out: Float32Array, mean = 0, std = 1): Float32Array {
    const n = out.length;
    if (n < 16) {
      for (let i = 0; i < n; i++) out[i] = this.normal() * std + mean;
      return out;
    }
    const m = Math.fround(mean),
      s = Math.fround(std);
    this.uniformFill(out);
    for (let i = 0; i + 16 <= n; i += 16) normal16(out, i, m, s);
    if (n % 16 !== 0) {
      this.uniformFill(out.subarray(n - 16));
      normal16(out, n - 16, m, s);
    }
    return out;
  }

  state(): TorchGeneratorState {
    return { mt: [...this.mt], index: this.index, cachedNormal: this.cachedNormal };
  }

  setState(s: TorchGeneratorState): void {
    if (!Array.isArray(s.mt) || s.mt.length !== N || !(s.index >= 0 && s.index <= N))
      throw new Error('not a TorchGenerator state (624 words and an index in [0, 624])');
    this.mt.set(s.mt);
    this.index = s.index;
    this.cachedNormal = s.cachedNormal;
  }
}

const f = Math.fround;

/** normal_fill_16: values i..i+7 and i+8..i+15 are the u₁ and u₂ of eight Box–Muller pairs, in float32. */
function normal16(d: Float32Array, i: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = f(1 - d[i + j]); // [0, 1) → (0, 1] for the log
    const u2 = d[i + j + 8];
    const radius = f(Math.sqrt(f(-2 * f(Math.log(u1)))));
    const theta = f(2 * Math.PI * u2);
    d[i + j] = f(f(radius * f(Math.cos(theta))) * std) + mean;
    d[i + j + 8] = f(f(radius * f(Math.sin(theta))) * std) + mean;
  }
}
