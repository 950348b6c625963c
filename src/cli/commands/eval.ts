// `shirube eval`: a checkpoint's loss over the whole validation (or training) split, every target
// counted once. Training reports a quick estimate from 20 random batches; this is the exact figure.

import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadCheckpoint, modelFromCheckpoint } from '../../models/checkpoint.ts';
import { readTextFile } from '../../models/data.ts';
import { CharTokenizer } from '../../models/tokenizer.ts';
import { splitData, splitLoss } from '../../models/train.ts';
import { CliInputError, curriculumText, guarded, positiveInt, selectKernels } from './train.ts';

type EvalCliOptions = {
  ckpt?: string;
  data?: string;
  split: string;
  batchSize?: string;
  json?: boolean;
  kernels: string;
  threads?: string;
};

function run(opts: EvalCliOptions): void {
  if (!opts.ckpt) throw new CliInputError('--ckpt <file> is required');
  if (opts.split !== 'val' && opts.split !== 'train')
    throw new CliInputError(`--split: expected val or train, got "${opts.split}"`);
  selectKernels(opts.kernels, opts.threads);
  const c = loadCheckpoint(opts.ckpt);
  const B = positiveInt('--batch-size', opts.batchSize) ?? c.train.batch_size;
  const { text, source } = opts.data
    ? { text: readTextFile(opts.data), source: opts.data }
    : curriculumText();
  const tokenizer = new CharTokenizer(c.chars);
  const missing = Array.from(text).find((ch) => !tokenizer.has(ch));
  if (missing !== undefined) {
    throw new CliInputError(
      `character ${JSON.stringify(missing)} of ${source} is not in the checkpoint's vocabulary of ${c.chars.length} characters: evaluate on the text the model was trained on`,
    );
  }
  const model = modelFromCheckpoint(c);
  const data = splitData(tokenizer.encode(text), c.config.block_size)[opts.split];
  const bar =
    !opts.json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: `${opts.split} |{bar}| {value}/{total} targets | ETA {eta_formatted}` },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(data.length - 1, 0);
  const t0 = performance.now();
  const r = splitLoss(model, data, B, (done) => bar?.update(done));
  bar?.stop();
  const seconds = (performance.now() - t0) / 1000;
  if (opts.json) {
    const out = { split: opts.split, loss: r.loss, tokens: r.tokens, iter: c.iter, seconds };
    process.stdout.write(JSON.stringify(out) + '\n');
  } else {
    process.stdout.write(
      `${opts.split} loss ${r.loss.toFixed(4)} over all ${r.tokens} targets of the ${opts.split === 'val' ? 'validation' : 'training'} split ` +
        `(checkpoint at iteration ${c.iter}, ${seconds.toFixed(1)} s)\n`,
    );
  }
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('a checkpoint’s loss over the whole validation (or training) split')
    .option('--ckpt <file>', 'checkpoint file')
    .option('--data <file>', 'the text it was trained on (default: the curriculum text)')
    .option('--split <name>', 'val or train', 'val')
    .option('--batch-size <n>', 'windows per batch (default: the checkpoint’s batch_size)')
    .option('--json', 'print one JSON object')
    .option('--kernels <name>', 'auto | wasm | plain', 'auto')
    .option('--threads <n>', 'threads for the WebAssembly kernels: 1 or 2')
    .action(guarded('eval', run));
}
