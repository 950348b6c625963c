import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AdamW,
  BufferPool,
  kernels,
  noGrad,
  reuseBuffers,
  Rng,
  TorchGenerator,
  useKernels,
} from '../engine/index.ts';
import { useNodeThreads } from '../engine/node.ts';
import {
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
  loadCheckpoint,
  modelFromCheckpoint,
} from './checkpoint.ts';
import { configs } from './config.ts';
import { DataError, readCurriculumText, readTextFile } from './data.ts';
import { generate, KvCache } from './generate.ts';
import { createGpt, decayed, forward, loss, type Gpt } from './gpt.ts';
import { sampleNext } from './sample.ts';
import { generatedText } from './test-text.ts';
import { CharTokenizer } from './tokenizer.ts';
import { firstBatch } from './steps.ts';
import { splitLoss, train, type TrainOptions } from './train.ts';

const dir = mkdtempSync(join(tmpdir(), 'shirube-models-'));
const text = generatedText(20000);
const small: Partial<TrainOptions> = {
  configName: 'tiny',
  model: { n_layer: 1, n_head: 2, n_embd: 32, block_size: 16 },
  train: {
    lr: 1e-2,
    min_lr: 1e-3,
    warmup: 5,
    lr_decay_iters: 60,
    eval_interval: 10,
    eval_iters: 4,
    batch_size: 8,
  },
};

const modelAt = (path: string): Gpt => modelFromCheckpoint(loadCheckpoint(path));

