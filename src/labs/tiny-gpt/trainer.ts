// Training the tiny GPT one step at a time, so a Web Worker can pause, resume and stop between steps
// and report after each. The recipe is src/models/train.ts's (split, AdamW, warm-up + cosine,
// checkpoint contents) with its batches, evaluations and steps from src/models/steps.ts: the same
// seed gives the same weights as `shirube train` (checked in the tests). train.ts itself is not
// imported: it reads and writes files through node:fs.
import {
  AdamW,
  BufferPool,
  cosineWithWarmup,
  kernels,
  TorchGenerator,
  type Optimizer,
} from '../../engine/index.ts';
import { configs, type GptConfig, type TrainConfig } from '../../models/config.ts';
import { generatorFor } from '../../models/checkpoint-format.ts';
import { countParams, createGpt, decayed, type Gpt } from '../../models/gpt.ts';
import { estimateLoss, firstBatch, trainStep, type Batch, type Split } from '../../models/steps.ts';
import { CharTokenizer } from '../../models/tokenizer.ts';
import type { Checkpoint } from './codec.ts';
import type { Bilingual } from '../trace.ts';

export type ModelShape = Omit<GptConfig, 'vocab_size'>;
export type EvalPoint = { iter: number; train_loss: number; val_loss: number };
export type StepInfo = { iter: number; loss: number; lr: number };

/** A clear, bilingual reason why a run cannot start. */
export class PlanError extends Error {
  constructor(readonly text: Bilingual) {
    super(text.en);
    this.name = 'PlanError';
  }
}

export type Plan = {
  configName: string;
  model: ModelShape;
  train: TrainConfig;
  seed: number;
};

export const MAX_PARAMS = 5_000_000;
export const MAX_MEMORY_BYTES = 768 * 2 ** 20;

/** Parameters of a config, by the formula (12·C² + 13·C per block, embeddings, final norm). */
export function paramCount(m: ModelShape, vocab: number): number {
  const C = m.n_embd;
  // Per layer: the four weight matrices (12C²) and two layer-norm gains (2C); with biases also
  // 3C + C + 4C + C for the linear layers and 2C for the norms. Then ln_f (C, or 2C with a bias).
  if (m.bias === false) return vocab * C + m.block_size * C + m.n_layer * (12 * C * C + 2 * C) + C;
  return vocab * C + m.block_size * C + m.n_layer * (12 * C * C + 13 * C) + 2 * C;
}

/**
 * Training memory, estimated: weights, gradients and AdamW's two moments (4 float32 per parameter),
 * plus the activations kept for the backward pass (about 20 values of width C per token per layer,
 * the attention maps, and the logits with their softmax).
 */
export function memoryEstimate(m: ModelShape, vocab: number, batch: number): number {
  const P = paramCount(m, vocab);
  const BT = batch * m.block_size;
  const perLayer = BT * (20 * m.n_embd + 3 * m.n_head * m.block_size);
  return 4 * (4 * P + m.n_layer * perLayer + 3 * BT * vocab);
}

