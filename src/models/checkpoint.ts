// Checkpoints: one binary file with a JSON header (config, tokenizer, iteration, RNG state, tensor
// layout, checksum) followed by the float32 weights and optimizer buffers. Written to a temporary
// file and renamed, so an interrupted run leaves the previous checkpoint intact.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Rng } from '../engine/index.ts';
import type { GptConfig, TrainConfig } from './config.ts';
import { createGpt, type Gpt } from './gpt.ts';

const MAGIC = 'SHIRUBE-CKPT\n';
const VERSION = 1;

export type Checkpoint = {
  config: GptConfig;
  train: TrainConfig;
  configName: string;
  chars: string[];
  iter: number;
  rngState: number;
  seed: number;
  /** Parameter tensors by name, in model order. */
  params: { name: string; shape: number[]; data: Float32Array }[];
  optimizer: { step: number; buffers: Float32Array[] };
  /** Evaluation history, so that a resumed run reports the whole curve. */
  history: { iter: number; train_loss: number; val_loss: number }[];
};

type Header = Omit<Checkpoint, 'params' | 'optimizer'> & {
  format: typeof VERSION;
  params: { name: string; shape: number[] }[];
  optimizer: { step: number; lengths: number[] };
  checksum: number;
};

/** FNV-1a over the payload's 32-bit words: catches truncation and flipped bytes. */
function checksum(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193) >>> 0;
  return h;
}

export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const arrays = [...c.params.map((p) => p.data), ...c.optimizer.buffers];
  const floats = arrays.reduce((n, a) => n + a.length, 0);
  const payload = new Float32Array(floats);
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

export class CheckpointError extends Error {}

export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): Checkpoint {
  const bad = (why: string) => new CheckpointError(`${source} is not a valid checkpoint (${why})`);
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC)
    throw bad('wrong file signature');
  if (bytes.length < MAGIC.length + 4) throw bad('truncated');
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4 + length;
  if (start > bytes.length) throw bad('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, start)));
  } catch {
    throw bad('unreadable header');
  }
  if (header.format !== VERSION) throw bad(`format ${header.format}, expected ${VERSION}`);
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
  const { format: _f, checksum: _c, ...rest } = header;
  return { ...rest, params, optimizer: { step: header.optimizer.step, buffers } };
}

/** Writes atomically: a temporary file beside the target, then a rename over it. */
export function saveCheckpoint(path: string, c: Checkpoint): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, encodeCheckpoint(c));
  renameSync(tmp, path);
}

export function loadCheckpoint(path: string): Checkpoint {
  if (!existsSync(path)) throw new CheckpointError(`checkpoint ${path} does not exist`);
  return decodeCheckpoint(new Uint8Array(readFileSync(path)), path);
}

/** The model a checkpoint holds, with its trained weights. */
export function modelFromCheckpoint(c: Checkpoint): Gpt {
  const model = createGpt(c.config, new Rng(0));
  const params = [...model.params.values()];
  c.params.forEach((p, i) => params[i].data.set(p.data));
  return model;
}
