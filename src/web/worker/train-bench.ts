// The training-speed measurement that `npm run bench` makes twice, in the same run: in Node and in
// headless Chromium's Web Worker (gpt-worker.ts answers a `bench` message with this very function).
// One step is Trainer.step() — the page's own training step: a batch, loss, backward, clipping, AdamW.
// The plan never evaluates inside the timed steps (the evaluation at iteration 0 falls in the warm-up).
import { kernels } from '../../engine/index.ts';
import { presetPlan, Trainer, type Plan } from '../../labs/tiny-gpt/trainer.ts';

export type TrainBenchResult = {
  /** Wall time of each timed step, in ms. */
  stepMs: number[];
  /** Median of stepMs. */
  medianMs: number;
  tokensPerStep: number;
  kernels: string;
};

/** A preset's plan with evaluation pushed out of the way: one tiny evaluation at iteration 0 only. */
export function benchPlan(preset = 'baby', seed = 1337): Plan {
  const p = presetPlan(preset, seed);
  const iters = 1_000_000;
  return {
    ...p,
    train: {
      ...p.train,
      max_iters: iters,
      lr_decay_iters: iters,
      eval_interval: iters,
      eval_iters: 1,
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times `steps` training steps of a fresh run on `text` after `warmup` (≥ 1) untimed ones. */
export function timeTrainSteps(
  text: string,
  plan: Plan,
  steps: number,
  warmup = 1,
): TrainBenchResult {
  const trainer = Trainer.create(text, plan);
  for (let i = 0; i < Math.max(1, warmup); i++) trainer.step(); // the first also evaluates
  const stepMs: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    trainer.step();
    stepMs.push(performance.now() - t0);
  }
  return {
    stepMs,
    medianMs: median(stepMs),
    tokensPerStep: trainer.tokensPerStep,
    kernels: kernels().name,
  };
}
