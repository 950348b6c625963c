// Browser training speed against Node, measured in the same run: the web app is built (Vite), its
// files are served over HTTP, and headless Chromium starts the app's own tiny-GPT worker (the built
// gpt-worker bundle), which answers a `bench` message by timing Trainer.step() on the baby preset and
// the page's built-in text. Node times the identical step (src/web/worker/train-bench.ts, the same
// function) on one thread with the same kernels' choice ('auto'), before and after the browser.
//
// `npx tsx bench/browser.ts [--quick] [--json]` runs it alone; `npm run bench` includes it.
// Without Chromium (or when it cannot start) it prints a skip line and reports chromium: null.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildWeb, CHROMIUM, CHROMIUM_LAUNCH } from '../test/chromium.ts';
import { useNodeThreads } from '../src/engine/node.ts';
import { kernelsRelaxedWasmBase64 } from '../src/engine/kernels/wasm-binary.ts';
import { BUILTIN_TEXT } from '../src/web/gpt/builtin-text.ts';
import type { FromWorker, ToWorker } from '../src/web/gpt/protocol.ts';
import {
  benchPlan,
  median,
  timeTrainSteps,
  type TrainBenchResult,
} from '../src/web/worker/train-bench.ts';

export { CHROMIUM };

export type BrowserTrainStep = {
  /** Median ms of one baby training step in Chromium's Web Worker (null: skipped or failed). */
  chromium: number | null;
  /** Median ms of the identical step in this Node process. */
  node: number;
  /** chromium / node (> 1: the browser is slower). */
  ratio: number | null;
  steps: number;
  tokens_per_step: number;
  kernels: { chromium: string | null; node: string };
  /** Whether WebAssembly relaxed SIMD (fused multiply–add kernels) is available on each side. */
  relaxed_simd: { chromium: boolean | null; node: boolean };
  /** Why chromium is null, when it is. */
  skipped?: string;
};

const round = (x: number, d = 1) => Number(x.toFixed(d));

function relaxedHere(): boolean {
  try {
    return WebAssembly.validate(Buffer.from(kernelsRelaxedWasmBase64, 'base64'));
  } catch {
    return false;
  }
}

type ChromiumRun = TrainBenchResult & { relaxed: boolean };

/**
 * The built files over HTTP on a free port. NOTE: not the app's server, which also loads the
 * curriculum and opens SQLite; the worker needs only its bundle from an http origin.
 */
