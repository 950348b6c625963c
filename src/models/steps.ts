// The training loop's parts that `shirube train` (train.ts) and the browser trainer
// (labs/tiny-gpt/trainer.ts) share: batches, evaluations and one optimisation step, with every random
// draw made from PyTorch's generator in nanoGPT's order, so that a seed retraces nanoGPT's own run.
// nanoGPT draws its first batch before the first evaluation, the evaluations from the same generator,
// and each next batch right after a forward pass. No Node imports: the browser loads this file.

import {
  BufferPool,
  clipGradNorm,
  noGrad,
  reuseBuffers,
  type Optimizer,
  type Random,
  type Tensor,
} from '../engine/index.ts';
import { loss, type Gpt } from './gpt.ts';

export type Split = { train: Int32Array; val: Int32Array };
export type Batch = { x: Int32Array; y: Int32Array; starts: number[] };

/** B random blocks of T + 1 tokens: their starts are torch.randint(len(data) − T, (B,)). */
export function getBatch(data: Int32Array, B: number, T: number, gen: Random): Batch {
  const starts = Array.from({ length: B }, () => gen.int(data.length - T));
  return batchAt(data, starts, T);
}

/** The blocks x = data[i, i+T), y = data[i+1, i+T+1) for each start i. */
export function batchAt(data: Int32Array, starts: number[], T: number): Batch {
  const x = new Int32Array(starts.length * T),
    y = new Int32Array(starts.length * T);
  starts.forEach((i, b) => {
    x.set(data.subarray(i, i + T), b * T);
    y.set(data.subarray(i + 1, i + T + 1), b * T);
  });
  return { x, y, starts };
}

/**
 * The first batch of a run: a checkpoint's pending one where its starts fit this text (a resumed run
 * may be given another), otherwise nanoGPT's first draw.
 */
export function firstBatch(
  data: Int32Array,
  B: number,
  T: number,
  gen: Random,
  pending?: number[],
): Batch {
  const fits =
    pending?.length === B &&
    pending.every((i) => Number.isInteger(i) && i >= 0 && i < data.length - T);
  return fits ? batchAt(data, pending!, T) : getBatch(data, B, T, gen);
}

/**
 * nanoGPT's estimate_loss: the mean loss of `iters` random batches of the train split, then of the
 * validation split, drawn from the training generator; no graph.
 */
export function estimateLoss(
  model: Gpt,
  split: Split,
  B: number,
  iters: number,
  gen: Random,
  buffers = new BufferPool(),
): { train: number; val: number } {
  const T = model.config.block_size;
  return noGrad(() => {
    const mean = (data: Int32Array) => {
      let s = 0;
      for (let k = 0; k < iters; k++) {
        const { x, y } = getBatch(data, B, T, gen);
        s += reuseBuffers(buffers, () => loss(model, x, y, B, T).item());
      }
      return s / iters;
    };
    const train = mean(split.train);
    return { train, val: mean(split.val) };
  });
}

export type StepSetup = {
  model: Gpt;
  params: Tensor[];
  opt: Optimizer;
  gen: Random;
  data: Int32Array;
  B: number;
  gradClip: number;
  buffers: BufferPool;
};

/**
 * One optimisation step on `batch`: forward, then the next batch drawn (as nanoGPT does, before the
 * backward pass), backward, gradient clipping, the optimizer. Its activations' and gradients' arrays
 * are reused by the next step (see reuseBuffers). Returns the step's loss and the next batch.
 */
export function trainStep(s: StepSetup, batch: Batch): { loss: number; next: Batch } {
  const T = s.model.config.block_size;
  let next: Batch | undefined;
  const stepLoss = reuseBuffers(s.buffers, () => {
    const L = loss(s.model, batch.x, batch.y, batch.starts.length, T, {
      training: true,
      rng: s.gen,
    });
    next = getBatch(s.data, s.B, T, s.gen);
    L.backward();
    if (s.gradClip > 0) clipGradNorm(s.params, s.gradClip);
    s.opt.step();
    return L.item();
  });
  return { loss: stepLoss, next: next! };
}
