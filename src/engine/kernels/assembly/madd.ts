// @ts-nocheck — AssemblyScript, not TypeScript: compiled with the kernels by build.ts.

/**
 * a·b + c on four lanes. Built with relaxed SIMD it is one fused multiply–add (a single rounding,
 * twice the arithmetic per cycle); without it, a multiply then an add. build.ts compiles both.
 */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
