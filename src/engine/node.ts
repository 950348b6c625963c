// Node-only helpers for the engine (kept out of index.ts so that browser bundles never see them).

import { Worker } from 'node:worker_threads';
import { useThreads, type KernelName } from './kernels/index.ts';

/** Shares large matrix products with one worker thread (Node's worker_threads). */
export function useNodeThreads(): KernelName {
  return useThreads((source, data) => new Worker(source, { eval: true, workerData: data }).unref());
}
