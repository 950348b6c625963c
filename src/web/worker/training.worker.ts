// The training worker: trains the cross-attention lab's encoder–decoder (Adam, ~1–2 s) and the
// embedding lab's word2vec off the page's thread, posting (step, loss) as it goes, then the weights.
import { train } from '../../labs/cross-attention/model.ts';
import { buildVocab, trainSgns } from '../../labs/embedding/word2vec.ts';
import type { PlainTensor, TrainMessage, TrainRequest } from './protocol.ts';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<TrainRequest>) => void) | null;
  postMessage(message: TrainMessage, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  const job = e.data;
  const progress = (total: number) => (step: number, loss: number) =>
    scope.postMessage({ id: job.id, type: 'progress', step, total, loss });
  try {
    if (job.lab === 'cross-attention') {
      const m = train(job.config, job.seed, progress(job.config.steps));
      const weights: Record<string, PlainTensor> = {};
      for (const [k, t] of Object.entries(m.weights)) weights[k] = { shape: t.shape, data: t.data };
      scope.postMessage(
        { id: job.id, type: 'done', result: { lab: job.lab, weights, losses: m.losses } },
        [...new Set(Object.values(weights).map((t) => t.data.buffer as ArrayBuffer))],
      );
    } else {
      const m = trainSgns(buildVocab(job.text), job.config, job.seed, progress(job.config.epochs));
      scope.postMessage({ id: job.id, type: 'done', result: { lab: job.lab, ...m } });
    }
  } catch (err) {
    scope.postMessage({ id: job.id, type: 'error', message: (err as Error).message });
  }
};