export function checkPlan(plan: Plan, vocab: number, textChars: number): void {
  const { model: m, train: t } = plan;
  const ints = { ...m, batch_size: t.batch_size, max_iters: t.max_iters };
  for (const [k, v] of Object.entries(ints))
    if (k !== 'dropout' && k !== 'bias' && (!Number.isInteger(v) || (v as number) < 1))
      throw new PlanError({
        ja: `${k} は 1 以上の整数にしてください（${v}）。`,
        en: `${k} must be a positive integer (got ${v}).`,
      });
  if (m.n_embd % m.n_head !== 0)
    throw new PlanError({
      ja: `n_embd（${m.n_embd}）は n_head（${m.n_head}）で割り切れる必要があります。`,
      en: `n_embd (${m.n_embd}) must be divisible by n_head (${m.n_head}).`,
    });
  const need = Math.ceil((m.block_size + 1) / 0.1);
  if (textChars < need)
    throw new PlanError({
      ja: `テキストが短すぎます: ${textChars} 文字。block_size ${m.block_size} では、学習用 90% と検証用 10% の両方に ${m.block_size} 文字を超える量が要るので、約 ${need} 文字以上を用意してください（または block_size を小さく）。`,
      en: `The text is too short: ${textChars} characters. With block_size ${m.block_size} both the 90% training part and the 10% validation part need more than ${m.block_size} characters, so about ${need} characters or more (or a smaller block_size).`,
    });
  const P = paramCount(m, vocab);
  const mem = memoryEstimate(m, vocab, t.batch_size);
  if (P > MAX_PARAMS || mem > MAX_MEMORY_BYTES)
    throw new PlanError({
      ja: `設定が大きすぎます: ${P.toLocaleString()} パラメータ、推定メモリ ${(mem / 2 ** 20).toFixed(0)} MiB（上限 ${MAX_PARAMS.toLocaleString()} パラメータ、${MAX_MEMORY_BYTES / 2 ** 20} MiB）。層・幅・block_size・バッチを小さくしてください。`,
      en: `The config is too large: ${P.toLocaleString()} parameters, about ${(mem / 2 ** 20).toFixed(0)} MiB (limits ${MAX_PARAMS.toLocaleString()} parameters, ${MAX_MEMORY_BYTES / 2 ** 20} MiB). Use fewer layers, a narrower model, a shorter block or a smaller batch.`,
    });
}

export function presetPlan(name: string, seed = 1337): Plan {
  const c = configs[name];
  if (!c) throw new Error(`unknown preset ${name}`);
  return { configName: name, model: { ...c.model }, train: { ...c.train }, seed };
}

let pool: BufferPool | null = null;
/**
 * The arrays one step's (or evaluation's) activations and gradients used, for the next to reuse:
 * one pool for every run in this thread (one trains at a time), made on first use so that it takes
 * the resident arrays of whichever kernels are chosen by then.
 */
const stepBuffers = () => (pool ??= new BufferPool(kernels().resident));

export class Trainer {
  readonly model: Gpt;
  readonly tokenizer: CharTokenizer;
  readonly history: EvalPoint[] = [];
  iter = 0;
  private gen: TorchGenerator;
  /** The batch for the next step, drawn (as nanoGPT does) before the evaluation that precedes it. */
  private batch: Batch | null = null;
  private pendingStarts: number[] | undefined;
  private readonly opt: Optimizer;
  private readonly params;
  private readonly lrAt: (it: number) => number;
  private split: Split | null = null;

  private constructor(
    readonly plan: Plan,
    tokenizer: CharTokenizer,
    from?: Checkpoint,
  ) {
    this.tokenizer = tokenizer;
    const config: GptConfig = { ...plan.model, vocab_size: tokenizer.vocabSize };
    this.gen = new TorchGenerator(plan.seed); // torch.manual_seed(seed)
    this.model = createGpt(config, this.gen);
    this.params = [...this.model.params.values()];
    const tc = plan.train;
    this.opt = new AdamW(this.params, {
      lr: tc.lr,
      betas: tc.betas,
      weightDecay: tc.weight_decay,
      decays: decayed(this.model, tc.decay_embeddings !== false),
    });
    this.lrAt = cosineWithWarmup({
      lr: tc.lr,
      minLr: tc.min_lr,
      warmup: tc.warmup,
      decayIters: tc.lr_decay_iters,
    });
    if (from) {
      const names = [...this.model.params.keys()];
      from.params.forEach((p, i) => {
        const mine = this.params[i];
        if (!mine || p.name !== names[i] || p.data.length !== mine.size)
          throw new Error(`checkpoint does not match the model (parameter ${p.name})`);
        mine.data.set(p.data);
      });
      if (from.optimizer.buffers.length) this.opt.loadState(from.optimizer);
      this.gen = generatorFor(from);
      this.pendingStarts = from.pending;
      this.iter = from.iter;
      this.history.push(...from.history);
    }
  }

