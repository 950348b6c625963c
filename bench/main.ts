// `npm run bench [-- --json] [-- --quick]`: our engine against TensorFlow.js (cpu and wasm backends,
// when installed), measured in the same run: matmul GFLOPS on the baby GPT's shapes, the baby GPT's
// training step (on one thread and, as the command line does on 2 cores, two), and generation speed
// with and without the KV cache; last, the same training step in headless Chromium against Node
// (bench/browser.ts).

import {
  AdamW,
  BufferPool,
  kernels,
  noGrad,
  reuseBuffers,
  Rng,
  TorchGenerator,
  useKernels,
  wasmKernels,
} from '../src/engine/index.ts';
import { useNodeThreads } from '../src/engine/node.ts';
import { plainKernels } from '../src/engine/kernels/plain.ts';
import type { Kernels } from '../src/engine/kernels/types.ts';
import { configs, type GptConfig } from '../src/models/config.ts';
import { generate } from '../src/models/generate.ts';
import { createGpt, loss } from '../src/models/gpt.ts';
import { loadPeers, type Peers } from './peers.ts';
import { createTfjsGpt } from './tfjs-gpt.ts';
import { browserTrainStep } from './browser.ts';
import { availableParallelism } from 'node:os';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const log = (s: string) =>
  void (json ? process.stderr.write(s + '\n') : process.stdout.write(s + '\n'));

/** Median wall time (ms) of `reps` runs after one warm-up. */
function time(fn: () => void, reps: number): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

const round = (x: number | null, d = 2) => (x === null ? null : Number(x.toFixed(d)));

// ---- matmul ----
// The products of one baby-GPT step (B·T = 768 rows): qkv, attention projection, MLP up and down, tied head.
const shapes: [number, number, number][] = [
  [768, 128, 384],
  [768, 128, 128],
  [768, 128, 512],
  [768, 512, 128],
  [768, 128, 65],
];

function oursGflops(k: Kernels, M: number, K: number, N: number): number {
  const rng = new Rng(1);
  const A = Float32Array.from({ length: M * K }, () => rng.next());
  const B = Float32Array.from({ length: K * N }, () => rng.next());
  const C = new Float32Array(M * N);
  const args = {
    batch: 1,
    M,
    N,
    K,
    A,
    strideA: 0,
    transA: false,
    B,
    strideB: 0,
    transB: false,
    C,
    strideC: 0,
    accumulate: false,
  };
  const reps = k.name === 'plain' ? 3 : quick ? 10 : 30;
  return (2 * M * N * K) / time(() => k.gemm(args), reps) / 1e6;
}

async function tfjsGflops(
  peers: Peers,
  backend: string,
  M: number,
  K: number,
  N: number,
): Promise<number> {
  const { tf } = peers;
  await tf.setBackend(backend);
  const a = tf.randomUniform([M, K]),
    b = tf.randomUniform([K, N]);
  const reps = backend === 'cpu' ? 3 : quick ? 10 : 30;
  // NOTE: not inside tf.tidy: disposing there costs tfjs-wasm its cached XNNPACK operator (≈40× slower).
  const ms = time(() => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  }, reps);
  tf.dispose([a, b]);
  return (2 * M * N * K) / ms / 1e6;
}

// ---- training step ----
const baby = configs.baby;
const babyConfig: GptConfig = { ...baby.model, vocab_size: 65 };
const B = baby.train.batch_size,
  T = baby.model.block_size;

function batch(seed: number): { x: Int32Array; y: Int32Array } {
  const rng = new Rng(seed);
  const x = Int32Array.from({ length: B * T }, () => rng.int(65));
  const y = Int32Array.from({ length: B * T }, () => rng.int(65));
  return { x, y };
}

function oursStepMs(reps: number): number {
  const model = createGpt(babyConfig, new TorchGenerator(1));
  const opt = new AdamW([...model.params.values()], {
    lr: 1e-3,
    betas: [0.9, 0.99],
    weightDecay: 0.1,
  });
  const { x, y } = batch(2);
  // As the command line's training loop does: resident weights, moments and step arrays on threads.
  const resident = kernels().resident;
  if (resident) opt.moveTo(resident);
  const buffers = new BufferPool(resident);
  return time(
    () =>
      reuseBuffers(buffers, () => {
        loss(model, x, y, B, T, { training: true }).backward();
        opt.step();
      }),
    reps,
  );
}

async function tfjsStepMs(peers: Peers, backend: string, reps: number): Promise<number> {
  await peers.tf.setBackend(backend);
  const gpt = createTfjsGpt(peers.tf, babyConfig, 1);
  const { x, y } = batch(2);
  const ms = time(() => gpt.step(x, y, B, T), reps);
  gpt.dispose();
  return ms;
}

