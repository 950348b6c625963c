// `shirube generate`: streams text from a trained checkpoint, with a KV cache unless --no-kv-cache.

import type { Command } from 'commander';
import { loadCheckpoint, modelFromCheckpoint } from '../../models/checkpoint.ts';
import { generate } from '../../models/generate.ts';
import { CharTokenizer } from '../../models/tokenizer.ts';
import { CliInputError, guarded, positiveInt, selectKernels } from './train.ts';

type GenerateCliOptions = {
  ckpt?: string;
  prompt?: string;
  tokens: string;
  temperature: string;
  topK?: string;
  topP?: string;
  seed: string;
  kvCache: boolean;
  stats?: boolean;
  kernels: string;
  threads?: string;
};

function num(
  flag: string,
  value: string | undefined,
  ok: (n: number) => boolean,
  expect: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n))
    throw new CliInputError(`${flag}: expected ${expect}, got "${value}"`);
  return n;
}

function run(opts: GenerateCliOptions): void {
  if (!opts.ckpt) throw new CliInputError('--ckpt <file> is required');
  selectKernels(opts.kernels, opts.threads);
  const tokens = positiveInt('--tokens', opts.tokens)!;
  const temperature = num('--temperature', opts.temperature, (n) => n >= 0, 'a number ≥ 0')!;
  const topK = num(
    '--top-k',
    opts.topK,
    (n) => Number.isInteger(n) && n >= 1,
    'a positive integer',
  );
  const topP = num('--top-p', opts.topP, (n) => n > 0 && n <= 1, 'a number in (0, 1]');
  const seed = num(
    '--seed',
    opts.seed,
    (n) => Number.isInteger(n) && n >= 0,
    'a non-negative integer',
  )!;
  const c = loadCheckpoint(opts.ckpt);
  const tokenizer = new CharTokenizer(c.chars);
  // No prompt: start from a newline, as nanoGPT does (or the first character when there is none).
  const prompt = opts.prompt ?? (tokenizer.has('\n') ? '\n' : c.chars[0]);
  const missing = Array.from(prompt).find((ch) => !tokenizer.has(ch));
  if (missing !== undefined) {
    throw new CliInputError(
      `prompt character ${JSON.stringify(missing)} is not in the checkpoint's vocabulary of ${c.chars.length} characters`,
    );
  }
  if (prompt.length === 0) throw new CliInputError('--prompt must not be empty');
  const model = modelFromCheckpoint(c);
  process.stdout.write(prompt);
  const t0 = performance.now();
  generate(model, tokenizer.encode(prompt), {
    tokens,
    temperature,
    topK,
    topP,
    seed,
    kvCache: opts.kvCache,
    onToken: (id) => process.stdout.write(tokenizer.decode([id])),
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write('\n');
  if (opts.stats) {
    process.stderr.write(
      `${tokens} tokens in ${seconds.toFixed(2)} s: ${(tokens / seconds).toFixed(0)} tokens/s (${opts.kvCache ? 'KV cache' : 'no cache'})\n`,
    );
  }
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('generate text from a checkpoint written by `shirube train`')
    .option('--ckpt <file>', 'checkpoint file')
    .option('--prompt <text>', 'text to start from (default: a newline)')
    .option('--tokens <n>', 'how many tokens to generate', '256')
    .option('--temperature <t>', 'softmax temperature (0: greedy)', '0.8')
    .option('--top-k <k>', 'sample only from the k most probable tokens')
    .option('--top-p <p>', 'sample only from the smallest set of tokens with mass ≥ p')
    .option('--seed <n>', 'random seed', '1337')
    .option('--no-kv-cache', 'recompute the whole context for every token')
    .option('--stats', 'print tokens/s on stderr')
    .option('--kernels <name>', 'auto | wasm | plain', 'auto')
    .option('--threads <n>', 'threads for the WebAssembly kernels: 1 or 2')
    .action(guarded('generate', run));
}
