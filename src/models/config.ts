// GPT and training configurations. `baby` is nanoGPT's CPU configuration for shakespeare_char.

export type GptConfig = {
  n_layer: number;
  n_head: number;
  n_embd: number;
  block_size: number;
  vocab_size: number;
  dropout: number;
  /**
   * Biases in the linear layers and layer norms (GPT-2 has them). nanoGPT's train.py turns them off
   * ("a bit better and faster"), and so does `baby`. Absent means true (checkpoints written before
   * the option existed).
   */
  bias?: boolean;
};

/** Whether a config has biases (absent: yes). */
export const hasBias = (c: Pick<GptConfig, 'bias'>): boolean => c.bias !== false;

export type TrainConfig = {
  batch_size: number;
  max_iters: number;
  lr: number;
  min_lr: number;
  warmup: number;
  lr_decay_iters: number;
  betas: [number, number];
  weight_decay: number;
  /**
   * Whether AdamW's weight decay also shrinks the embeddings wte (the tied head) and wpe. It always
   * shrinks the matrices of the linear layers and never the biases or layer-norm gains. nanoGPT since
   * mid-2023 decays every tensor of 2 or more dimensions (yes); minGPT, and nanoGPT when its README
   * measured the CPU baby run, keep embeddings out (no). Absent means yes (checkpoints written before
   * the option existed).
   */
  decay_embeddings?: boolean;
  grad_clip: number;
  eval_interval: number;
  eval_iters: number;
};

export type NamedConfig = { model: Omit<GptConfig, 'vocab_size'>; train: TrainConfig };

export const configs: Record<string, NamedConfig> = {
  baby: {
    model: { n_layer: 4, n_head: 4, n_embd: 128, block_size: 64, dropout: 0, bias: false },
    train: {
      batch_size: 12,
      max_iters: 2000,
      lr: 1e-3,
      min_lr: 1e-4,
      warmup: 100,
      lr_decay_iters: 2000,
      betas: [0.9, 0.99],
      weight_decay: 0.1,
      grad_clip: 1.0,
      eval_interval: 250,
      eval_iters: 20,
    },
  },
  // A minute-scale model for trying things out and for tests.
  tiny: {
    model: { n_layer: 2, n_head: 2, n_embd: 32, block_size: 32, dropout: 0 },
    train: {
      batch_size: 8,
      max_iters: 300,
      lr: 3e-3,
      min_lr: 3e-4,
      warmup: 20,
      lr_decay_iters: 300,
      betas: [0.9, 0.99],
      weight_decay: 0.1,
      grad_clip: 1.0,
      eval_interval: 50,
      eval_iters: 10,
    },
  },
};

/** Same architecture (dropout may differ). */
export function sameModelConfig(a: GptConfig, b: GptConfig): boolean {
  const keys = ['n_layer', 'n_head', 'n_embd', 'block_size', 'vocab_size'] as const;
  return keys.every((k) => a[k] === b[k]) && hasBias(a) === hasBias(b);
}

export function describeConfig(c: GptConfig): string {
  return `n_layer=${c.n_layer} n_head=${c.n_head} n_embd=${c.n_embd} block_size=${c.block_size} vocab_size=${c.vocab_size} bias=${hasBias(c)}`;
}
