import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { rows, stepTensor } from '../trace.ts';
import { expectClose, expectRejected, stepIds } from '../test-support.ts';
import { exercise } from './exercise.ts';
import type { EmbeddingTrace } from './lab.ts';
import { buildVocab, cosine, pca2, sgnsStep, trainSgns } from './word2vec.ts';
import { curriculumCorpus, sentences, words } from './curriculum.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// The curriculum's own text as the web page gathers it from /api/concepts: per concept, its title,
// summary and body in Japanese, and the same in English (read here straight from content/).
type Bi = { ja?: string; en?: string };
const dir = join(import.meta.dirname, '../../../content/concepts');
const concepts = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => parse(readFileSync(join(dir, f), 'utf8')) as { title: Bi; summary?: Bi; body: Bi });
const docs = concepts.flatMap((c) =>
  (['ja', 'en'] as const).map((l) => `${c.title[l]}\n${c.summary?.[l] ?? ''}\n${c.body[l]}`),
);
const rawText = docs.join('\n').toLowerCase();

const sig = (x: number) => 1 / (1 + Math.exp(-x));

describe('embedding lab', () => {
  it('cosine and dot by hand', () => {
    expect(cosine([1, 2], [2, 1])).toBeCloseTo(4 / 5, 12); // (2+2)/(√5·√5)
    expect(cosine([1, 0], [0, 3])).toBe(0);
    expect(cosine([1, 1], [-2, -2])).toBeCloseTo(-1, 12);
  });

  it('one SGD step of skip-gram negative sampling matches the hand-computed gradient', () => {
    // v_c = (1, 0), u_o = (0.5, 0.5), one negative u_n = (−1, 0), lr = 0.1
    // v_c·u_o = 0.5, σ = 0.62246;  v_c·u_n = −1, σ = 0.26894
    // ∂v_c = (σ(0.5) − 1)·u_o + σ(−1)·u_n = (−0.18877 − 0.26894, −0.18877)
    // ∂u_o = (σ(0.5) − 1)·v_c = (−0.37754, 0);  ∂u_n = σ(−1)·v_c = (0.26894, 0)
    const vc = [1, 0],
      uo = [0.5, 0.5],
      un = [-1, 0];
    const loss = sgnsStep(vc, uo, [un], 0.1);
    const go = sig(0.5) - 1,
      gn = sig(-1);
    expect(loss).toBeCloseTo(-Math.log(sig(0.5)) - Math.log(sig(1)), 12); // 0.787339
    expect(loss).toBeCloseTo(0.787339, 5);
    expect(vc[0]).toBeCloseTo(1 - 0.1 * (go * 0.5 - gn), 12); // 1.0457712
    expect(vc[1]).toBeCloseTo(-0.1 * go * 0.5, 12); // 0.0188770
    expect(vc[0]).toBeCloseTo(1.0457712, 6);
    expect(uo).toEqual([expect.closeTo(0.5 - 0.1 * go, 12), 0.5]);
    expect(un).toEqual([expect.closeTo(-1 - 0.1 * gn, 12), 0]);
  });

  it('PCA finds the known principal axis of a 2-D dataset', () => {
    // points along (1, 1) with a little spread along (1, −1): axis 1 = (1, 1)/√2, axis 2 = (1, −1)/√2 up to sign
    const X = [-2, -1, 1, 2].flatMap((t) => [0.1, -0.1].map((s) => [t + s, t - s]));
    const { axes, variances, projection } = pca2(X);
    const r = Math.SQRT1_2;
    expect(axes[0][0]).toBeCloseTo(r, 6);
    expect(axes[0][1]).toBeCloseTo(r, 6);
    expect(Math.abs(axes[1][0])).toBeCloseTo(r, 6);
    expect(axes[1][0] * axes[1][1]).toBeCloseTo(-0.5, 6);
    // variance along (1,1)/√2: mean of (√2·t)² = 2·(4+1+1+4)/4 = 5; across: (√2·0.1)² = 0.02
    expect(variances[0]).toBeCloseTo(5, 6);
    expect(variances[1]).toBeCloseTo(0.02, 6);
    expect(projection[0][0]).toBeCloseTo(-2 * Math.SQRT2, 6);
  });

  it('trains on the built-in corpus: loss falls, steps are the documented ones, numbers agree', () => {
    const t0 = performance.now();
    const t = runLab('embedding', {}, 1) as EmbeddingTrace;
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(stepIds(t)).toEqual([
      'counts',
      'loss',
      'E',
      'lookup',
      'dot',
      'cosine',
      'neighbours',
      'pca_axes',
      'projection',
    ]);
    const loss = stepTensor(t, 'loss').data;
    expect(loss.at(-1)!).toBeLessThan(0.8 * loss[0]);
    const E = rows(stepTensor(t, 'E'));
    const [ia, ib] = t.steps.find((s) => s.id === 'lookup')!.tensors.ids.data;
    expect(t.vocab[ia]).toBe('猫');
    expect(t.vocab[ib]).toBe('犬');
    expectClose(stepTensor(t, 'lookup'), [E[ia], E[ib]]);
    const a = E[ia],
      b = E[ib];
    let d = 0,
      na = 0,
      nb = 0;
    for (let i = 0; i < a.length; i++) {
      d += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    expectClose(stepTensor(t, 'dot'), [d]);
    expectClose(stepTensor(t, 'cosine'), [d / Math.sqrt(na * nb)]);
    // neighbours: sorted, and the best one really is the highest cosine to the query
    const q = E[t.vocab.indexOf('トークン')];
    const best = E.map((e, i) => (t.vocab[i] === 'トークン' ? -2 : cosine(q, e)));
    const nb0 = stepTensor(t, 'neighbours').data;
    expect(nb0[0]).toBeCloseTo(Math.max(...best), 10);
    expect([...nb0].sort((x, y) => y - x)).toEqual(nb0);
    expect(stepTensor(t, 'projection').shape).toEqual([t.vocab.length, 2]);
  });

  it('sentences end at 。; a window never crosses them', () => {
    expect(buildVocab('a b。 c a\nb').sentences).toEqual([[0, 1], [2, 0], [1]]);
  });

  it('splits Japanese into words with Intl.Segmenter, joining katakana and okurigana, dropping punctuation', () => {
    const seg = new Intl.Segmenter('ja', { granularity: 'word' });
    // ICU cuts 埋|め|込み and ク|エリ and トランス|フォー|マ|ー; particles (を, の) and 、。 go.
    expect(words('埋め込みベクトルを読み込み、取り出す。', seg)).toEqual([
      '埋め込み',
      'ベクトル',
      '読み込み',
      '取り出す',
    ]);
    expect(words('トランスフォーマーのデコーダとクエリ', seg)).toEqual([
      'トランスフォーマー',
      'デコーダ',
      'クエリ',
    ]);
    expect(words('The Attention weights, in 2017!', seg)).toEqual(['attention', 'weights']);
  });

  it('builds a small corpus from the curriculum: Japanese and English words of content/, no punctuation, capped', () => {
    const text = curriculumCorpus(docs);
    const v = buildVocab(text);
    const tokens = v.sentences.flat().length;
    expect(v.words.length).toBeLessThanOrEqual(300);
    expect(v.words.length).toBeGreaterThan(150);
    expect(tokens).toBeLessThanOrEqual(3000);
    expect(tokens).toBeGreaterThan(2000);
    // Only words: no punctuation or symbols, no numbers, nothing that is not in content/.
    for (const w of v.words) {
      expect(w).not.toMatch(/[\p{P}\p{S}\s]/u);
      expect(rawText.includes(w), w).toBe(true);
    }
    // Japanese words of the curriculum, in kanji and in katakana, and English ones.
    for (const w of ['注意', '損失', 'トークン', 'エンコーダ', 'デコーダ', 'attention', 'encoder'])
      expect(v.words).toContain(w);
    expect(
      v.words.filter((w) => /\p{Script=Han}|\p{Script=Katakana}/u.test(w)).length,
    ).toBeGreaterThan(100);
    expect(v.words.filter((w) => /^[a-z]+$/.test(w)).length).toBeGreaterThan(50);
    // The most frequent words are kept: any word left out is at most as frequent as every kept one.
    const seg = new Intl.Segmenter('ja', { granularity: 'word' });
    const all = new Map<string, number>();
    for (const d of docs)
      for (const s of sentences(d))
        for (const w of words(s, seg)) all.set(w, (all.get(w) ?? 0) + 1);
    const kept = Math.min(...v.words.map((w) => all.get(w) ?? 0));
    const dropped = Math.max(...[...all].filter(([w]) => !v.words.includes(w)).map(([, n]) => n));
    expect(dropped).toBeLessThanOrEqual(kept);
    // The same text gives the same corpus.
    expect(curriculumCorpus(docs)).toBe(text);
  });

  it('trains on the curriculum corpus: deterministic, loss falls, エンコーダ and デコーダ end up neighbours', () => {
    const text = curriculumCorpus(docs);
    const config = { dim: 10, window: 2, negatives: 3, epochs: 30, lr: 0.05 };
    const t0 = performance.now();
    const m = trainSgns(buildVocab(text), config, 0);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(m.losses.at(-1)!).toBeLessThan(0.6 * m.losses[0]);
    // A second training with the same seed: the same numbers.
    const again = trainSgns(buildVocab(text), config, 0);
    expect(Array.from(again.Win[5])).toEqual(Array.from(m.Win[5]));
    // Through the lab: the defaults fall back to エンコーダ / デコーダ (猫 and 犬 are not in it).
    const t = runLab('embedding', { text }, 0) as EmbeddingTrace;
    expect(t.params.a).toBe('エンコーダ');
    expect(t.params.b).toBe('デコーダ');
    expect(Array.from(stepTensor(t, 'loss').data)).toEqual(m.losses);
    // Words used in the same sentences come close. エンコーダ and デコーダ (always said together)
    // are among each other's 5 nearest of ~300 words; and over the whole vocabulary, pairs of words
    // that meet within a window are more similar on average than pairs that never do. Cosines are
    // computed here.
    const E = m.Win;
    const v = buildVocab(text);
    const ia = v.words.indexOf('エンコーダ'),
      ib = v.words.indexOf('デコーダ');
    const s = cosine(E[ia], E[ib]);
    expect(E.filter((e, i) => i !== ia && i !== ib && cosine(E[ia], e) > s).length).toBeLessThan(5);
    const near = new Set<number>();
    for (const sent of v.sentences)
      sent.forEach((w, i) => {
        for (let j = Math.max(0, i - 2); j <= Math.min(sent.length - 1, i + 2); j++)
          if (sent[j] !== w) near.add(w * v.words.length + sent[j]);
      });
    let sumNear = 0,
      nNear = 0,
      sumFar = 0,
      nFar = 0;
    for (let i = 0; i < E.length; i++)
      for (let j = 0; j < E.length; j++) {
        if (i === j) continue;
        const c = cosine(E[i], E[j]);
        if (near.has(i * v.words.length + j)) {
          sumNear += c;
          nNear++;
        } else {
          sumFar += c;
          nFar++;
        }
      }
    expect(sumNear / nNear - sumFar / nFar).toBeGreaterThan(0.15); // measured 0.64 against 0.30
    expect(t.neighbours).toHaveLength(5);
  });

  it('rejects bad params naming the key', () => {
    expectRejected('embedding', { a: 'ユニコーン' }, 'a');
    expectRejected('embedding', { query: 'x' }, 'query');
    expectRejected('embedding', { text: 'a a a' }, 'text');
    expectRejected('embedding', { dim: 1 }, 'dim');
    expectRejected('embedding', { lr: NaN }, 'lr');
    expectRejected('embedding', { size: 3 }, 'size');
  });

  it('exercise: cosine of two integer vectors', () => {
    const ex = exercise(2);
    const a = ex.inputs.a as number[],
      b = ex.inputs.b as number[];
    const d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    const want = d / Math.hypot(...a) / Math.hypot(...b);
    expect(ex.check(want).correct).toBe(true);
    expect(ex.check(want + 0.05).correct).toBe(false);
  });
});
