// The tiny-GPT worker in Node, with a fake `self`: one training loop chain however quickly pause and
// resume follow each other, stop is final (until a new run or a loaded checkpoint), the KV timing
// stays within block_size, and `bench` times a run of its own.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { presetPlan, type Plan } from '../../labs/tiny-gpt/trainer.ts';
import { BUILTIN_TEXT } from '../gpt/builtin-text.ts';
import type { FromWorker, ToWorker } from '../gpt/protocol.ts';
import { benchPlan } from './train-bench.ts';

const posted: FromWorker[] = [];
const scope = globalThis as unknown as {
  self: { postMessage(m: FromWorker): void; onmessage: ((e: { data: ToWorker }) => void) | null };
};
const send = (m: ToWorker) => scope.self.onmessage!({ data: m });
const states = () => posted.filter((m) => m.type === 'state').map((m) => m.state);
const lastIter = () => posted.filter((m) => m.type === 'step').at(-1)?.iter ?? 0;

function smallPlan(): Plan {
  const p = presetPlan('tiny');
  return {
    ...p,
    model: { ...p.model, n_layer: 1, n_embd: 16, n_head: 2, block_size: 16 },
    train: { ...p.train, batch_size: 2, max_iters: 100_000, eval_interval: 100_000, eval_iters: 1 },
  };
}

describe('gpt worker', () => {
  beforeAll(async () => {
    scope.self = { postMessage: (m) => posted.push(m), onmessage: null };
    await import('./gpt-worker.ts');
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a quick pause → resume leaves one loop chain, not two', () => {
    // Only the timers are fake: performance.now() still runs, so each loop turn lasts ~60 ms.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    send({ type: 'start', text: BUILTIN_TEXT, plan: smallPlan() });
    expect(vi.getTimerCount()).toBe(1);
    send({ type: 'pause' });
    send({ type: 'resume' });
    // the paused chain's turn is still queued beside the resumed one …
    expect(vi.getTimerCount()).toBe(2);
    vi.runOnlyPendingTimers();
    // … but only one of them trained and queued its next turn
    expect(vi.getTimerCount()).toBe(1);
    const iter = lastIter();
    expect(iter).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      send({ type: 'pause' });
      send({ type: 'resume' });
    }
    vi.runOnlyPendingTimers();
    expect(vi.getTimerCount()).toBe(1);
    expect(lastIter()).toBeGreaterThan(iter);
    expect(states().slice(-2)).toEqual(['paused', 'running']);
  });

  it('stop is final: resume does nothing until a new run or a loaded checkpoint', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    send({ type: 'stop' });
    expect(states().at(-1)).toBe('stopped');
    vi.runOnlyPendingTimers(); // the stopped chain's queued turn ends at once
    expect(vi.getTimerCount()).toBe(0);
    const iter = lastIter();
    const n = posted.length;
    send({ type: 'resume', text: BUILTIN_TEXT });
    vi.runOnlyPendingTimers();
    expect(posted.length).toBe(n); // no 'running', no steps
    expect(lastIter()).toBe(iter);

    // the checkpoint is kept, and loading it makes a resumable model again
    send({ type: 'checkpoint' });
    const ckpt = posted.at(-1)!;
    expect(ckpt.type).toBe('checkpoint');
    if (ckpt.type !== 'checkpoint') return;
    send({ type: 'load', bytes: ckpt.bytes });
    expect(states().at(-1)).toBe('paused');
    send({ type: 'resume', text: BUILTIN_TEXT });
    expect(states().at(-1)).toBe('running');
    vi.runOnlyPendingTimers();
    expect(lastIter()).toBeGreaterThan(iter);
    send({ type: 'stop' });
    // and a new run starts from scratch
    send({ type: 'start', text: BUILTIN_TEXT, plan: smallPlan() });
    expect(states().at(-1)).toBe('running');
    send({ type: 'pause' });
  });

  it('times the KV cache only up to block_size', () => {
    const from = posted.length;
    send({ type: 'kvbench', ns: [8, 16, 32, 64], repeats: 1 });
    const kv = posted.slice(from).filter((m) => m.type === 'kv');
    expect(kv.map((m) => m.n)).toEqual([8, 16]); // block_size 16
    for (const m of kv) expect(m.withMs > 0 && m.withoutMs > 0).toBe(true);
    expect(posted.at(-1)).toEqual({ type: 'kvdone', blockSize: 16 });
  });

  it('bench times steps of a fresh run, leaving the page’s run alone', () => {
    const iter = lastIter();
    const from = posted.length;
    const plan = benchPlan('tiny');
    expect(plan.train.eval_interval).toBeGreaterThan(1000);
    send({ type: 'bench', text: BUILTIN_TEXT, plan, steps: 3, warmup: 1 });
    const out = posted.slice(from);
    expect(out.map((m) => m.type)).toEqual(['bench']);
    const r = out[0].type === 'bench' ? out[0].result : null;
    expect(r!.stepMs).toHaveLength(3);
    expect(r!.stepMs.every((ms) => ms > 0)).toBe(true);
    expect(r!.medianMs).toBe([...r!.stepMs].sort((a, b) => a - b)[1]);
    expect(r!.tokensPerStep).toBe(plan.train.batch_size * plan.model.block_size);
    expect(lastIter()).toBe(iter);
  });
});