describe('training', () => {
  const out = join(dir, 'drop.ckpt');
  it('50 iterations bring the loss at least 30% below its start (≈ ln V)', () => {
    const r = train({ ...small, text, maxIters: 50, out });
    const V = new Set(text).size;
    const start = r.history[0].train_loss;
    expect(Math.abs(start - Math.log(V))).toBeLessThan(0.3);
    expect(r.train_loss).toBeLessThan(0.7 * start);
    expect(r.val_loss).toBeLessThan(0.7 * start);
    expect(r.iters).toBe(50);
    expect(existsSync(out)).toBe(true);
  });

  it('a resumed run repeats the uninterrupted run exactly', () => {
    const a = train({ ...small, text, maxIters: 30, out: join(dir, 'a.ckpt'), seed: 7 });
    const bPath = join(dir, 'b.ckpt');
    const first = train({ ...small, text, maxIters: 30, out: bPath, seed: 7, stopAfter: 17 });
    expect(first.iters).toBe(17);
    const b = train({ ...small, text, maxIters: 30, out: bPath, seed: 7, resume: true });
    expect(b.iters).toBe(30);
    const curve = (r: typeof a) =>
      r.history.map(({ iter, train_loss, val_loss }) => [iter, train_loss, val_loss]);
    expect(curve(b)).toEqual(curve(a));
    const wa = loadCheckpoint(join(dir, 'a.ckpt')),
      wb = loadCheckpoint(bPath);
    wa.params.forEach((p, i) =>
      expect(Buffer.from(wb.params[i].data.buffer).equals(Buffer.from(p.data.buffer))).toBe(true),
    );
  });

  it("a format-1 checkpoint (saved before the generator was PyTorch's) still loads and trains on", () => {
    const path = join(dir, 'old.ckpt');
    train({ ...small, text, maxIters: 30, out: path, seed: 7, stopAfter: 10 });
    // Rewrite the header as format 1 wrote it: a 32-bit rngState, no generator state, no pending batch.
    const bytes = readFileSync(path);
    const magic = 'SHIRUBE-CKPT\n'.length;
    const length = bytes.readUInt32LE(magic);
    const header = JSON.parse(bytes.subarray(magic + 4, magic + 4 + length).toString());
    delete header.rng;
    delete header.pending;
    Object.assign(header, { format: 1, rngState: 12345 });
    let json = JSON.stringify(header);
    json += ' '.repeat((4 - ((magic + 4 + Buffer.byteLength(json)) % 4)) % 4);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(Buffer.byteLength(json));
    const payload = bytes.subarray(magic + 4 + length);
    writeFileSync(path, Buffer.concat([bytes.subarray(0, magic), len, Buffer.from(json), payload]));
    const old = loadCheckpoint(path);
    expect(old.iter).toBe(10);
    expect(old.rng).toBeUndefined();
    const r = train({ ...small, text, maxIters: 30, out: path, seed: 7, resume: true });
    expect(r.iters).toBe(30);
    expect(loadCheckpoint(path).rng?.mt).toHaveLength(624); // saved again in format 2
  });

  it("a checkpoint's pending batch is used where it fits the text, and drawn afresh where not", () => {
    const data = Int32Array.from({ length: 50 }, (_, i) => i);
    const kept = firstBatch(data, 2, 4, new TorchGenerator(1), [3, 45]);
    expect(kept.starts).toEqual([3, 45]);
    expect([...kept.x]).toEqual([3, 4, 5, 6, 45, 46, 47, 48]);
    expect([...kept.y]).toEqual([4, 5, 6, 7, 46, 47, 48, 49]);
    // 46 would read past the end (a resumed run given a shorter text): torch.randint(46) twice instead
    const fresh = firstBatch(data, 2, 4, new TorchGenerator(1), [3, 46]);
    const g = new TorchGenerator(1);
    expect(fresh.starts).toEqual([g.uint32() % 46, g.uint32() % 46]);
  });

  it('steps on reused arrays (reuseBuffers) give the losses and weights of steps on fresh ones, bit for bit', () => {
    // Large enough that the threads share the products (B·T·C·4C ≥ 2²⁰ multiply–adds).
    const config = {
      n_layer: 2,
      n_head: 4,
      n_embd: 64,
      block_size: 32,
      vocab_size: 11,
      dropout: 0,
    };
    const run = (pool: BufferPool | null, moveTo?: (n: number) => Float32Array) => {
      const model = createGpt(config, new TorchGenerator(5));
      const opt = new AdamW([...model.params.values()], { lr: 1e-3, weightDecay: 0.1 });
      if (moveTo) opt.moveTo(moveTo); // weights and moments resident too
      const rng = new Rng(6);
      const losses: number[] = [];
      // One batch, six times: steps on it must lower its loss.
      const x = Int32Array.from({ length: 4 * 32 }, () => rng.int(11));
      const y = Int32Array.from({ length: 4 * 32 }, () => rng.int(11));
      for (let step = 0; step < 6; step++) {
        const body = () => {
          const L = loss(model, x, y, 4, 32, { training: true });
          L.backward();
          opt.step();
          return L.item();
        };
        losses.push(pool ? reuseBuffers(pool, body) : body());
      }
      return { losses, weights: [...model.params.values()].map((p) => Array.from(p.data)) };
    };
    const fresh = run(null),
      reused = run(new BufferPool());
    expect(reused.losses).toEqual(fresh.losses);
    expect(reused.weights).toEqual(fresh.weights);
    expect(fresh.losses[5]).toBeLessThan(fresh.losses[0]); // the steps did train
    // The same on two threads, with the pool's arrays resident in the kernels' memory.
    const before = kernels().name;
    try {
      expect(useNodeThreads()).toBe('wasm-threads');
      expect(kernels().resident).toBeDefined();
      const threadsFresh = run(null),
        threadsResident = run(new BufferPool(kernels().resident)),
        allResident = run(new BufferPool(kernels().resident), kernels().resident);
      expect(threadsResident.losses).toEqual(threadsFresh.losses);
      expect(threadsResident.weights).toEqual(threadsFresh.weights);
      expect(allResident.losses).toEqual(threadsFresh.losses);
      expect(allResident.weights).toEqual(threadsFresh.weights);
    } finally {
      useKernels(before === 'plain' ? 'plain' : 'auto');
    }
  });

  it('a buffer pool hands back the same arrays, zeroed, and only arrays of the asked length', () => {
    const pool = new BufferPool();
    const a = pool.take(5).fill(7),
      b = pool.take(3).fill(7);
    expect(pool.take(5)).not.toBe(a); // lent arrays are not lent twice
    pool.restore();
    const again = [pool.take(5), pool.take(5), pool.take(3)];
    expect(again).toContain(a);
    expect(again[2]).toBe(b);
    for (const arr of again) expect(Array.from(arr)).toEqual(new Array(arr.length).fill(0));
    expect(pool.take(4).length).toBe(4);
  });

  it('rejects bad input with clear messages', () => {
    expect(() => train({ ...small, text: '', out: join(dir, 'x.ckpt') })).toThrow(/empty/);
    expect(() =>
      train({ ...small, text: 'too short for a block', out: join(dir, 'x.ckpt') }),
    ).toThrow(/has 21 characters; with block_size 16/);
    // A checkpoint from another configuration.
    expect(() =>
      train({
        ...small,
        model: { ...small.model, n_embd: 16 },
        text,
        out,
        resume: true,
        maxIters: 60,
      }),
    ).toThrow(/n_embd=32.*but this run asks for.*n_embd=16/);
    // Text with characters outside the checkpoint's vocabulary.
    expect(() => train({ ...small, text: text + 'ぁ', out, resume: true, maxIters: 60 })).toThrow(
      /vocabulary/,
    );
    expect(() => train({ ...small, text, out: join(dir, 'missing.ckpt'), resume: true })).toThrow(
      /does not exist/,
    );
    expect(() => train({ ...small, configName: 'huge', text, out })).toThrow(
      /unknown config "huge"/,
    );
  });
});

