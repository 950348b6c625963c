// Which kernel set the ops use, chosen at run time: 'wasm' (WebAssembly SIMD) when the platform has
// it, else 'plain'. `useKernels('plain')` switches to the readable reference at any moment.

import { plainKernels } from './plain.ts';
import type { KernelName, Kernels } from './types.ts';
import { createWasmKernels, type SpawnWorker } from './wasm.ts';

let wasm: Kernels | null | undefined;
let current: Kernels = plainKernels;
let threaded: Kernels | null | undefined;

/** The WebAssembly kernels, or null when the platform lacks WebAssembly SIMD. */
export function wasmKernels(): Kernels | null {
  if (wasm === undefined) wasm = createWasmKernels();
  return wasm;
}

export function kernels(): Kernels {
  return current;
}

/** Selects a kernel set; 'auto' takes wasm when available. Returns the name in use. */
export function useKernels(name: KernelName | 'auto'): KernelName {
  if (name === 'plain') current = plainKernels;
  else {
    const k = wasmKernels();
    if (!k && name === 'wasm') throw new Error('WebAssembly SIMD kernels are not available here');
    current = k ?? plainKernels;
  }
  return current.name;
}

/**
 * The WebAssembly kernels sharing large products with one helper thread, started by `spawnWorker`
 * (node.ts for Node's, browser.ts (startBrowserThreads) for a browser's; `wait: false` there, see createWasmKernels).
 * Keeps the current kernels when that is not possible.
 */
export function useThreads(spawnWorker: SpawnWorker, options: { wait?: boolean } = {}): KernelName {
  // One helper thread per process: later calls reuse it.
  if (threaded === undefined) threaded = createWasmKernels({ spawnWorker, ...options });
  if (threaded) current = threaded;
  return current.name;
}

const requested = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
  ?.env?.SHIRUBE_KERNELS;
useKernels(requested === 'plain' || requested === 'wasm' ? requested : 'auto');

export type { Arena, GemmArgs, KernelName, Kernels } from './types.ts';
export type { SpawnWorker } from './wasm.ts';
