// `shirube train`: trains the tiny GPT on a text file, or on the curriculum's own text when no --data
// is given; a live progress bar, or JSON lines with --json; checkpoints at every evaluation.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { contentDirs } from '../../curriculum/load.ts';
import { useKernels } from '../../engine/index.ts';
import { useNodeThreads } from '../../engine/node.ts';
import { CheckpointError } from '../../models/checkpoint.ts';
import { configs } from '../../models/config.ts';
import { DataError, readCurriculumText, readTextFile } from '../../models/data.ts';
import { countParams, emptyGpt } from '../../models/gpt.ts';
import { train, TrainError, type EvalReport, type TrainOptions } from '../../models/train.ts';

type TrainCliOptions = {
  data?: string;
  config: string;
  maxIters?: string;
  out?: string;
  resume?: boolean;
  json?: boolean;
  seed: string;
  evalInterval?: string;
  evalIters?: string;
  batchSize?: string;
  blockSize?: string;
  lr?: string;
  dropout?: string;
  kernels: string;
  threads?: string;
};

/** A user error: one line on stderr, exit code 1. */
export class CliInputError extends Error {}

function fail(command: string, message: string): void {
  process.stderr.write(`shirube ${command}: ${message}\n`);
  process.exitCode = 1;
}

function isInputError(e: unknown): e is Error {
  return (
    e instanceof CliInputError ||
    e instanceof TrainError ||
    e instanceof CheckpointError ||
    e instanceof DataError
  );
}

/** A command's action: a user error becomes one line on stderr and exit code 1; anything else is a bug and is thrown. */
export function guarded<O>(command: string, run: (opts: O) => void): (opts: O) => void {
  return (opts) => {
    try {
      run(opts);
    } catch (e) {
      if (isInputError(e)) return fail(command, e.message);
      throw e;
    }
  };
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1)
    throw new CliInputError(`${flag}: expected a positive integer, got "${value}"`);
  return n;
}

function number(
  flag: string,
  value: string | undefined,
  lo: number,
  hi: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < lo || n > hi) {
    throw new CliInputError(`${flag}: expected a number in [${lo}, ${hi}], got "${value}"`);
  }
  return n;
}

/** --kernels and --threads: the readable plain kernels, or WebAssembly on one or two threads. */
export function selectKernels(name: string, threads: string | undefined): void {
  if (name !== 'auto' && name !== 'plain' && name !== 'wasm') {
    throw new CliInputError(`--kernels: expected auto, plain or wasm, got "${name}"`);
  }
  if (threads !== undefined && threads !== '1' && threads !== '2') {
    throw new CliInputError(`--threads: expected 1 or 2, got "${threads}"`);
  }
  try {
    const chosen = useKernels(name);
    const two = threads === undefined ? availableParallelism() > 1 : threads === '2';
    if (chosen !== 'plain' && two) useNodeThreads();
  } catch (e) {
    throw new CliInputError((e as Error).message);
  }
}

/** With no --data: the text of content/ (Japanese and English), as the tiny GPT trains on by default. */
export function curriculumText(): { text: string; source: string } {
  const dirs = contentDirs().filter((d) => existsSync(d));
  if (dirs.length === 0) throw new DataError('no --data given and no content/ directory found');
  return { text: dirs.map(readCurriculumText).join('\n\n'), source: dirs.join(', ') };
}

