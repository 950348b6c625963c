// Checkpoints on disk: the format (checkpoint-format.ts), written to a temporary file and renamed,
// so an interrupted run leaves the previous checkpoint intact.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
  type Checkpoint,
} from './checkpoint-format.ts';

export * from './checkpoint-format.ts';

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
