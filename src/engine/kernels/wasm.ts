// Placeholder until the WebAssembly kernels land.
import type { Kernels } from './types.ts';

export function createWasmKernels(): Kernels | null {
  return null;
}
