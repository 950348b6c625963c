import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { stepTensor } from '../trace.ts';
import { expectClose, expectRejected, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';
import type { ArchitecturesTrace } from './lab.ts';

describe('architectures lab', () => {
  it('masks and contexts for "I love cats" → 私 は 猫 が 好き, written out by hand', () => {
    const t = runLab('architectures', {}, 0) as ArchitecturesTrace;
    expect(stepIds(t)).toEqual([
      'encoder_mask',
      'decoder_mask',
      'seq2seq_decoder_mask',
      'cross_mask',
      'mlm_context',
      'next_token_context',
      'seq2seq_context',
      'predicted',
    ]);
    expect(t.tokens).toEqual(['I', 'love', 'cats']);
    expect(t.target).toEqual(['私', 'は', '猫', 'が', '好き']);
    // prettier-ignore
    expectClose(stepTensor(t, 'encoder_mask'), [1, 1, 1, 1, 1, 1, 1, 1, 1], [3, 3]);
    // prettier-ignore
    expectClose(stepTensor(t, 'decoder_mask'), [
      1, 0, 0,
      1, 1, 0,
      1, 1, 1], [3, 3]);
    // prettier-ignore
    expectClose(stepTensor(t, 'seq2seq_decoder_mask'), [
      1, 0, 0, 0, 0,
      1, 1, 0, 0, 0,
      1, 1, 1, 0, 0,
      1, 1, 1, 1, 0,
      1, 1, 1, 1, 1], [5, 5]);
    expectClose(stepTensor(t, 'cross_mask'), Array(15).fill(1), [5, 3]);
    // "love" is masked: predicted from "I" and "cats"; nothing else is predicted.
    // prettier-ignore
    expectClose(stepTensor(t, 'mlm_context'), [
      0, 0, 0,
      1, 0, 1,
      0, 0, 0], [3, 3]);
    // prettier-ignore
    expectClose(stepTensor(t, 'next_token_context'), [
      1, 0, 0,
      1, 1, 0,
      1, 1, 1], [3, 3]);
    // columns I love cats | 私 は 猫 が 好き
    // prettier-ignore
    expectClose(stepTensor(t, 'seq2seq_context'), [
      1, 1, 1, 0, 0, 0, 0, 0,
      1, 1, 1, 1, 0, 0, 0, 0,
      1, 1, 1, 1, 1, 0, 0, 0,
      1, 1, 1, 1, 1, 1, 0, 0,
      1, 1, 1, 1, 1, 1, 1, 0], [5, 8]);
    expectClose(t.result, [1, 3, 5]);
    expect(t.architectures.map((a) => a.examples[0])).toEqual(['BERT', 'GPT', 'T5']);
  });

  it('two masked positions hide each other', () => {
    const t = runLab('architectures', { text: 'a b c d', masked: [0, 2] }, 0);
    // prettier-ignore
    expectClose(stepTensor(t, 'mlm_context'), [
      0, 1, 0, 1,
      0, 0, 0, 0,
      0, 1, 0, 1,
      0, 0, 0, 0]);
  });

  it('rejects bad params naming the key', () => {
    expectRejected('architectures', { masked: [3] }, 'masked');
    expectRejected('architectures', { masked: [1, 1] }, 'masked');
    expectRejected('architectures', { text: '' }, 'text');
    expectRejected('architectures', { target: 5 }, 'target');
    expectRejected('architectures', { mask: [1] }, 'mask');
  });

  it('exercise: n(n+1)/2 ones in a causal mask', () => {
    const ex = exercise(4);
    const n = ex.inputs.n as number;
    expect(ex.check((n * (n + 1)) / 2).correct).toBe(true);
    expect(ex.check((n * (n + 1)) / 2 + 1).correct).toBe(false);
  });
});
