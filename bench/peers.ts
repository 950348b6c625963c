// Loads the benchmark peers (TensorFlow.js with its cpu and wasm backends) when installed: from the
// project's node_modules, or from a node_modules root named by $SHIRUBE_PEERS. Absent peers are
// reported as null, never faked.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// NOTE: typed loosely on purpose: the peers are optional and their types may be absent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tf = any;

function requireFrom(): NodeJS.Require[] {
  const roots = [join(process.cwd(), 'package.json')];
  if (process.env.SHIRUBE_PEERS)
    roots.unshift(join(process.env.SHIRUBE_PEERS, '..', 'package.json'));
  return roots.map((r) => createRequire(r));
}

function load(name: string): { mod: Tf; req: NodeJS.Require } | null {
  for (const req of requireFrom()) {
    try {
      return { mod: req(name), req };
    } catch {
      // try the next root
    }
  }
  return null;
}

export type Peers = { tf: Tf; backends: ('cpu' | 'wasm')[]; note: string };

/** TensorFlow.js with whichever of its cpu and wasm backends load here, or null. */
export async function loadPeers(): Promise<Peers | null> {
  const tf = load('@tensorflow/tfjs');
  if (!tf) return null;
  const backends: ('cpu' | 'wasm')[] = ['cpu'];
  let note = `@tensorflow/tfjs ${tf.mod.version?.tfjs ?? ''}`;
  const wasm = load('@tensorflow/tfjs-backend-wasm');
  if (wasm) {
    const dist = dirname(wasm.req.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.mod.setWasmPaths(dist + '/');
    try {
      await tf.mod.setBackend('wasm');
      await tf.mod.ready();
      backends.push('wasm');
      note += `, tfjs-backend-wasm (SIMD ${await tf.mod.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, threads ${await tf.mod.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')})`;
    } catch (e) {
      note += `, tfjs-backend-wasm failed to start: ${(e as Error).message}`;
    }
  }
  return { tf: tf.mod, backends, note };
}
