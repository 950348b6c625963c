// The training loop: nanoGPT's recipe (90/10 split, random blocks, AdamW, warm-up + cosine, gradient
// clipping, periodic evaluation) and nanoGPT's random draws (steps.ts), with checkpoints that make a
// resumed run repeat an uninterrupted one.

import {
  AdamW,
  BufferPool,
  cosineWithWarmup,
  kernels,
  noGrad,
  reuseBuffers,
  TorchGenerator,
} from '../engine/index.ts';
import {
  CheckpointError,
  generatorFor,
  loadCheckpoint,
  saveCheckpoint,
  type Checkpoint,
} from './checkpoint.ts';
import {
  configs,
  describeConfig,
  sameModelConfig,
  type GptConfig,
  type TrainConfig,
} from './config.ts';
import { createGpt, decayed, loss, type Gpt } from './gpt.ts';
import { estimateLoss, firstBatch, getBatch, trainStep, type Split } from './steps.ts';
import { CharTokenizer } from './tokenizer.ts';

export { estimateLoss, getBatch, type Split };

export type EvalReport = {
  iter: number;
  train_loss: number;
  val_loss: number;
  lr: number;
  seconds: number;
};
export type StepReport = {
  iter: number;
  maxIters: number;
  loss: number;
  lr: number;
  tokensPerS: number;
  seconds: number;
};
export type TrainResult = {
  iters: number;
  train_loss: number;
  val_loss: number;
  seconds: number;
  tokens_per_s: number;
  checkpoint: string;
  history: EvalReport[];
};

export type TrainOptions = {
  text: string;
  configName?: string;
  model?: Partial<Omit<GptConfig, 'vocab_size'>>;
  train?: Partial<TrainConfig>;
  maxIters?: number;
  out: string;
  resume?: boolean;
  seed?: number;
  /** Stop (as if interrupted) after this many iterations of this call; for tests. */
  stopAfter?: number;
  onEval?: (e: EvalReport) => void;
  onStep?: (s: StepReport) => void;
};

export class TrainError extends Error {}

/** nanoGPT's split: the first 90% of characters train, the last 10% validate. */
export function splitData(ids: Int32Array, blockSize: number): Split {
  const n = Math.floor(ids.length * 0.9);
  const split = { train: ids.subarray(0, n), val: ids.subarray(n) };
  if (split.train.length <= blockSize || split.val.length <= blockSize) {
    const need = Math.ceil((blockSize + 1) / 0.1);
    throw new TrainError(
      `text has ${ids.length} characters; with block_size ${blockSize} both the 90% train part and the 10% validation part need more than ${blockSize} (about ${need} characters in all)`,
    );
  }
  return split;
}

/**
 * The mean next-token loss over a whole split, every target counted once: the split cut into windows
 * of block_size (the last one shorter), B windows a batch. Exact and repeatable, unlike the 20 random
 * batches of an evaluation during training (whose figure moves by about ±0.015 on the baby run).
 */
export function splitLoss(
  model: Gpt,
  data: Int32Array,
  B: number,
  onBatch?: (targetsDone: number, targets: number) => void,
): { loss: number; tokens: number } {
  const T = model.config.block_size;
  const targets = data.length - 1;
  if (targets < 1) throw new TrainError('the split needs at least 2 tokens');
  const full = Math.floor(targets / T);
  const buffers = new BufferPool();
  return noGrad(() => {
    let sum = 0,
      done = 0;
    const run = (start: number, count: number, t: number) => {
      const x = new Int32Array(count * t),
        y = new Int32Array(count * t);
      for (let b = 0; b < count; b++) {
        const i = start + b * t;
        x.set(data.subarray(i, i + t), b * t);
        y.set(data.subarray(i + 1, i + t + 1), b * t);
      }
      // The batch's mean, weighted by its targets.
      sum += reuseBuffers(buffers, () => loss(model, x, y, count, t).item()) * count * t;
      done += count * t;
      onBatch?.(done, targets);
    };
    for (let w = 0; w < full; w += B) run(w * T, Math.min(B, full - w), T);
    if (targets > full * T) run(full * T, 1, targets - full * T);
    return { loss: sum / done, tokens: done };
  });
}

