// The tiny GPT's worker: training (step by step, so pause/resume/stop are answered between steps),
// checkpoints, generation, the look inside and the KV-cache timing. All on src/models and the
// engine, as the command line. The page never runs a forward pass itself, so it never freezes.
/// <reference lib="webworker" />
import { kernels } from '../../engine/index.ts';
import { generate } from '../../models/generate.ts';
import { decodeCheckpoint, encodeCheckpoint } from '../../labs/tiny-gpt/codec.ts';
import { generateTokens, gptBeamSearch } from '../../labs/tiny-gpt/generation.ts';
import { inspect } from '../../labs/tiny-gpt/inspect.ts';
import { PlanError, Trainer } from '../../labs/tiny-gpt/trainer.ts';
import type { FromWorker, ToWorker } from '../gpt/protocol.ts';

const post = (m: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

let trainer: Trainer | null = null;
let running = false;
let stopped = false;
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

/** Steps for about 60 ms, reports, then yields so that messages (pause, stop) get through. */
function loop() {
  if (!trainer || !running) return;
  const t0 = performance.now();
  let last: ReturnType<Trainer['step']> | null = null;
  try {
    while (!trainer.done && performance.now() - t0 < 60) {
      last = trainer.step();
      stepsDone++;
      if (last.evaluated) post({ type: 'eval', point: last.evaluated });
    }
  } catch (e) {
    running = false;
    fail(e);
    post({ type: 'state', state: 'stopped' });
    return;
  }
  trainSeconds += (performance.now() - t0) / 1000;
  if (last) {
    const tokensPerS = (stepsDone * trainer.tokensPerStep) / trainSeconds;
    const etaS = ((trainer.maxIters - trainer.iter) * trainer.tokensPerStep) / tokensPerS;
    post({ type: 'step', ...last.step, tokensPerS, etaS });
  }
  if (trainer.done) {
    running = false;
    post({ type: 'state', state: 'done' });
    return;
  }
  setTimeout(loop, 0);
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

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    switch (m.type) {
      case 'start': {
        running = false;
        trainer = Trainer.create(m.text, m.plan);
        stepsDone = 0;
        trainSeconds = 0;
        stopped = false;
        post({ type: 'model', info: info(trainer) });
        post({ type: 'eval', point: trainer.evaluate() });
        running = true;
        post({ type: 'state', state: 'running' });
        setTimeout(loop, 0);
        break;
      }
      case 'pause':
        if (running) {
          running = false;
          post({ type: 'state', state: 'paused' });
        }
        break;
      case 'resume':
        if (!trainer) break;
        if (m.text !== undefined && !trainer.hasText) trainer.setText(m.text);
        if (!running && !trainer.done && trainer.hasText) {
          running = true;
          stopped = false;
          post({ type: 'state', state: 'running' });
          setTimeout(loop, 0);
        }
        break;
      case 'stop':
        running = false;
        stopped = true;
        post({ type: 'state', state: 'stopped' });
        break;
      case 'load': {
        running = false;
        trainer = Trainer.fromCheckpoint(decodeCheckpoint(m.bytes));
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
        for (const n of m.ns)
          post({ type: 'kv', n, withMs: time(n, true), withoutMs: time(n, false) });
        post({ type: 'kvdone', blockSize: model.config.block_size });
        break;
      }
      case 'bench': {
        // Training speed without reporting: m.steps steps of the current run.
        if (!trainer || !trainer.hasText) throw new Error('no training run');
        const t0 = performance.now();
        for (let i = 0; i < m.steps && !trainer.done; i++) trainer.step();
        const s = (performance.now() - t0) / 1000;
        post({ type: 'bench', tokensPerS: (m.steps * trainer.tokensPerStep) / s });
        break;
      }
    }
  } catch (e) {
    fail(e);
  }
  void stopped;
};
