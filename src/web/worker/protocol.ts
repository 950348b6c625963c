// Messages between a lab page and the training worker (training.worker.ts). A job trains one lab's
// model with exactly the code and seed the lab's own run would use; the page stores the result in
// the lab's cache, so its run then only reads it.
import type { ModelConfig } from '../../labs/cross-attention/model.ts';
import type { SgnsConfig } from '../../labs/embedding/word2vec.ts';

export type TrainJob =
  | { lab: 'cross-attention'; config: ModelConfig; seed: number }
  | { lab: 'embedding'; text: string; config: SgnsConfig; seed: number };

export type TrainRequest = TrainJob & { id: number };

/** A tensor as it crosses to the page (its Float32Array is transferred, not copied). */
export interface PlainTensor {
  shape: number[];
  data: Float32Array;
}

export type TrainResult =
  | { lab: 'cross-attention'; weights: Record<string, PlainTensor>; losses: number[] }
  | { lab: 'embedding'; Win: Float64Array<ArrayBuffer>[]; Wout: Float64Array<ArrayBuffer>[]; losses: number[] };

export type TrainMessage =
  | { id: number; type: 'progress'; step: number; total: number; loss: number }
  | { id: number; type: 'done'; result: TrainResult }
  | { id: number; type: 'error'; message: string };