function run(opts: TrainCliOptions): void {
  const named = configs[opts.config];
  if (!named)
    throw new CliInputError(
      `--config: unknown config "${opts.config}" (known: ${Object.keys(configs).join(', ')})`,
    );
  selectKernels(opts.kernels, opts.threads);
  const seed = number('--seed', opts.seed, 0, 0xffffffff)!;
  if (!Number.isInteger(seed))
    throw new CliInputError(`--seed: expected an integer, got "${opts.seed}"`);
  const model: TrainOptions['model'] = {};
  const trainCfg: TrainOptions['train'] = {};
  const blockSize = positiveInt('--block-size', opts.blockSize);
  if (blockSize) model.block_size = blockSize;
  const dropout = number('--dropout', opts.dropout, 0, 0.99);
  if (dropout !== undefined) model.dropout = dropout;
  const batchSize = positiveInt('--batch-size', opts.batchSize);
  if (batchSize) trainCfg.batch_size = batchSize;
  const evalInterval = positiveInt('--eval-interval', opts.evalInterval);
  if (evalInterval) trainCfg.eval_interval = evalInterval;
  const evalIters = positiveInt('--eval-iters', opts.evalIters);
  if (evalIters) trainCfg.eval_iters = evalIters;
  const lr = number('--lr', opts.lr, 0, 10);
  if (lr !== undefined) trainCfg.lr = lr;
  const maxIters = positiveInt('--max-iters', opts.maxIters) ?? named.train.max_iters;
  const out = opts.out ?? `shirube-${opts.config}.ckpt`;

  const { text, source } = opts.data
    ? { text: readTextFile(opts.data), source: opts.data }
    : curriculumText();
  const vocab = new Set(Array.from(text)).size;
  const params = countParams(emptyGpt({ ...named.model, ...model, vocab_size: vocab }));

  let bar: cliProgress.SingleBar | null = null;
  let lastVal = NaN;
  // Printed once training has really started (after the data and checkpoint checks).
  let announced = false;
  const announce = () => {
    if (announced || opts.json) return;
    announced = true;
    process.stderr.write(
      `training "${opts.config}" (${(params / 1e6).toFixed(2)}M parameters) on ${source}: ` +
        `${Array.from(text).length} characters, ${vocab} distinct; checkpoint → ${out}\n`,
    );
  };
  if (!opts.json) {
    bar = new cliProgress.SingleBar(
      {
        format:
          'iter {value}/{total} |{bar}| loss {loss} | val {val} | {tps} tok/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
  }
  const onEval = (e: EvalReport) => {
    announce();
    lastVal = e.val_loss;
    if (opts.json) process.stdout.write(JSON.stringify(e) + '\n');
  };
  let started = false;
  const result = train({
    text,
    configName: opts.config,
    model,
    train: trainCfg,
    maxIters,
    out,
    resume: opts.resume,
    seed,
    onEval,
    onStep: (s) => {
      announce();
      if (!bar) return;
      const payload = {
        loss: s.loss.toFixed(4),
        val: Number.isNaN(lastVal) ? '—' : lastVal.toFixed(4),
        tps: Math.round(s.tokensPerS),
      };
      if (!started) {
        bar.start(s.maxIters, s.iter, payload);
        started = true;
      } else bar.update(s.iter, payload);
    },
  });
  bar?.stop();
  const summary = {
    iters: result.iters,
    train_loss: result.train_loss,
    val_loss: result.val_loss,
    seconds: result.seconds,
    tokens_per_s: result.tokens_per_s,
    checkpoint: result.checkpoint,
  };
  if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    process.stdout.write(
      `${summary.iters} iterations in ${summary.seconds.toFixed(1)} s (${Math.round(summary.tokens_per_s)} tok/s): ` +
        `train loss ${summary.train_loss.toFixed(4)}, val loss ${summary.val_loss.toFixed(4)}; checkpoint ${out}\n`,
    );
  }
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train the tiny GPT (default: on the curriculum text in content/)')
    .option('--data <file>', 'a UTF-8 text file to train on')
    .option(
      '--config <name>',
      `model and training configuration (${Object.keys(configs).join(', ')})`,
      'baby',
    )
    .option('--max-iters <n>', 'iterations (default: the config’s max_iters)')
    .option('--out <ckpt>', 'checkpoint file (default: shirube-<config>.ckpt)')
    .option('--resume', 'continue from the checkpoint at --out')
    .option('--json', 'print one JSON object per evaluation and a summary line, no progress bar')
    .option(
      '--seed <n>',
      "random seed, as torch.manual_seed takes it (1337: nanoGPT's run)",
      '1337',
    )
    .option('--eval-interval <n>', 'iterations between evaluations')
    .option('--eval-iters <n>', 'batches per evaluation')
    .option('--batch-size <n>', 'sequences per batch')
    .option('--block-size <n>', 'context length')
    .option('--lr <x>', 'peak learning rate')
    .option('--dropout <p>', 'dropout probability')
    .option('--kernels <name>', 'auto | wasm | plain (the readable reference)', 'auto')
    .option(
      '--threads <n>',
      'threads for the WebAssembly kernels: 1 or 2 (default: 2 when the machine has 2 cores)',
    )
    .action(guarded('train', run));
}
