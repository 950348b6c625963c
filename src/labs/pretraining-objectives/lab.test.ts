import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { rows } from '../trace.ts';
import { stepTensor } from '../trace.ts';
import { expectRejected, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';

describe('pretraining-objectives lab', () => {
  it('GPT predicts every next token from the left; BERT the masked ones from both sides', () => {
    const t = runLab('pretraining-objectives', { text: 'a b c a', masked: [1, 3] }, 0);
    expect(stepIds(t)).toEqual([
      'clm_visible',
      'clm_targets',
      'mlm_visible',
      'mlm_targets',
      'predicted_fraction',
    ]);
    expect(t.tokens).toEqual(['a', 'b', 'c', 'a']);
    expect(rows(stepTensor(t, 'clm_visible'))).toEqual([
      [1, 0, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 1, 0],
      [1, 1, 1, 1],
    ]);
    expect(stepTensor(t, 'clm_targets').data).toEqual([1, 2, 0, -1]); // ids: a 0, b 1, c 2
    expect(rows(stepTensor(t, 'mlm_visible'))).toEqual([
      [0, 0, 0, 0],
      [1, 1, 1, 1],
      [0, 0, 0, 0],
      [1, 1, 1, 1],
    ]);
    expect(stepTensor(t, 'mlm_targets').data).toEqual([-1, 1, -1, 0]);
    expect(t.result.data).toEqual([3 / 4, 2 / 4]);
  });

  it('Japanese without spaces is split per character; seeded masking masks at least one', () => {
    const t = runLab('pretraining-objectives', { text: '猫が好き', mask_rate: 0.01 }, 3);
    expect(t.tokens).toEqual(['猫', 'が', '好', 'き']);
    expect(stepTensor(t, 'mlm_targets').data.filter((v) => v >= 0).length).toBe(1);
    expect(runLab('pretraining-objectives', {}, 5)).toEqual(
      runLab('pretraining-objectives', {}, 5),
    );
    expectRejected('pretraining-objectives', { text: '' }, 'text');
    expectRejected('pretraining-objectives', { mask_rate: 2 }, 'mask_rate');
    const ex = exercise(2);
    expect(ex.check(ex.check(NaN).expected).correct).toBe(true);
  });
});
