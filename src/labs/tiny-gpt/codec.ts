// The checkpoint file format, as the browser uses it (worker, IndexedDB, downloads): the same module
// `shirube train` writes with (src/models/checkpoint-format.ts has no file-system half), so the bytes
// are the same either way.
export {
  CheckpointError as CheckpointFormatError,
  decodeCheckpoint,
  encodeCheckpoint,
  type Checkpoint,
} from '../../models/checkpoint-format.ts';
