// The tiny GPT's worker: training (step by step, so pause/resume/stop are answered between steps),
// checkpoints, generation, the look inside and the KV-cache timing. All on src/models and the
// engine, as the command line. The page never runs a forward pass itself, so it never freezes.
// One training loop at a time: every start, resume, pause and stop takes a new loop token, and a
// loop step whose token is no longer current ends (a quick pause → resume would otherwise leave the
// old chain's queued setTimeout running beside the new one).
/// <reference lib="webworker" />
import { helperStarting, startBrowserThreads, threadsReady } from '../../engine/browser.ts';
import { kernels } from '../../engine/index.ts';
import { generate } from '../../models/generate.ts';
import { decodeCheckpoint, encodeCheckpoint } from '../../labs/tiny-gpt/codec.ts';
import { generateTokens, gptBeamSearch } from '../../labs/tiny-gpt/generation.ts';
import { inspect } from '../../labs/tiny-gpt/inspect.ts';
import { PlanError, Trainer } from '../../labs/tiny-gpt/trainer.ts';
import { timeTrainSteps } from './train-bench.ts';
import type { FromWorker, ToWorker } from '../gpt/protocol.ts';

const post = (m: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

let trainer: Trainer | null = null;
let running = false;
/** Stop is final: no resume until a new run starts (or a checkpoint is loaded). */
let stopped = false;
/** The current loop's token; a loop chain holding an older one ends. */
let loopToken = 0;
let stepsDone = 0;
let trainSeconds = 0;

function info(t: Trainer) {
  return {
    params: t.paramCount,
    vocab: t.tokenizer.chars,
    iter: t.iter,
    maxIters: t.maxIters,
    tokensPerStep: t.tokensPerStep,
    plan: t.plan,
    history: t.history,
    canTrain: t.hasText,
    kernels: kernels().name,
  };
}

function fail(e: unknown) {
  if (e instanceof PlanError) post({ type: 'error', message: e.text });
  else {
    const msg = (e as Error).message ?? String(e);
    post({ type: 'error', message: { ja: msg, en: msg } });
  }
}

/** Ends whatever loop chain is running or queued. */
function halt() {
  running = false;
  loopToken++;
}

/** Starts the one loop chain (ending any other). */
function startLoop() {
  halt();
  running = true;
  const token = loopToken;
  setTimeout(() => loop(token), 0);
}

/** Steps for about 60 ms, reports, then yields so that messages (pause, stop) get through. */
function loop(token: number) {
  if (!trainer || !running || token !== loopToken) return;
  const t0 = performance.now();
  let last: ReturnType<Trainer['step']> | null = null;
  try {
    while (!trainer.done && performance.now() - t0 < 60) {
      last = trainer.step();
      stepsDone++;
      if (last.evaluated) post({ type: 'eval', point: last.evaluated });
    }
  } catch (e) {
    halt();
    stopped = true;
    fail(e);
    post({ type: 'state', state: 'stopped' });
    return;
  }
  trainSeconds += (performance.now() - t0) / 1000;
  if (last) {
    const tokensPerS = (stepsDone * trainer.tokensPerStep) / trainSeconds;
    const etaS = ((trainer.maxIters - trainer.iter) * trainer.tokensPerStep) / tokensPerS;
    post({ type: 'step', ...last.step, tokensPerS, etaS, kernels: kernels().name });
  }
  if (trainer.done) {
    halt();
    post({ type: 'state', state: 'done' });
    return;
  }
  setTimeout(() => loop(token), 0);
}

function encodePrompt(t: Trainer, prompt: string): { ids: number[]; dropped: string[] } {
  const ids: number[] = [];
  const dropped: string[] = [];
  for (const c of Array.from(prompt)) {
    if (t.tokenizer.has(c)) ids.push(t.tokenizer.encode(c)[0]);
    else dropped.push(c);
  }
  if (ids.length === 0) ids.push(t.tokenizer.has('\n') ? t.tokenizer.encode('\n')[0] : 0);
  return { ids, dropped };
}

// A helper thread for the kernels where the page is cross-origin isolated (the server sends COOP
// and COEP); it starts in the background and joins in once ready.
startBrowserThreads();

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    switch (m.type) {
      case 'start': {
        halt();
        trainer = Trainer.create(m.text, m.plan);
        stepsDone = 0;
        trainSeconds = 0;
        stopped = false;
        post({ type: 'model', info: info(trainer) });
        post({ type: 'eval', point: trainer.evaluate() });
        startLoop();
        post({ type: 'state', state: 'running' });
        break;
      }
      case 'pause':
        if (running) {
          halt();
          post({ type: 'state', state: 'paused' });
        }
        break;
      case 'resume':
        if (!trainer || stopped) break;
        if (m.text !== undefined && !trainer.hasText) trainer.setText(m.text);
        if (!running && !trainer.done && trainer.hasText) {
          startLoop();
          post({ type: 'state', state: 'running' });
        }
        break;
      case 'stop':
        if (!trainer || trainer.done) break;
        halt();
        stopped = true; // the model and its checkpoint stay; only a new run trains again
        post({ type: 'state', state: 'stopped' });
        break;
      case 'load': {
        halt();
        trainer = Trainer.fromCheckpoint(decodeCheckpoint(m.bytes));
        stopped = false;
        stepsDone = 0;
        trainSeconds = 0;
        post({ type: 'model', info: info(trainer) });
        post({ type: 'state', state: trainer.done ? 'done' : 'paused' });
        break;
      }
      case 'checkpoint': {
        if (!trainer) throw new Error('no model yet');
        const bytes = encodeCheckpoint(trainer.toCheckpoint());
        post({ type: 'checkpoint', bytes }, [bytes.buffer]);
        break;
      }
      case 'generate': {
        if (!trainer) throw new Error('no model yet');
        const t = trainer;
        const { ids, dropped } = encodePrompt(t, m.prompt);
        if (m.settings.strategy === 'beam') {
          const r = gptBeamSearch(t.model, ids, m.settings.beams, m.settings.tokens);
          post({
            type: 'beam',
            history: r.history.map((h) => ({ candidates: [], beams: h.beams })),
            best: r.best,
          });
        } else {
          for (const tok of generateTokens(t.model, ids, m.settings))
            post({ type: 'token', id: tok.id, text: t.tokenizer.chars[tok.id], why: tok.why });
        }
        post({ type: 'generated', dropped });
        break;
      }
      case 'inspect': {
        if (!trainer) throw new Error('no model yet');
        const { ids } = encodePrompt(trainer, m.prompt);
        post({ type: 'inspection', data: inspect(trainer.model, ids, 5) });
        break;
      }
      case 'kvbench': {
        if (!trainer) throw new Error('no model yet');
        const model = trainer.model;
        const time = (n: number, kvCache: boolean) => {
          let best = Infinity;
          for (let r = 0; r < m.repeats; r++) {
            const t0 = performance.now();
            generate(model, Int32Array.of(0), { tokens: n, temperature: 0, kvCache });
            best = Math.min(best, performance.now() - t0);
          }
          return best;
        };
        time(4, true);
        time(4, false);
        // Only up to block_size: past it both paths recompute the last block_size tokens.
        for (const n of m.ns.filter((n) => n <= model.config.block_size))
          post({ type: 'kv', n, withMs: time(n, true), withoutMs: time(n, false) });
        post({ type: 'kvdone', blockSize: model.config.block_size });
        break;
      }
      case 'bench': {
        // `npm run bench`: a fresh run of its own, never the page's, timed as Node times it (on
        // two threads where the page is isolated: the helper is given its chance to start first).
        const bench = () =>
          post({ type: 'bench', result: timeTrainSteps(m.text, m.plan, m.steps, m.warmup) });
        if (helperStarting()) threadsReady().then(bench).catch(fail);
        else bench();
        break;
      }
    }
  } catch (e) {
    fail(e);
  }
};
