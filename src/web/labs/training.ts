// What a lab page must do before the lab's run can draw it without freezing: train the
// cross-attention model or word2vec in a Web Worker (progress: step and loss), or load the real
// tokenizers' encodings (their own chunks). The result goes into the lab's own cache, so the run on
// the page then only reads it. Without Worker (server-side render, tests) nothing is prepared and
// the run trains in place as on the command line.
import { useEffect, useMemo, useState } from 'react';
import { Tensor } from '../../engine/index.ts';
import type { LabDef } from '../../labs/catalogue.ts';
import * as crossAttention from '../../labs/cross-attention/lab.ts';
import type { Weights } from '../../labs/cross-attention/model.ts';
import * as embedding from '../../labs/embedding/lab.ts';
import { parseParams } from '../../labs/params.ts';
import { encodingsLoaded, loadEncodings } from '../../labs/tokenization/real.ts';
import type { TrainJob, TrainMessage, TrainRequest, TrainResult } from '../worker/protocol.ts';

export type Prep = TrainJob | { lab: 'tokenization' };

/** The preparation lab `lab` needs before running on `params`, or null when it can run now. */
export function preparation(lab: LabDef, params: unknown, seed: number): Prep | null {
  if (lab.id === 'tokenization') return encodingsLoaded() ? null : { lab: 'tokenization' };
  if (typeof Worker === 'undefined') return null;
  if (lab.id !== 'cross-attention' && lab.id !== 'embedding') return null;
  let p: unknown;
  try {
    p = parseParams(lab, params);
  } catch {
    return null; // the run reports the bad parameter
  }
  if (lab.id === 'cross-attention') {
    const config = crossAttention.modelConfig(p as crossAttention.Params);
    return crossAttention.isTrained(config, seed) ? null : { lab: lab.id, config, seed };
  }
  const e = p as embedding.Params;
  if (embedding.isTrained(e, seed)) return null;
  const { dim, window, negatives, epochs, lr } = e;
  return { lab: lab.id, text: e.text, config: { dim, window, negatives, epochs, lr }, seed };
}

function store(job: TrainJob, r: TrainResult): void {
  if (job.lab === 'cross-attention' && r.lab === 'cross-attention') {
    const weights = Object.fromEntries(
      Object.entries(r.weights).map(([k, t]) => [k, new Tensor(t.data, t.shape)]),
    ) as Weights;
    crossAttention.storeTrained(job.config, job.seed, { weights, losses: r.losses });
  } else if (job.lab === 'embedding' && r.lab === 'embedding') {
    const p = { text: job.text, ...job.config } as embedding.Params;
    embedding.storeTrained(p, job.seed, { Win: r.Win, Wout: r.Wout, losses: r.losses });
  }
}

let worker: Worker | null = null;
let nextId = 1;

/** Runs a preparation; cancel() stops a training that is still going (the worker is replaced). */
export function prepare(
  prep: Prep,
  onProgress: (step: number, total: number, loss: number) => void,
): { done: Promise<void>; cancel(): void } {
  if (prep.lab === 'tokenization') return { done: loadEncodings(), cancel() {} };
  const job = prep;
  const id = nextId++;
  const w = (worker ??= new Worker(new URL('../worker/training.worker.ts', import.meta.url), {
    type: 'module',
  }));
  let settled = false;
  let cleanup = () => {};
  const done = new Promise<void>((resolve, reject) => {
    const onMessage = (e: MessageEvent<TrainMessage>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') return onProgress(m.step, m.total, m.loss);
      settled = true;
      cleanup();
      if (m.type === 'done') {
        store(job, m.result);
        resolve();
      } else reject(new Error(m.message));
    };
    const onError = (e: ErrorEvent) => {
      settled = true;
      cleanup();
      worker?.terminate();
      worker = null;
      reject(new Error(e.message || 'the training worker failed'));
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    cleanup = () => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
    };
  });
  w.postMessage({ ...job, id } satisfies TrainRequest);
  return {
    done,
    cancel() {
      if (settled) return;
      settled = true;
      cleanup();
      if (worker === w) worker = null;
      w.terminate();
    },
  };
}

export interface Progress {
  step: number;
  total: number;
  losses: number[];
}

/**
 * Prepares what the lab needs for these params; `ready` turns true when the run can go ahead
 * (`version` changes each time a preparation finishes, for memos that depend on it). `params`
 * undefined: not known yet (the embedding lab's curriculum text is loading), so not ready.
 */
export function usePreparation(lab: LabDef, params: unknown, seed: number) {
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<{ prep: Prep; progress: Progress | null; error?: string }>();
  const prep = useMemo(() => {
    void version; // re-read the lab's cache after a preparation finished
    return params === undefined ? null : preparation(lab, params, seed);
  }, [lab, params, seed, version]);
  useEffect(() => {
    if (!prep) return;
    const run = prepare(prep, (step, total, loss) =>
      setState((s) => ({
        prep,
        progress: {
          step,
          total,
          losses: [...(s?.prep === prep && s.progress ? s.progress.losses : []), loss],
        },
      })),
    );
    run.done.then(
      () => setVersion((v) => v + 1),
      (e: Error) => setState({ prep, progress: null, error: e.message }),
    );
    return run.cancel;
  }, [prep]);
  const current = state && state.prep === prep ? state : undefined;
  return {
    ready: params !== undefined && prep === null,
    version,
    prep,
    progress: current?.progress ?? null,
    error: current?.error ?? null,
  };
}