// ---- generation ----
/** Tokens per second generating `tokens` from a one-token prompt, after a warm-up run: the median of 3 runs with the cache, 1 without (seconds each). */
function tokensPerS(kvCache: boolean, tokens: number): number {
  const model = createGpt({ ...babyConfig, block_size: 256 }, new TorchGenerator(3));
  // NOTE: the warm-up is a whole run: a short one leaves the later positions' code paths cold
  // (the first full run measured ~40% slower than the next ones).
  const ms = time(
    () =>
      noGrad(() => generate(model, Int32Array.of(0), { tokens, temperature: 1, seed: 1, kvCache })),
    kvCache ? 3 : 1,
  );
  return tokens / (ms / 1000);
}

/** A peer measurement, or null (with the reason on stderr) when the peer fails. */
async function attempt(what: string, fn: () => Promise<number>): Promise<number | null> {
  try {
    return await fn();
  } catch (e) {
    process.stderr.write(`${what} failed: ${(e as Error).message.split('\n')[0]}\n`);
    return null;
  }
}

async function main(): Promise<void> {
  const peers = await loadPeers();
  const fast = wasmKernels();
  useKernels('auto');
  // The command line's default: the WebAssembly kernels with a helper thread when there are 2 cores.
  const threads = availableParallelism() > 1 && fast ? (useNodeThreads(), kernels()) : null;
  useKernels('auto');
  log(
    `kernels: ${kernels().name}${threads ? ' (and wasm-threads)' : ''}; peers: ${peers ? peers.note : 'TensorFlow.js not installed (peer columns are null)'}`,
  );
  const has = (b: string) => peers?.backends.includes(b as 'cpu' | 'wasm') ?? false;

  const matmul = [];
  for (const [M, K, N] of shapes) {
    const row = {
      shape: [M, K, N],
      ours_gflops: round(oursGflops(fast ?? plainKernels, M, K, N)),
      ours_threads_gflops: threads ? round(oursGflops(threads, M, K, N)) : null,
      plain_gflops: round(oursGflops(plainKernels, M, K, N)),
      tfjs_cpu_gflops: has('cpu')
        ? round(await attempt('tfjs-cpu matmul', () => tfjsGflops(peers!, 'cpu', M, K, N)))
        : null,
      tfjs_wasm_gflops: has('wasm')
        ? round(await attempt('tfjs-wasm matmul', () => tfjsGflops(peers!, 'wasm', M, K, N)))
        : null,
    };
    matmul.push(row);
    log(
      `matmul ${`${M}×${K} · ${K}×${N}`.padEnd(20)} ours ${String(row.ours_gflops).padStart(6)} GFLOPS (2 threads ${String(row.ours_threads_gflops).padStart(6)})   plain ${String(row.plain_gflops).padStart(5)}   tfjs-cpu ${String(row.tfjs_cpu_gflops).padStart(5)}   tfjs-wasm ${String(row.tfjs_wasm_gflops).padStart(6)}`,
    );
  }

  const single = round(oursStepMs(quick ? 3 : 8), 1);
  if (threads) useNodeThreads();
  const train_step_ms = {
    ours: threads ? round(oursStepMs(quick ? 3 : 8), 1) : single,
    ours_single_thread: single,
    tfjs_cpu: has('cpu')
      ? round(await attempt('tfjs-cpu step', () => tfjsStepMs(peers!, 'cpu', quick ? 1 : 2)), 1)
      : null,
    tfjs_wasm: has('wasm')
      ? round(await attempt('tfjs-wasm step', () => tfjsStepMs(peers!, 'wasm', quick ? 3 : 8)), 1)
      : null,
  };
  const ratio = train_step_ms.tfjs_wasm
    ? (train_step_ms.tfjs_wasm / train_step_ms.ours!).toFixed(2)
    : 'n/a';
  log(
    `train step (baby, B=${B}, T=${T}): ours ${train_step_ms.ours} ms (1 thread ${single} ms)   tfjs-cpu ${train_step_ms.tfjs_cpu} ms   tfjs-wasm ${train_step_ms.tfjs_wasm} ms   (tfjs-wasm / ours = ${ratio})`,
  );

  const tokens = quick ? 64 : 256;
  const generate_tokens_per_s = {
    with_cache: round(tokensPerS(true, tokens), 0),
    without_cache: round(tokensPerS(false, tokens), 0),
    tokens,
  };
  log(
    `generate ${tokens} tokens (baby, block_size 256, 1-token prompt): with cache ${generate_tokens_per_s.with_cache} tok/s, without ${generate_tokens_per_s.without_cache} tok/s (×${(generate_tokens_per_s.with_cache! / generate_tokens_per_s.without_cache!).toFixed(1)})`,
  );

  // Last: it leaves Node on the single-thread kernels, as the browser's worker is.
  const browser_train_step_ms = await browserTrainStep({ quick, log });

  if (json)
    process.stdout.write(
      JSON.stringify({ matmul, train_step_ms, generate_tokens_per_s, browser_train_step_ms }) +
        '\n',
    );
}

await main();
