import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // The engine's fused multiply–add kernels need WebAssembly relaxed SIMD (on by default from
    // Node 22; the bin and the bench turn it on the same way).
    execArgv: ['--experimental-wasm-relaxed-simd'],
    hookTimeout: 120_000,
  },
});
