// The checkpoint file: the magic line, a JSON header (config, tokenizer, iteration, the random
// generator's state, tensor layout, checksum), then the float32 weights and optimizer buffers.
// No file system here, so the browser (worker, IndexedDB, downloads) reads and writes the same bytes
// as `shirube train`; checkpoint.ts adds the atomic save and the load from disk.

import { TorchGenerator, type TorchGeneratorState } from '../engine/index.ts';
import type { GptConfig, TrainConfig } from './config.ts';
import { emptyGpt, type Gpt } from './gpt.ts';

const MAGIC = 'SHIRUBE-CKPT\n';
/** 2: the generator is PyTorch's (its state and the batch drawn for the next step are saved). */
const VERSION = 2;

export type Checkpoint = {
  config: GptConfig;
  train: TrainConfig;
  configName: string;
  chars: string[];
  iter: number;
  seed: number;
  /** The generator after the last draw (format 2; format 1 files had a 32-bit `rngState`). */
  rng?: TorchGeneratorState;
  /** Where the next step's training blocks start: nanoGPT draws them before the evaluation. */
  pending?: number[];
  /** Parameter tensors by name, in model order. */
  params: { name: string; shape: number[]; data: Float32Array }[];
  optimizer: { step: number; buffers: Float32Array[] };
  /** Evaluation history, so that a resumed run reports the whole curve. */
  history: { iter: number; train_loss: number; val_loss: number }[];
};

type Header = Omit<Checkpoint, 'params' | 'optimizer'> & {
  format: number;
  params: { name: string; shape: number[] }[];
  optimizer: { step: number; lengths: number[] };
  checksum: number;
};

export class CheckpointError extends Error {}

/** FNV-1a over the payload's 32-bit words: catches truncation and flipped bytes. */
function checksum(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193) >>> 0;
  return h;
}

export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const arrays = [...c.params.map((p) => p.data), ...c.optimizer.buffers];
  const payload = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    payload.set(a, at);
    at += a.length;
  }
  const header: Header = {
    ...c,
    format: VERSION,
    params: c.params.map(({ name, shape }) => ({ name, shape })),
    optimizer: { step: c.optimizer.step, lengths: c.optimizer.buffers.map((b) => b.length) },
    checksum: checksum(new Uint32Array(payload.buffer)),
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces so the payload starts 4-byte aligned.
  const prefix = MAGIC.length + 4;
  const pad = (4 - ((prefix + json.length) % 4)) % 4;
  if (pad) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(pad));
  const out = new Uint8Array(prefix + json.length + payload.byteLength);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, prefix);
  out.set(new Uint8Array(payload.buffer), prefix + json.length);
  return out;
}

/** Reads formats 1 and 2; a format-1 file has no generator state (see `generatorFor`). */
export function decodeCheckpoint(input: Uint8Array, source = 'checkpoint'): Checkpoint {
  // A plain view: Node's Buffer.slice shares memory instead of copying.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const bad = (why: string) => new CheckpointError(`${source} is not a valid checkpoint (${why})`);
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC)
    throw bad('wrong file signature');
  if (bytes.length < MAGIC.length + 4) throw bad('truncated');
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4 + length;
  if (start > bytes.length) throw bad('truncated header');
  let header: Header & { rngState?: number };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, start)));
  } catch {
    throw bad('unreadable header');
  }
  if (header.format !== 1 && header.format !== VERSION)
    throw bad(`format ${header.format}, expected 1 or ${VERSION}`);
  if ((bytes.length - start) % 4 !== 0) throw bad('truncated payload');
  const payload = new Float32Array(bytes.slice(start).buffer);
  const expected =
    header.params.reduce((n, p) => n + p.shape.reduce((a, d) => a * d, 1), 0) +
    header.optimizer.lengths.reduce((n, l) => n + l, 0);
  if (payload.length !== expected)
    throw bad(`expected ${expected} values, found ${payload.length}`);
  if (checksum(new Uint32Array(payload.buffer)) !== header.checksum) throw bad('checksum mismatch');
  let at = 0;
  const take = (n: number) => payload.slice(at, (at += n));
  const params = header.params.map(({ name, shape }) => ({
    name,
    shape,
    data: take(shape.reduce((a, d) => a * d, 1)),
  }));
  const buffers = header.optimizer.lengths.map(take);
  const { format: _f, checksum: _c, rngState: _r, ...rest } = header;
  return { ...rest, params, optimizer: { step: header.optimizer.step, buffers } };
}

/**
 * The generator a resumed run goes on with: the saved one, or for a format-1 checkpoint (whose
 * generator was not PyTorch's) a new one seeded from the seed and the iteration, so that training
 * still continues, repeatably, though not as the original run would have.
 */
export function generatorFor(c: Checkpoint): TorchGenerator {
  if (c.rng) {
    const g = new TorchGenerator(0);
    g.setState(c.rng);
    return g;
  }
  return new TorchGenerator((c.seed + c.iter) >>> 0);
}

/** The model a checkpoint holds, with its trained weights. */
export function modelFromCheckpoint(c: Checkpoint): Gpt {
  const model = emptyGpt(c.config);
  const params = [...model.params.values()];
  c.params.forEach((p, i) => params[i].data.set(p.data));
  return model;
}
