// One baby training step of ours, written out for check_step.py to redo in PyTorch: the initial
// weights (seed 1337), the first training batch of tinyshakespeare, the loss, every gradient, and the
// weights after gradient clipping (1.0) and one AdamW step (lr 5e-4, β = (0.9, 0.99), λ = 0.1).
//
//   npx tsx bench/pytorch/export-step.ts [out.json] [--kernels plain|wasm]
//   python3 bench/pytorch/check_step.py [out.json]
//
// Not part of `npm test` (CI has no PyTorch): a cross-check against an implementation written
// separately, run by hand. Linear weights are ours, (C_in, C_out); the script transposes nothing and
// multiplies x · W as we do.
import { readFileSync, writeFileSync } from 'node:fs';
import { AdamW, clipGradNorm, TorchGenerator, useKernels } from '../../src/engine/index.ts';
import { configs } from '../../src/models/config.ts';
import { createGpt, decayed, loss } from '../../src/models/gpt.ts';
import { CharTokenizer } from '../../src/models/tokenizer.ts';
import { getBatch, splitData } from '../../src/models/train.ts';

const args = process.argv.slice(2);
const k = args.indexOf('--kernels');
const kernels = useKernels(k >= 0 ? (args.splice(k, 2)[1] as 'plain' | 'wasm') : 'auto');
const out = args[0] ?? '/tmp/shirube-step.json';
const data = process.env.SHIRUBE_DATA ?? '../shared/data/tinyshakespeare.txt';

const text = readFileSync(data, 'utf8');
const tok = CharTokenizer.fromText(text);
const { model: shape, train: tc } = configs.baby;
// nanoGPT's start at seed 1337: the initial weights, then the first batch, from one generator
const gen = new TorchGenerator(1337);
const model = createGpt({ ...shape, vocab_size: tok.vocabSize }, gen);
const { x, y } = getBatch(
  splitData(tok.encode(text), shape.block_size).train,
  tc.batch_size,
  shape.block_size,
  gen,
);
const L = loss(model, x, y, tc.batch_size, shape.block_size);
L.backward();

const params = [...model.params.values()];
const before = [...model.params].map(([name, p]) => ({
  name,
  shape: p.shape,
  data: Array.from(p.data),
  grad: Array.from(p.grad!),
}));
const gradNorm = clipGradNorm(params, tc.grad_clip);
const opt = new AdamW(params, {
  lr: 5e-4,
  betas: tc.betas,
  weightDecay: tc.weight_decay,
  decays: decayed(model, tc.decay_embeddings !== false),
});
opt.step();
const dump = {
  kernels,
  config: { ...shape, vocab_size: tok.vocabSize, batch_size: tc.batch_size },
  step: { lr: 5e-4, betas: tc.betas, weight_decay: tc.weight_decay, grad_clip: tc.grad_clip },
  decay_embeddings: tc.decay_embeddings !== false,
  x: Array.from(x),
  y: Array.from(y),
  loss: L.item(),
  grad_norm: gradNorm,
  params: before.map((p, i) => ({ ...p, after: Array.from(params[i].data) })),
};
writeFileSync(out, JSON.stringify(dump));
console.log(`${out}: loss ${L.item()}, gradient norm ${gradNorm} (kernels ${kernels})`);
