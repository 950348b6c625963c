// The same baby GPT written in TensorFlow.js, for the training-step comparison. Measured at its best:
// tfjs-wasm's fast matmul kernel is skipped when transpose flags are set, so every product here is
// an explicit-transpose product with a custom gradient of the same form.

import type { Tf } from './peers.ts';

export type PeerGptConfig = {
  n_layer: number;
  n_head: number;
  n_embd: number;
  block_size: number;
  vocab_size: number;
  /** Biases in the linear layers and norms, as in src/models (absent: yes). */
  bias?: boolean;
};

export function createTfjsGpt(tf: Tf, cfg: PeerGptConfig, seed: number) {
  const { n_layer: L, n_head: H, n_embd: C, block_size, vocab_size: V } = cfg;
  const D = C / H;
  const vars: Record<string, Tf> = {};
  let s = seed;
  const normal = (name: string, shape: number[], std = 0.02) =>
    (vars[name] = tf.variable(tf.randomNormal(shape, 0, std, 'float32', s++), true, name));
  const constant = (name: string, shape: number[], v: number) =>
    (vars[name] = tf.variable(tf.fill(shape, v), true, name));
  const withBias = cfg.bias !== false;
  const zero = (name: string, shape: number[]) => withBias && constant(name, shape, 0);
  normal('wte', [V, C]);
  normal('wpe', [block_size, C]);
  for (let l = 0; l < L; l++) {
    constant(`ln1g${l}`, [C], 1);
    zero(`ln1b${l}`, [C]);
    normal(`attnW${l}`, [C, 3 * C]);
    zero(`attnB${l}`, [3 * C]);
    normal(`projW${l}`, [C, C]);
    zero(`projB${l}`, [C]);
    constant(`ln2g${l}`, [C], 1);
    zero(`ln2b${l}`, [C]);
    normal(`fcW${l}`, [C, 4 * C]);
    zero(`fcB${l}`, [4 * C]);
    normal(`fc2W${l}`, [4 * C, C]);
    zero(`fc2B${l}`, [C]);
  }
  constant('lnfg', [C], 1);
  zero('lnfb', [C]);

  const swap = (t: Tf) => (t.rank === 2 ? tf.transpose(t) : tf.transpose(t, [0, 2, 1]));
  // a·b with dL/da = g·bᵀ, dL/db = aᵀ·g, all without transpose flags.
  const mm = tf.customGrad((a: Tf, b: Tf, save: (t: Tf[]) => void) => {
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy: Tf, [x, y]: Tf[]) => [tf.matMul(dy, swap(y)), tf.matMul(swap(x), dy)],
    };
  });
  const layerNorm = (x: Tf, g: Tf, b: Tf) => {
    const { mean, variance } = tf.moments(x, -1, true);
    const y = x.sub(mean).div(variance.add(1e-5).sqrt()).mul(g);
    return b ? y.add(b) : y;
  };
  /** t + the bias `name`, or t when the model has no biases */
  const plus = (t: Tf, name: string) => (vars[name] ? t.add(vars[name]) : t);
  const gelu = (x: Tf) =>
    x.mul(0.5).mul(tf.tanh(x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1));
  const mask = tf.linalg.bandPart(tf.ones([block_size, block_size]), -1, 0); // 1 on and below the diagonal

  function loss(x: Tf, y: Tf, B: number, T: number): Tf {
    // Embedding as one-hot · wte: tfjs-wasm has no kernel for gather's gradient (UnsortedSegmentSum).
    const tok = mm(tf.oneHot(x.flatten(), V).toFloat(), vars.wte); //      (B·T, C)
    const pos = tf.tile(tf.slice(vars.wpe, [0, 0], [T, C]), [B, 1]); //     (B·T, C)
    let h = tok.add(pos);
    const m = tf.slice(mask, [0, 0], [T, T]);
    for (let l = 0; l < L; l++) {
      const a = layerNorm(h, vars[`ln1g${l}`], vars[`ln1b${l}`]);
      const qkv = plus(mm(a, vars[`attnW${l}`]), `attnB${l}`); //     (B·T, 3C)
      const heads = (i: number) =>
        tf
          .transpose(tf.slice(qkv, [0, i * C], [B * T, C]).reshape([B, T, H, D]), [0, 2, 1, 3])
          .reshape([B * H, T, D]);
      const q = heads(0),
        k = heads(1),
        v = heads(2);
      const att = mm(q, swap(k)).mul(1 / Math.sqrt(D)); //                 (B·H, T, T)
      const masked = tf.where(m.cast('bool'), att, tf.fill(att.shape, -1e9));
      const y = mm(tf.softmax(masked), v); //                              (B·H, T, D)
      const merged = tf.transpose(y.reshape([B, H, T, D]), [0, 2, 1, 3]).reshape([B * T, C]);
      h = h.add(plus(mm(merged, vars[`projW${l}`]), `projB${l}`));
      const f = gelu(
        plus(mm(layerNorm(h, vars[`ln2g${l}`], vars[`ln2b${l}`]), vars[`fcW${l}`]), `fcB${l}`),
      );
      h = h.add(plus(mm(f, vars[`fc2W${l}`]), `fc2B${l}`));
    }
    const logits = mm(layerNorm(h, vars.lnfg, vars.lnfb), swap(vars.wte)); // (B·T, V)
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y.flatten(), V), logits);
  }

  const optimizer = tf.train.adam(1e-3, 0.9, 0.99);
  /** One training step (forward, backward, Adam update); returns the loss. */
  function step(xIds: Int32Array, yIds: Int32Array, B: number, T: number): number {
    const x = tf.tensor2d(xIds, [B, T], 'int32'),
      y = tf.tensor2d(yIds, [B, T], 'int32');
    const value = tf.tidy(() =>
      optimizer.minimize(() => loss(x, y, B, T), true, Object.values(vars)),
    );
    const out = value.dataSync()[0];
    tf.dispose([x, y, value]);
    return out;
  }
  return { step, dispose: () => tf.dispose(Object.values(vars)) };
}
