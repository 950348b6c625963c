// @ts-nocheck — AssemblyScript, not TypeScript: imported by activation.ts and attention.ts (never an
// export of the module: JavaScript cannot pass v128 values, and the row softmax is theirs to call).

// eˣ = 2ᵏ·eʳ, k = round(x·log₂e), r = x − k·ln2 (in two parts), eʳ by Cephes' expf polynomial.
// Below −87 the result is 0 (as e^−∞ must be, for masked attention scores).
// NOTE: pmin/pmax (one instruction each) rather than min/max, whose NaN and −0 rules cost several
// on x86; and k is rounded by adding 1.5·2²³, whose low mantissa bits are then k itself, so that
// 2ᵏ is those bits shifted into the exponent field (no float-to-integer conversion).
// @ts-ignore: decorator
@inline
export function expv(x: v128): v128 {
  const tiny = f32x4.lt(x, f32x4.splat(-87.0));
  const c = f32x4.pmax(f32x4.pmin(x, f32x4.splat(88.3762626647949)), f32x4.splat(-87.0));
  const magic = f32x4.splat(12582912.0); // 1.5·2²³
  const n = f32x4.add(f32x4.mul(c, f32x4.splat(1.44269504088896341)), magic);
  const k = f32x4.sub(n, magic);
  let r = f32x4.sub(c, f32x4.mul(k, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  const pow2 = i32x4.add(i32x4.shl(n, 23), i32x4.splat(127 << 23));
  return v128.bitselect(f32x4.splat(0), f32x4.mul(y, pow2), tiny);
}

export function exps(x: f32): f32 {
  return f32x4.extract_lane(expv(f32x4.splat(x)), 0);
}

/** One row of n: y = e^(x − max) / Σ e^(x − max), four lanes at a time; y may be x (in place). */
export function softmaxRow(x: usize, y: usize, n: i32): void {
  let m: f32 = -Infinity;
  for (let j = 0; j < n; j++) m = max(m, load<f32>(x + (<usize>j << 2)));
  const mv = f32x4.splat(m);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const e = expv(f32x4.sub(v128.load(x + (<usize>j << 2)), mv));
    v128.store(y + (<usize>j << 2), e);
    acc = f32x4.add(acc, e);
  }
  let z: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; j < n; j++) {
    const e = exps(load<f32>(x + (<usize>j << 2)) - m);
    store<f32>(y + (<usize>j << 2), e);
    z += e;
  }
  const inv = f32x4.splat(1 / z);
  j = 0;
  for (; j + 4 <= n; j += 4) v128.store(y + (<usize>j << 2), f32x4.mul(v128.load(y + (<usize>j << 2)), inv));
  for (; j < n; j++) store<f32>(y + (<usize>j << 2), load<f32>(y + (<usize>j << 2)) / z);
}
