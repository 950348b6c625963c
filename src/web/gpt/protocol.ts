// Messages between the tiny-GPT page and its worker (src/web/worker/gpt-worker.ts).
import type { Bilingual } from '../../labs/trace.ts';
import type { GenSettings, Why } from '../../labs/tiny-gpt/generation.ts';
import type { Inspection } from '../../labs/tiny-gpt/inspect.ts';
import type { EvalPoint, Plan } from '../../labs/tiny-gpt/trainer.ts';
import type { TrainBenchResult } from '../worker/train-bench.ts';
import type { BeamStep } from '../../labs/beam-search/beam.ts';

export type ModelInfo = {
  params: number;
  vocab: string[];
  iter: number;
  maxIters: number;
  tokensPerStep: number;
  plan: Plan;
  history: EvalPoint[];
  canTrain: boolean;
  kernels: string;
};

export type ToWorker =
  | { type: 'start'; text: string; plan: Plan }
  | { type: 'pause' }
  | { type: 'resume'; text?: string }
  | { type: 'stop' }
  | { type: 'load'; bytes: Uint8Array }
  | { type: 'checkpoint' }
  | { type: 'generate'; prompt: string; settings: GenSettings }
  | { type: 'inspect'; prompt: string }
  | { type: 'kvbench'; ns: number[]; repeats: number }
  /** `npm run bench`: time steps of a fresh run (not the page's), as Node does (train-bench.ts). */
  | { type: 'bench'; text: string; plan: Plan; steps: number; warmup: number };

export type RunState = 'idle' | 'running' | 'paused' | 'stopped' | 'done';

export type FromWorker =
  | { type: 'model'; info: ModelInfo }
  | { type: 'state'; state: RunState }
  | {
      type: 'step';
      iter: number;
      loss: number;
      lr: number;
      tokensPerS: number;
      etaS: number;
      /** The kernels now (the helper thread joins in after the first steps). */
      kernels: string;
    }
  | { type: 'eval'; point: EvalPoint }
  | { type: 'error'; message: Bilingual }
  | { type: 'checkpoint'; bytes: Uint8Array }
  | { type: 'token'; id: number; text: string; why: Why }
  | { type: 'beam'; history: BeamStep[]; best: { tokens: number[]; score: number } }
  | { type: 'generated'; dropped: string[] }
  | { type: 'inspection'; data: Inspection }
  | { type: 'kv'; n: number; withMs: number; withoutMs: number }
  | { type: 'kvdone'; blockSize: number }
  | { type: 'bench'; result: TrainBenchResult };