export function train(o: TrainOptions): TrainResult {
  if (o.text.length === 0) throw new TrainError('the training text is empty');
  const configName = o.configName ?? 'baby';
  const named = configs[configName];
  if (!named)
    throw new TrainError(
      `unknown config "${configName}" (known: ${Object.keys(configs).join(', ')})`,
    );
  const tc: TrainConfig = { ...named.train, ...o.train };
  const maxIters = o.maxIters ?? tc.max_iters;
  const seed = o.seed ?? 1337;

  let resumed: Checkpoint | null = null;
  if (o.resume) {
    resumed = loadCheckpoint(o.out);
  }
  const tokenizer = resumed ? new CharTokenizer(resumed.chars) : CharTokenizer.fromText(o.text);
  const config: GptConfig = { ...named.model, ...o.model, vocab_size: tokenizer.vocabSize };
  if (resumed && !sameModelConfig(resumed.config, config)) {
    throw new CheckpointError(
      `checkpoint ${o.out} has ${describeConfig(resumed.config)}, but this run asks for ${describeConfig(config)}`,
    );
  }
  let ids: Int32Array;
  try {
    ids = tokenizer.encode(o.text);
  } catch (e) {
    throw new TrainError(
      `the text does not fit the checkpoint's vocabulary: ${(e as Error).message}`,
    );
  }
  const split = splitData(ids, config.block_size);

  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32))
    throw new TrainError(`the seed must be an integer from 0 to 4294967295, got ${seed}`);
  let gen = new TorchGenerator(seed); // torch.manual_seed(seed)
  const model = createGpt(config, gen);
  const params = [...model.params.values()];
  const opt = new AdamW(params, {
    lr: tc.lr,
    betas: tc.betas,
    weightDecay: tc.weight_decay,
    decays: decayed(model, tc.decay_embeddings !== false),
  });
  const lrAt = cosineWithWarmup({
    lr: tc.lr,
    minLr: tc.min_lr,
    warmup: tc.warmup,
    decayIters: tc.lr_decay_iters,
  });
  const history: EvalReport[] = [];
  let start = 0;
  if (resumed) {
    resumed.params.forEach((p, i) => {
      const mine = params[i];
      if (!mine || p.name !== [...model.params.keys()][i] || p.data.length !== mine.size) {
        throw new CheckpointError(
          `checkpoint ${o.out} does not match the model (parameter ${p.name})`,
        );
      }
      mine.data.set(p.data);
    });
    opt.loadState(resumed.optimizer);
    gen = generatorFor(resumed);
    start = resumed.iter;
    history.push(...resumed.history.map((h) => ({ lr: lrAt(h.iter), seconds: 0, ...h })));
  }
  // On threads, the weights and Adam's moments in the kernels' memory: no copies in each step.
  const resident = kernels().resident;
  if (resident) opt.moveTo(resident);

  const { batch_size: B } = tc;
  const T = config.block_size;
  // nanoGPT draws the first batch before the first evaluation; a checkpoint keeps the one drawn last.
  let batch = firstBatch(split.train, B, T, gen, resumed?.pending);
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const save = (iter: number) =>
    saveCheckpoint(o.out, {
      config,
      train: tc,
      configName,
      chars: tokenizer.chars,
      iter,
      seed,
      rng: gen.state(),
      pending: batch.starts,
      params: [...model.params].map(([name, t]) => ({ name, shape: t.shape, data: t.data })),
      optimizer: opt.state(),
      history: history.map(({ iter: i, train_loss, val_loss }) => ({
        iter: i,
        train_loss,
        val_loss,
      })),
    });
  // Arrays for the steps and evaluations to reuse; resident ones where the kernels offer them.
  const buffers = new BufferPool(resident);
  const evaluate = (iter: number) => {
    const l = estimateLoss(model, split, B, tc.eval_iters, gen, buffers);
    const report = {
      iter,
      train_loss: l.train,
      val_loss: l.val,
      lr: lrAt(iter),
      seconds: seconds(),
    };
    history.push(report);
    o.onEval?.(report);
  };

  if (start === 0) evaluate(0);
  const setup = { model, params, opt, gen, data: split.train, B, gradClip: tc.grad_clip, buffers };
  let done = 0;
  for (let it = start; it < maxIters; it++) {
    if (o.stopAfter !== undefined && done >= o.stopAfter) break;
    opt.lr = lrAt(it);
    const { loss: stepLoss, next } = trainStep(setup, batch);
    batch = next;
    done++;
    o.onStep?.({
      iter: it + 1,
      maxIters,
      loss: stepLoss,
      lr: opt.lr,
      tokensPerS: (done * B * T) / seconds(),
      seconds: seconds(),
    });
    if ((it + 1) % tc.eval_interval === 0 || it + 1 === maxIters) {
      evaluate(it + 1);
      save(it + 1);
    }
  }
  const last = history[history.length - 1];
  const iters = start + done;
  if (!resumed || done > 0) {
    if (last.iter !== iters) save(iters);
  }
  return {
    iters,
    train_loss: last.train_loss,
    val_loss: last.val_loss,
    seconds: seconds(),
    tokens_per_s: done ? (done * B * T) / seconds() : 0,
    checkpoint: o.out,
    history,
  };
}
