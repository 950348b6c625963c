import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TorchGenerator } from '../../engine/index.ts';
import {
  decodeCheckpoint as nodeDecode,
  encodeCheckpoint as nodeEncode,
} from '../../models/checkpoint.ts';
import { generate } from '../../models/generate.ts';
import { countParams, createGpt, forward } from '../../models/gpt.ts';
import { CharTokenizer } from '../../models/tokenizer.ts';
import { train } from '../../models/train.ts';
import { runLab } from '../registry.ts';
import { stepTensor } from '../trace.ts';
import { expectRejected, softmaxRow } from '../test-support.ts';
import { decodeCheckpoint, encodeCheckpoint } from './codec.ts';
import { exercise } from './exercise.ts';
import {
  explain,
  generateTokens,
  gptBeamSearch,
  naiveSoftmax32,
  defaultSettings,
} from './generation.ts';
import { inspect } from './inspect.ts';
import { paramCount, PlanError, presetPlan, Trainer, type Plan } from './trainer.ts';

const TEXT =
  '吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。'.repeat(6) +
  'To be, or not to be, that is the question. '.repeat(4);
const tmp = mkdtempSync(join(tmpdir(), 'shirube-tinygpt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A very small plan for tests: 1 layer, width 16, block 16. */
function smallPlan(iters = 4): Plan {
  const p = presetPlan('tiny', 7);
  p.model = { ...p.model, n_layer: 1, n_embd: 16, block_size: 16 };
  p.train = {
    ...p.train,
    batch_size: 2,
    max_iters: iters,
    eval_interval: 2,
    eval_iters: 1,
    lr_decay_iters: iters,
    warmup: 1,
  };
  return p;
}

describe('tiny-gpt lab', () => {
  it('counts parameters as the model does, and starts the loss at ln V', () => {
    for (const [L, C, T, V] of [
      [2, 32, 32, 65],
      [1, 16, 8, 10],
      [3, 24, 16, 100],
    ]) {
      const t = runLab(
        'tiny-gpt',
        { n_layer: L, n_embd: C, block_size: T, vocab_size: V, n_head: 2 },
        0,
      );
      const model = createGpt(
        { n_layer: L, n_head: 2, n_embd: C, block_size: T, vocab_size: V, dropout: 0 },
        new TorchGenerator(1),
      );
      expect(stepTensor(t, 'total_params').data[0]).toBe(countParams(model));
      expect(stepTensor(t, 'embedding_params').data[0]).toBe(V * C + T * C);
      expect(stepTensor(t, 'uniform_loss').data[0]).toBeCloseTo(Math.log(V), 10);
    }
    // Without biases (the baby preset, as nanoGPT's train.py), the formula drops them too.
    const plain = { n_layer: 2, n_head: 2, n_embd: 16, block_size: 8, dropout: 0, bias: false };
    expect(paramCount(plain, 20)).toBe(
      countParams(createGpt({ ...plain, vocab_size: 20 }, new TorchGenerator(1))),
    );
    expect(paramCount(plain, 20)).toBe(12 * 16 * 16 * 2 + 2 * 16 * 2 + 16 + (20 + 8) * 16);
    expectRejected('tiny-gpt', { n_embd: 30, n_head: 4 }, 'n_head');
    expectRejected('tiny-gpt', { n_layer: 0 }, 'n_layer');
    const ex = exercise(3);
    expect(ex.check(ex.check(NaN).expected).correct).toBe(true);
  });

  it('refuses too little text and too large a config with a clear message', () => {
    expect(() => Trainer.create('短い', presetPlan('tiny'))).toThrow(PlanError);
    expect(() => Trainer.create('短い', presetPlan('tiny'))).toThrow(/too short/);
    const big = presetPlan('baby');
    big.model = { ...big.model, n_layer: 12, n_embd: 768 };
    expect(() => Trainer.create(TEXT.repeat(3), big)).toThrow(/too large/);
  });

  it('the stepwise trainer repeats `shirube train` exactly, and the codec is byte-identical', () => {
    const plan = smallPlan(4);
    const out = join(tmp, 'a.ckpt');
    train({
      text: TEXT,
      configName: 'tiny',
      model: plan.model,
      train: plan.train,
      out,
      seed: plan.seed,
    });
    const tr = Trainer.create(TEXT, plan);
    tr.evaluate();
    while (!tr.done) tr.step();
    const mine = tr.toCheckpoint();
    const theirs = nodeDecode(new Uint8Array(readFileSync(out)));
    expect(mine.params.map((p) => p.name)).toEqual(theirs.params.map((p) => p.name));
    mine.params.forEach((p, i) =>
      expect(Array.from(p.data)).toEqual(Array.from(theirs.params[i].data)),
    );
    expect(mine.history.map((h) => h.iter)).toEqual(theirs.history.map((h) => h.iter));
    expect(mine.rng).toEqual(theirs.rng);
    expect(mine.pending).toEqual(theirs.pending);
    // both encoders write the same bytes; each decoder reads the other's file
    expect(encodeCheckpoint(mine)).toEqual(nodeEncode(mine));
    expect(decodeCheckpoint(readFileSync(out)).params[3].data).toEqual(theirs.params[3].data);
    const bad = encodeCheckpoint(mine);
    bad[bad.length - 1] ^= 1;
    expect(() => decodeCheckpoint(bad)).toThrow(/checksum/);
  });

  it('a browser-format checkpoint loads in Node and generates the same tokens at temperature 0', () => {
    const tr = Trainer.create(TEXT, smallPlan(3));
    while (!tr.done) tr.step();
    const bytes = encodeCheckpoint(tr.toCheckpoint());
    // Node: src/models decodes and generates
    const c = nodeDecode(bytes);
    const nodeModel = Trainer.fromCheckpoint(c).model;
    const prompt = new CharTokenizer(c.chars).encode('吾輩は');
    const node = generate(nodeModel, prompt, { tokens: 40, temperature: 0 });
    // Browser code path: our decoder, the streaming generator (crosses block_size 16)
    const web = Trainer.fromCheckpoint(decodeCheckpoint(bytes));
    const ids = [
      ...generateTokens(web.model, Array.from(prompt), {
        ...defaultSettings,
        strategy: 'greedy',
        tokens: 40,
      }),
    ].map((t) => t.id);
    expect(ids).toEqual(node);
    // and sampling is repeatable by seed
    const s = { ...defaultSettings, tokens: 10, seed: 5 };
    const a = [...generateTokens(web.model, [1], s)].map((t) => t.id);
    expect([...generateTokens(web.model, [1], s)].map((t) => t.id)).toEqual(a);
  });

  it('"why this token": each filter against values computed independently', () => {
    const logits = [3, 1, 3, 0.5, -2];
    const s = {
      ...defaultSettings,
      temperature: 0.5,
      top_k: 3,
      top_p: 0.8,
      repetition_penalty: 1.5,
    };
    const { why } = explain(logits, [0, 3], s, 0);
    const pen = [2, 1, 3, 0.5 / 1.5, -2]; // 3/1.5, 0.5/1.5 (seen, positive)
    pen.forEach((v, i) => expect(why.penalized[i]).toBeCloseTo(v, 5));
    const p = softmaxRow(pen.map((v) => v / 0.5));
    p.forEach((v, i) => expect(why.probs[i]).toBeCloseTo(v, 5));
    // top-3: ids 2, 0, 1
    const k = [p[0], p[1], p[2], 0, 0];
    const zk = k.reduce((a, b) => a + b, 0);
    k.forEach((v, i) => expect(why.top_k_probs[i]).toBeCloseTo(v / zk, 5));
    // top-p 0.8: id 2 alone has p[2]/zk ≈ 0.86 ≥ 0.8 → only id 2
    expect(p[2] / zk).toBeGreaterThan(0.8);
    expect(why.top_p_probs).toEqual([0, 0, 1, 0, 0]);
    // temperature 0.05 on logits ~10: the naive float32 softmax overflows, the stable one does not
    const hot = explain([10, 9.9, 1], [], { ...defaultSettings, temperature: 0.05 }, 0).why;
    expect(hot.naive.some((v) => Number.isNaN(v))).toBe(true);
    expect(hot.probs.every((v) => Number.isFinite(v))).toBe(true);
    expect(naiveSoftmax32([1, 2])[1]).toBeCloseTo(softmaxRow([1, 2])[1], 6);
  });

  it('inspect: its float64 forward matches the engine, attention rows are causal distributions', () => {
    const tr = Trainer.create(TEXT, smallPlan(2));
    const m = tr.model;
    const ids = Array.from(tr.tokenizer.encode('猫である。名前'));
    const ins = inspect(m, ids, 3);
    const V = m.config.vocab_size;
    const ref = forward(m, Int32Array.from(ids), 1, ids.length).data;
    ins.logits.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-4));
    expect(ins.attention.length).toBe(1);
    expect(ins.attention[0].length).toBe(2);
    const T = ids.length;
    const w = ins.attention[0][1];
    for (let i = 0; i < T; i++) {
      expect(w.slice(i * T, (i + 1) * T).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      for (let j = i + 1; j < T; j++) expect(w[i * T + j]).toBe(0);
    }
    expect(ins.residualNorms.length).toBe(2);
    expect(ins.lens.length).toBe(2);
    const last = softmaxRow(Array.from(ref.slice((T - 1) * V, T * V)));
    expect(ins.next[0].p).toBeCloseTo(Math.max(...last), 4);
    // beam search on the model with width 1 is greedy
    const greedy = [
      ...generateTokens(m, ids, { ...defaultSettings, strategy: 'greedy', tokens: 3 }),
    ].map((t) => t.id);
    expect(gptBeamSearch(m, ids, 1, 3).best.tokens).toEqual(greedy);
    // A model without biases reads them as zeros.
    const nb = createGpt({ ...m.config, bias: false }, new TorchGenerator(2));
    const nbRef = forward(nb, Int32Array.from(ids), 1, ids.length).data;
    inspect(nb, ids, 3).logits.forEach((v, i) => expect(Math.abs(v - nbRef[i])).toBeLessThan(1e-4));
  });
});