describe('checkpoints', () => {
  it('round trip is bit-identical, and damage is detected', () => {
    const path = join(dir, 'drop.ckpt');
    const c = loadCheckpoint(path);
    const again = decodeCheckpoint(encodeCheckpoint(c));
    expect(again.config).toEqual(c.config);
    expect(again.chars).toEqual(c.chars);
    expect(again.iter).toBe(c.iter);
    expect(again.rng).toEqual(c.rng);
    expect(again.pending).toEqual(c.pending);
    again.params.forEach((p, i) => {
      expect(p.name).toBe(c.params[i].name);
      expect(Buffer.from(p.data.buffer).equals(Buffer.from(c.params[i].data.buffer))).toBe(true);
    });
    again.optimizer.buffers.forEach((b, i) => expect([...b]).toEqual([...c.optimizer.buffers[i]]));

    const bytes = readFileSync(path);
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 5] ^= 0x40;
    expect(() => decodeCheckpoint(flipped, 'x')).toThrow(/checksum/);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 100), 'x')).toThrow(
      CheckpointError,
    );
    expect(() => decodeCheckpoint(new TextEncoder().encode('hello, world'), 'x')).toThrow(
      /signature/,
    );
    const corrupt = join(dir, 'corrupt.ckpt');
    writeFileSync(corrupt, flipped);
    expect(() => loadCheckpoint(corrupt)).toThrow(/not a valid checkpoint/);
  });
});

describe('the loss over a whole split (shirube eval)', () => {
  it('a model of zeros predicts uniformly: ln V, every one of the n − 1 targets counted once', () => {
    const V = 11;
    const model = createGpt(
      { ...configs.tiny.model, block_size: 16, vocab_size: V },
      new TorchGenerator(1),
    );
    for (const p of model.params.values()) p.data.fill(0);
    // 88 tokens: 87 targets = 5 full windows of 16 (batches of 2, 2, 1) and one window of 7.
    const data = Int32Array.from({ length: 88 }, (_, i) => (i * 7) % V);
    const r = splitLoss(model, data, 2);
    expect(r.tokens).toBe(87);
    expect(r.loss).toBeCloseTo(Math.log(V), 6);
  });

  it('equals the mean of −log p(next) over every position, computed window by window in float64', () => {
    const model = modelAt(join(dir, 'drop.ckpt'));
    const tok = new CharTokenizer(loadCheckpoint(join(dir, 'drop.ckpt')).chars);
    const data = tok.encode(text.slice(5000, 5000 + 16 * 7 + 4)); // 7 full windows and a short one
    const T = model.config.block_size,
      V = model.config.vocab_size;
    let sum = 0,
      n = 0;
    for (let start = 0; start < data.length - 1; start += T) {
      const t = Math.min(T, data.length - 1 - start);
      const logits = noGrad(() => forward(model, data.subarray(start, start + t), 1, t)).data;
      for (let j = 0; j < t; j++) {
        const row = Array.from(logits.subarray(j * V, (j + 1) * V));
        const max = Math.max(...row);
        const logZ = max + Math.log(row.reduce((a, z) => a + Math.exp(z - max), 0));
        sum += logZ - row[data[start + j + 1]];
        n++;
      }
    }
    const r = splitLoss(model, data, 3);
    expect(r.tokens).toBe(data.length - 1);
    expect(n).toBe(data.length - 1);
    expect(r.loss).toBeCloseTo(sum / n, 5);
  });
});

