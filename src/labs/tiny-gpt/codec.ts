// The checkpoint file format of src/models/checkpoint.ts, without its Node file-system half, so the
// browser (worker, IndexedDB, downloads) reads and writes byte-identical files to `shirube train`.
// NOTE: a copy of encodeCheckpoint/decodeCheckpoint because checkpoint.ts imports node:fs at the top;
// the tests check that both directions agree byte for byte.
import type { Checkpoint } from '../../models/checkpoint.ts';

export type { Checkpoint };

const MAGIC = 'SHIRUBE-CKPT\n';
const VERSION = 1;

type Header = Omit<Checkpoint, 'params' | 'optimizer'> & {
  format: typeof VERSION;
  params: { name: string; shape: number[] }[];
  optimizer: { step: number; lengths: number[] };
  checksum: number;
};

export class CheckpointFormatError extends Error {}

/** FNV-1a over the payload's 32-bit words. */
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

export function decodeCheckpoint(input: Uint8Array, source = 'checkpoint'): Checkpoint {
  // A plain view: Node's Buffer.slice shares memory instead of copying.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const bad = (why: string) =>
    new CheckpointFormatError(`${source} is not a valid checkpoint (${why})`);
  if (bytes.length < MAGIC.length + 4) throw bad('truncated');
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC)
    throw bad('wrong file signature');
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
  const { format: _f, checksum: _c, ...rest } = header;
  return { ...rest, params, optimizer: { step: header.optimizer.step, buffers } };
}
