// Browser-only helpers for the engine (kept out of index.ts, as node.ts is, so that only the code that
// asks for a helper thread carries this).

import { kernels, useThreads, type KernelName } from './kernels/index.ts';

/**
 * Shares large matrix products with one helper Worker, where the page is cross-origin isolated (the
 * server's COOP/COEP headers): only then may a WebAssembly memory be shared with another thread.
 * Call it from a Worker: the helper starts in the background and takes half the work from the
 * first call after it is ready. Elsewhere it keeps the current kernels.
 */
let started = false;

export function startBrowserThreads(): KernelName {
  const scope = globalThis as { crossOriginIsolated?: boolean };
  if (!scope.crossOriginIsolated || typeof Worker === 'undefined') return kernels().name;
  return useThreads(
    (source, data) => {
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      new Worker(url).postMessage(data);
      started = true;
    },
    { wait: false },
  );
}

/** Whether a helper thread was started that has not joined in yet. */
export function helperStarting(): boolean {
  return started && kernels().name !== 'wasm-threads';
}

/**
 * Resolves once the kernels have their helper thread (true), or after `ms` without one (false).
 * The helper can only start while this worker is idle, so a caller about to compute for a while
 * without yielding (a benchmark) waits here first; a training loop that yields between steps
 * need not.
 */
export async function threadsReady(ms = 2000): Promise<boolean> {
  for (let t = 0; kernels().name !== 'wasm-threads'; t += 20) {
    if (t >= ms) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