async function serveStatic(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(root, path === '/' ? 'index.html' : path);
    if (!file.startsWith(root) || !existsSync(file) || path.endsWith('/')) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js')
      ? 'text/javascript'
      : file.endsWith('.html')
        ? 'text/html'
        : 'application/octet-stream';
    // Cross-origin isolated, as the app's server sends it: the worker may then use its helper thread.
    res
      .writeHead(200, {
        'content-type': type,
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      })
      .end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

/** Builds the app, serves it, and times the steps in Chromium's worker. */
async function inChromium(
  steps: number,
  warmup: number,
  log: (s: string) => void,
): Promise<ChromiumRun> {
  // Loaded only here, so that a checkout without them still runs the rest of the bench.
  const { chromium } = await import('playwright-core');
  const t0 = performance.now();
  const webRoot = buildWeb('shirube-bench-web-');
  const server = await serveStatic(webRoot);
  try {
    const worker = readdirSync(join(webRoot, 'assets')).find((f) => /^gpt-worker-.*\.js$/.test(f));
    if (!worker) throw new Error('the build has no gpt-worker bundle');
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const page = await browser.newPage();
      // Any same-origin document will do: the worker bundle itself, so the app does not render.
      const workerUrl = `${server.url}/assets/${worker}`;
      await page.goto(workerUrl);
      log(
        `  (build, static server and Chromium ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
      const message: ToWorker = {
        type: 'bench',
        text: BUILTIN_TEXT,
        plan: benchPlan('baby'),
        steps,
        warmup,
      };
      return await page.evaluate(
        ({ workerUrl, message, relaxedB64 }) =>
          new Promise<ChromiumRun>((resolve, reject) => {
            const bytes = Uint8Array.from(atob(relaxedB64), (c) => c.charCodeAt(0));
            const relaxed = WebAssembly.validate(bytes);
            const w = new Worker(workerUrl, { type: 'module' });
            const timer = setTimeout(() => reject(new Error('no answer in 120 s')), 120_000);
            w.onmessage = (ev: MessageEvent<FromWorker>) => {
              const m = ev.data;
              if (m.type === 'bench' || m.type === 'error') {
                clearTimeout(timer);
                w.terminate();
                if (m.type === 'bench') resolve({ ...m.result, relaxed });
                else reject(new Error(m.message.en));
              }
            };
            w.onerror = (e) => {
              clearTimeout(timer);
              reject(new Error(e.message || 'worker error'));
            };
            w.postMessage(message);
          }),
        { workerUrl, message, relaxedB64: kernelsRelaxedWasmBase64 },
      );
    } finally {
      await browser.close();
    }
  } finally {
    await new Promise((resolve) => server.server.close(resolve));
    rmSync(webRoot, { recursive: true, force: true });
  }
}

/**
 * The baby preset's training step in headless Chromium and in Node, in this run, both on the kernels
 * with a helper thread (the page is served cross-origin isolated, as the app's server serves it).
 * Leaves Node on those kernels.
 */
export async function browserTrainStep(opts: {
  quick: boolean;
  log: (s: string) => void;
}): Promise<BrowserTrainStep> {
  const { log } = opts;
  const steps = opts.quick ? 3 : 8;
  const warmup = 2;
  useNodeThreads(); // two threads, as the browser's worker has where the page is isolated
  const plan = benchPlan('baby');
  // Node before and after the browser, so that a change in the machine's load affects both.
  const before = timeTrainSteps(BUILTIN_TEXT, plan, steps, warmup);
  let chromium: ChromiumRun | null = null;
  let skipped: string | undefined;
  if (!existsSync(CHROMIUM)) {
    skipped = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM)`;
  } else {
    try {
      chromium = await inChromium(steps, warmup, log);
    } catch (e) {
      skipped = `Chromium run failed: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  const after = timeTrainSteps(BUILTIN_TEXT, plan, steps, warmup);
  const node = median([...before.stepMs, ...after.stepMs]);
  const result: BrowserTrainStep = {
    chromium: chromium ? round(chromium.medianMs) : null,
    node: round(node),
    ratio: chromium ? round(chromium.medianMs / node, 2) : null,
    steps,
    tokens_per_step: before.tokensPerStep,
    kernels: { chromium: chromium?.kernels ?? null, node: before.kernels },
    relaxed_simd: { chromium: chromium?.relaxed ?? null, node: relaxedHere() },
    ...(skipped ? { skipped } : {}),
  };
  const head = `browser train step (baby, built-in text, ${result.tokens_per_step} tokens, median of ${steps}):`;
  if (skipped) log(`${head} skipped: ${skipped}; node ${result.node} ms`);
  else
    log(
      `${head} chromium ${result.chromium} ms   node ${result.node} ms   (chromium / node = ${result.ratio}; kernels ${result.kernels.chromium}${result.relaxed_simd.chromium ? '+relaxed' : ''} / ${result.kernels.node}${result.relaxed_simd.node ? '+relaxed' : ''})`,
    );
  return result;
}

// Run alone: `npx tsx bench/browser.ts [--quick] [--json]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const json = process.argv.includes('--json');
  const log = (s: string) =>
    void (json ? process.stderr.write(s + '\n') : process.stdout.write(s + '\n'));
  const r = await browserTrainStep({ quick: process.argv.includes('--quick'), log });
  if (json) process.stdout.write(JSON.stringify({ browser_train_step_ms: r }) + '\n');
}