  /** A fresh run on `text`; throws PlanError before any work when the text or config will not do. */
  static create(text: string, plan: Plan): Trainer {
    if (text.length === 0)
      throw new PlanError({ ja: 'テキストが空です。', en: 'The training text is empty.' });
    const tok = CharTokenizer.fromText(text);
    checkPlan(plan, tok.vocabSize, Array.from(text).length);
    const t = new Trainer(plan, tok);
    t.setText(text);
    return t;
  }

  /** A trained model from a checkpoint (its text is needed only to train further). */
  static fromCheckpoint(c: Checkpoint): Trainer {
    const { vocab_size: _v, ...model } = c.config;
    const plan = { configName: c.configName, model, train: c.train, seed: c.seed };
    return new Trainer(plan, new CharTokenizer(c.chars), c);
  }

  setText(text: string): void {
    let ids: Int32Array;
    try {
      ids = this.tokenizer.encode(text);
    } catch (e) {
      throw new PlanError({
        ja: `テキストにこのモデルの語彙にない文字があります: ${(e as Error).message}`,
        en: `The text has characters outside this model's vocabulary: ${(e as Error).message}`,
      });
    }
    const n = Math.floor(ids.length * 0.9);
    const T = this.model.config.block_size;
    if (n <= T || ids.length - n <= T) checkPlan(this.plan, this.tokenizer.vocabSize, ids.length); // throws the message
    this.split = { train: ids.subarray(0, n), val: ids.subarray(n) };
    // A checkpoint's pending batch, or nanoGPT's first draw after the initial weights.
    this.batch = firstBatch(
      this.split.train,
      this.plan.train.batch_size,
      T,
      this.gen,
      this.pendingStarts,
    );
    this.pendingStarts = undefined;
  }

  get hasText(): boolean {
    return this.split !== null;
  }

  get maxIters(): number {
    return this.plan.train.max_iters;
  }

  get tokensPerStep(): number {
    return this.plan.train.batch_size * this.model.config.block_size;
  }

  get paramCount(): number {
    return countParams(this.model);
  }

  get done(): boolean {
    return this.iter >= this.maxIters;
  }

  /** The evaluation at iteration 0 that train() makes before its first step. */
  evaluate(): EvalPoint {
    const tc = this.plan.train;
    const l = estimateLoss(
      this.model,
      this.split!,
      tc.batch_size,
      tc.eval_iters,
      this.gen,
      stepBuffers(),
    );
    const point = { iter: this.iter, train_loss: l.train, val_loss: l.val };
    this.history.push(point);
    return point;
  }

  /** One optimisation step, then an evaluation when one is due (returned). */
  step(): { step: StepInfo; evaluated: EvalPoint | null } {
    if (!this.split) throw new Error('no training text');
    if (this.iter === 0 && this.history.length === 0) this.evaluate();
    const tc = this.plan.train;
    const it = this.iter;
    this.opt.lr = this.lrAt(it);
    const { loss: stepLoss, next } = trainStep(
      {
        model: this.model,
        params: this.params,
        opt: this.opt,
        gen: this.gen,
        data: this.split.train,
        B: tc.batch_size,
        gradClip: tc.grad_clip,
        buffers: stepBuffers(),
      },
      this.batch!,
    );
    this.batch = next;
    this.iter = it + 1;
    const evaluated =
      this.iter % tc.eval_interval === 0 || this.iter === this.maxIters ? this.evaluate() : null;
    return { step: { iter: this.iter, loss: stepLoss, lr: this.opt.lr }, evaluated };
  }

  toCheckpoint(): Checkpoint {
    return {
      config: this.model.config,
      train: this.plan.train,
      configName: this.plan.configName,
      chars: this.tokenizer.chars,
      iter: this.iter,
      seed: this.plan.seed,
      rng: this.gen.state(),
      pending: this.batch?.starts ?? this.pendingStarts,
      params: [...this.model.params].map(([name, t]) => ({
        name,
        shape: [...t.shape],
        data: t.data.slice(),
      })),
      optimizer: this.opt.state(),
      history: this.history.map((h) => ({ ...h })),
    };
  }
}