describe('generation', () => {
  it('the KV-cache path gives the same logits as forward(), position by position', () => {
    const model = modelAt(join(dir, 'drop.ckpt'));
    const ids = new CharTokenizer(loadCheckpoint(join(dir, 'drop.ckpt')).chars).encode(
      'the cat sees',
    );
    const V = model.config.vocab_size;
    const full = noGrad(() => forward(model, ids, 1, ids.length)).data;
    const cache = new KvCache(model);
    ids.forEach((id, t) => {
      const logits = cache.step(id);
      for (let v = 0; v < V; v++) expect(logits[v]).toBeCloseTo(full[t * V + v], 4);
    });
  });

  it('with and without the cache, greedy generation is the same token for token (past the block too)', () => {
    const model = modelAt(join(dir, 'drop.ckpt'));
    const tok = new CharTokenizer(loadCheckpoint(join(dir, 'drop.ckpt')).chars);
    const prompt = tok.encode('a');
    const withCache = generate(model, prompt, { tokens: 40, temperature: 0 });
    const without = generate(model, prompt, { tokens: 40, temperature: 0, kvCache: false });
    expect(withCache).toEqual(without);
    expect(tok.decode(withCache)).toMatch(/^[a-z .\n]+$/);
  });

  it('sampling: greedy ties go to the lower id; top-k and top-p renormalise', () => {
    const rng = new Rng(3);
    expect(sampleNext([1, 3, 3, 0], { temperature: 0 }, rng)).toBe(1);
    const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    const counts = [0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[sampleNext(logits, { topK: 2 }, rng)]++;
    expect(counts[2]).toBe(0);
    expect(counts[0] / 20000).toBeCloseTo(0.625, 1); // 0.5 / (0.5 + 0.3)
    expect(sampleNext(logits, { topP: 0.4 }, rng)).toBe(0); // 0.5 ≥ 0.4 already
    const c2 = [0, 0, 0];
    for (let i = 0; i < 20000; i++) c2[sampleNext(logits, { topP: 0.75 }, rng)]++;
    expect(c2[2]).toBe(0);
  });
});

describe('without biases (nanoGPT train.py bias=False, the baby config)', () => {
  const config = {
    n_layer: 2,
    n_head: 2,
    n_embd: 16,
    block_size: 12,
    vocab_size: 11,
    dropout: 0,
    bias: false,
  };

  it('has no bias parameters; the count is 12C²·L + 2C·L + C + (V + T)·C', () => {
    const model = createGpt(config, new TorchGenerator(3));
    expect([...model.params.keys()].filter((n) => n.endsWith('.bias'))).toEqual([]);
    const { n_layer: L, n_embd: C, vocab_size: V, block_size: T } = config;
    let n = 0;
    for (const p of model.params.values()) n += p.size;
    expect(n).toBe(12 * C * C * L + 2 * C * L + C + (V + T) * C);
  });

  it('the KV cache gives forward()’s logits, and a checkpoint of it round-trips', () => {
    const model = createGpt(config, new TorchGenerator(4));
    // Move the gains off 1 so the norms matter.
    const rng = new Rng(5);
    for (const [name, p] of model.params)
      if (name.includes('ln')) for (let i = 0; i < p.size; i++) p.data[i] = 0.5 + rng.next();
    const ids = Int32Array.of(1, 5, 2, 9, 0, 3);
    const V = config.vocab_size;
    const full = noGrad(() => forward(model, ids, 1, ids.length)).data;
    const cache = new KvCache(model);
    ids.forEach((id, t) => {
      const logits = cache.step(id);
      for (let v = 0; v < V; v++) expect(logits[v]).toBeCloseTo(full[t * V + v], 4);
    });
    expect(generate(model, Int32Array.of(1), { tokens: 20, temperature: 0 })).toEqual(
      generate(model, Int32Array.of(1), { tokens: 20, temperature: 0, kvCache: false }),
    );
  });
});

describe('weight decay (decay_embeddings)', () => {
  // With zero gradients Adam's step is 0/(0 + ε) = 0, so one AdamW step only shrinks the decayed
  // tensors: w ← w·(1 − lr·λ), and leaves the others exactly as they were.
  const config = { n_layer: 1, n_head: 2, n_embd: 8, block_size: 4, vocab_size: 5, dropout: 0 };
  const lr = 0.5,
    wd = 0.1;
  for (const embeddings of [true, false]) {
    it(`embeddings ${embeddings ? 'decay' : 'do not decay'}; matrices always, biases and gains never`, () => {
      const model = createGpt(config, new TorchGenerator(6));
      const params = [...model.params.values()];
      const before = new Map([...model.params].map(([n, p]) => [n, Float32Array.from(p.data)]));
      for (const p of params) p.gradBuffer().fill(0);
      new AdamW(params, { lr, weightDecay: wd, decays: decayed(model, embeddings) }).step();
      for (const [name, p] of model.params) {
        const shrinks =
          name === 'wte' || name === 'wpe' ? embeddings : name.endsWith('.weight') && p.ndim === 2;
        const factor = shrinks ? 1 - lr * wd : 1;
        const w0 = before.get(name)!;
        for (let i = 0; i < p.size; i++) expect(p.data[i]).toBeCloseTo(w0[i] * factor, 7);
      }
    });
  }
});

describe('text and tokens', () => {
  it('the character tokenizer round-trips Japanese and surrogate pairs', () => {
    const s = 'しるべ — 注意機構 attention 🐱';
    const tok = CharTokenizer.fromText(s);
    expect(tok.decode(tok.encode(s))).toBe(s);
    expect(tok.chars).toContain('🐱');
    expect(tok.vocabSize).toBe(new Set(Array.from(s)).size);
    expect(() => tok.encode('x')).toThrow(/not in the vocabulary/);
  });

  it('reads files and the curriculum directory, with clear errors', () => {
    expect(() => readTextFile(join(dir, 'nope.txt'))).toThrow(DataError);
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    expect(() => readTextFile(empty)).toThrow(/is empty/);
    const content = mkdtempSync(join(tmpdir(), 'shirube-content-'));
    writeFileSync(join(content, 'b.md'), '# 注意\n');
    writeFileSync(join(content, 'a.yaml'), 'id: x\n');
    writeFileSync(join(content, 'c.png'), 'binary');
    expect(readCurriculumText(content)).toBe('id: x\n\n\n# 注意\n');
  });
});

describe('initial weights', () => {
  it("are nanoGPT's for the seed: PyTorch's draws in nanoGPT's order, each Linear transposed", () => {
    // Printed by PyTorch (bench/pytorch/draws.py): torch.manual_seed(7), nanoGPT's modules for V=11,
    // C=16, 2 heads, 2 layers, block 8, no biases; shapes in PyTorch's layout (a Linear is (out, in)).
    const torch: Record<
      string,
      { shape: number[]; first: number[]; last: number; sum: number; sumsq: number }
    > = {
      wte: {
        shape: [11, 16],
        first: [-0.013292144052684307, 0.01116141490638256, 0.010964212007820606],
        last: -0.018647590652108192,
        sum: 0.23451721869059838,
        sumsq: 0.07161944779928077,
      },
      wpe: {
        shape: [8, 16],
        first: [0.008972948417067528, -0.011624625883996487, 0.02866184711456299],
        last: 0.004931950941681862,
        sum: 0.4046020656824112,
        sumsq: 0.04894111719295925,
      },
      'h.0.attn.c_attn.weight': {
        shape: [48, 16],
        first: [-0.016928596422076225, 0.013807990588247776, 0.002075773663818836],
        last: 0.021805500611662865,
        sum: 0.0595360496736248,
        sumsq: 0.2825878837001555,
      },
      'h.0.attn.c_proj.weight': {
        shape: [16, 16],
        first: [0.0181281678378582, -0.006817469839006662, 0.0173978041857481],
        last: -0.001858826377429068,
        sum: -0.29699543706374243,
        sumsq: 0.027909001772015486,
      },
      'h.0.mlp.c_fc.weight': {
        shape: [64, 16],
        first: [-0.01293350663036108, 0.009129928424954414, 0.042172592133283615],
        last: -0.04161474108695984,
        sum: 0.18225697178786504,
        sumsq: 0.40052287305778433,
      },
      'h.0.mlp.c_proj.weight': {
        shape: [16, 64],
        first: [0.0017466949066147208, -0.0244070366024971, -0.012001019902527332],
        last: -0.01246023178100586,
        sum: -0.28838189344060083,
        sumsq: 0.09922923979710407,
      },
      'h.1.attn.c_attn.weight': {
        shape: [48, 16],
        first: [0.020669685676693916, 0.00838588085025549, -0.004609107039868832],
        last: 0.023792853578925133,
        sum: 0.13241733086033491,
        sumsq: 0.30923473515349015,
      },
      'h.1.attn.c_proj.weight': {
        shape: [16, 16],
        first: [-0.008748200722038746, 0.01685004122555256, 0.0001314482797170058],
        last: 0.006977550219744444,
        sum: 0.060403437084460165,
        sumsq: 0.02519326641941675,
      },
      'h.1.mlp.c_fc.weight': {
        shape: [64, 16],
        first: [0.010689285583794117, 0.014171360060572624, 0.036400385200977325],
        last: -0.009798388928174973,
        sum: -0.3154749650893791,
        sumsq: 0.4018446113757593,
      },
      'h.1.mlp.c_proj.weight': {
        shape: [16, 64],
        first: [-0.007859394885599613, 0.0004412416892591864, -0.012372724711894989],
        last: -0.000600595842115581,
        sum: 0.11299016469001799,
        sumsq: 0.10436160562418267,
      },
    };
    const gen = new TorchGenerator(7);
    const model = createGpt(
      { n_layer: 2, n_head: 2, n_embd: 16, block_size: 8, vocab_size: 11, dropout: 0, bias: false },
      gen,
    );
    expect([...model.params.keys()].filter((n) => !n.includes('ln'))).toEqual(Object.keys(torch));
    for (const [name, want] of Object.entries(torch)) {
      const p = model.params.get(name)!;
      const [rows, cols] = want.shape;
      const linear = name.startsWith('h.');
      expect(p.shape).toEqual(linear ? [cols, rows] : want.shape);
      // PyTorch's flat index k is (row k / cols, column k % cols); ours is transposed for a Linear.
      const at = (k: number) =>
        linear ? p.data[(k % cols) * rows + Math.floor(k / cols)] : p.data[k];
      const got = [at(0), at(1), at(2), at(rows * cols - 1)];
      [...want.first, want.last].forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThan(3e-8));
      let sum = 0,
        sumsq = 0;
      for (const v of p.data) {
        sum += v;
        sumsq += v * v;
      }
      expect(Math.abs(sum - want.sum)).toBeLessThan(1e-5);
      expect(Math.abs(sumsq - want.sumsq)).toBeLessThan(1e-6);
    }
    for (const n of ['h.0.ln_1.weight', 'ln_f.weight'])
      expect([...model.params.get(n)!.data].every((v) => v === 1)).toBe(true);
    // and the generator has moved exactly as far as PyTorch's
    expect([gen.int(1000), gen.int(1000), gen.int(1000)]).toEqual([227, 576, 624]);
  });
});
