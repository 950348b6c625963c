import { describe, expect, it } from 'vitest';
import { runLab } from '../registry.ts';
import { stepTensor } from '../trace.ts';
import { expectClose, expectRejected, stepIds } from '../test-support.ts';
import { encodeBpe, trainBpe } from './bpe.ts';
import { exercise } from './exercise.ts';
import type { TokenizationTrace } from './lab.ts';
import { decode, encode, pieces } from './real.ts';

describe('tokenization lab: BPE', () => {
  // Worked by hand on "hug hug pug pun bun":
  //   pairs (first-occurrence order): hu 2, ug 3, pu 2, un 2, bu 1      → merge u+g (3)
  //   h ug ×2, p ug, p u n, b u n: h·ug 2, p·ug 1, p·u 1, u·n 2, b·u 1 → tie at 2, h·ug appears first → hug (2)
  //   hug ×2, p ug, p u n, b u n: p·ug 1, p·u 1, u·n 2, b·u 1         → merge u+n (2)
  //   then every pair occurs once → stop.
  it('learns the merges worked out by hand, ties to the first occurrence', () => {
    const m = trainBpe('hug hug pug pun bun', 10);
    expect(m.merges).toEqual([
      { left: 'u', right: 'g', merged: 'ug', count: 3 },
      { left: 'h', right: 'ug', merged: 'hug', count: 2 },
      { left: 'u', right: 'n', merged: 'un', count: 2 },
    ]);
    expect(m.vocab).toEqual(['h', 'u', 'g', 'p', 'n', 'b', 'ug', 'hug', 'un']);
    expect(encodeBpe('hugs bun', m.merges)).toEqual([
      ['hug', 's'],
      ['b', 'un'],
    ]);
  });

  it('the trace shows the same pairs, merges and encoding', () => {
    const t = runLab(
      'tokenization',
      { text: 'hug hug pug pun bun', merges: 2 },
      0,
    ) as TokenizationTrace;
    expect(stepIds(t)).toEqual([
      'pairs',
      'merges',
      'encoded',
      'o200k',
      'cl100k',
      'token_counts',
      'tokens_per_char',
      'cost',
    ]);
    expect(t.bpe.pairs).toEqual([
      ['h', 'u'],
      ['u', 'g'],
      ['p', 'u'],
      ['u', 'n'],
      ['b', 'u'],
    ]);
    expectClose(stepTensor(t, 'pairs'), [2, 3, 2, 2, 1]);
    expectClose(stepTensor(t, 'merges'), [3, 2]);
    // hug hug p·ug p·u·n b·u·n with vocab h0 u1 g2 p3 n4 b5 ug6 hug7
    expectClose(stepTensor(t, 'encoded'), [7, 7, 3, 6, 3, 1, 4, 5, 1, 4]);
  });
});

describe('tokenization lab: real tokenizers', () => {
  it('"hello world" is 2 tokens in both (tiktoken: o200k [24912, 2375], cl100k [15339, 1917])', () => {
    expect(encode('o200k_base', 'hello world')).toEqual([24912, 2375]);
    expect(encode('cl100k_base', 'hello world')).toEqual([15339, 1917]);
    expect(encode('o200k_base', 'Hello, world!').length).toBe(4); // Hello , world !
    expect(encode('o200k_base', '').length).toBe(0);
  });

  it('round-trips and groups byte fragments into whole characters', () => {
    for (const s of ['私は猫が好きです。', '𠮷野家 and 🍣', 'Tokenization'])
      for (const name of ['o200k_base', 'cl100k_base'] as const) {
        const ids = encode(name, s);
        expect(decode(name, ids)).toBe(s);
        const ps = pieces(name, ids);
        expect(ps.map((p) => p.text).join('')).toBe(s);
        expect(ps.flatMap((p) => p.ids)).toEqual(ids);
        expect(ps.reduce((a, p) => a + p.bytes, 0)).toBe(new TextEncoder().encode(s).length);
        for (const p of ps)
          if (p.fragment) expect(p.raw.some((r) => r.includes('\uFFFD'))).toBe(true);
      }
    // 🍣 is 4 UTF-8 bytes; cl100k splits it, and the group shows the one character with 4 bytes.
    const sushi = pieces('cl100k_base', encode('cl100k_base', '🍣'));
    expect(sushi).toHaveLength(1);
    expect(sushi[0]).toMatchObject({ text: '🍣', bytes: 4, fragment: true });
  });

  it('counts Japanese against English and prices the tokens from the package table', () => {
    const t = runLab(
      'tokenization',
      { ja: '猫', en: 'cat', text: 'hello world', model: 'gpt-4o' },
      0,
    ) as TokenizationTrace;
    expectClose(stepTensor(t, 'o200k'), [24912, 2375]);
    // 猫 is one o200k token but three byte tokens in cl100k (measured; cl100k lacks many kanji)
    expectClose(stepTensor(t, 'token_counts'), [1, 3, 1, 1]);
    expectClose(stepTensor(t, 'tokens_per_char'), [1, 3, 1 / 3, 1 / 3]);
    // 2 tokens × price / 1e6
    const price = t.price;
    expectClose(stepTensor(t, 'cost'), [
      (2 * price.inputPerMillion) / 1e6,
      (2 * price.outputPerMillion) / 1e6,
    ]);
    expect(price.tokens).toBe(2);
  });

  it('the default sentence pair: Japanese takes more tokens per character', () => {
    const t = runLab('tokenization', {}, 0) as TokenizationTrace;
    const [jaO, , enO] = stepTensor(t, 'token_counts').data;
    const r = stepTensor(t, 'tokens_per_char').data;
    expect(r[0]).toBeGreaterThan(r[2]);
    expect(jaO).toBe(encode('o200k_base', t.compare.ja).length);
    expect(enO).toBe(encode('o200k_base', t.compare.en).length);
  });

  it('rejects bad params naming the key', () => {
    expectRejected('tokenization', { merges: -1 }, 'merges');
    expectRejected('tokenization', { merges: 1.5 }, 'merges');
    expectRejected('tokenization', { text: '   ' }, 'text');
    expectRejected('tokenization', { model: 'gpt-99' }, 'model');
    expectRejected('tokenization', { vocab: 3 }, 'vocab');
  });

  it("exercise checks with the lab's own BPE", () => {
    const ex = exercise(3);
    const text = ex.inputs.text as string;
    // independent count: most frequent adjacent pair inside words
    const c = new Map<string, number>();
    for (const w of text.split(' '))
      for (let i = 0; i + 1 < w.length; i++)
        c.set(w.slice(i, i + 2), (c.get(w.slice(i, i + 2)) ?? 0) + 1);
    const best = Math.max(...c.values());
    expect(ex.check(best).correct).toBe(true);
    expect(ex.check(best + 1).correct).toBe(false);
  });
});
