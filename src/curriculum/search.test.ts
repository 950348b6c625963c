// Search: normalisation with offsets, Japanese bigrams, English words, BM25 order, snippets.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from './load.ts';
import { curriculumDocs, logDoc, normalize, normalizeWithOffsets, prepareDoc, search, tokenizeQuery, type SearchDoc } from './search.ts';

const doc = (id: string, text: string, title = id): SearchDoc => ({ kind: 'note', id, title, titleEn: title, fields: [{ name: 'body', text }] });
const run = (docs: SearchDoc[], q: string, limit?: number) => search(docs.map(prepareDoc), q, limit);
const marked = (h: { snippet: { text: string; highlights: { start: number; end: number }[] } }) =>
  h.snippet.highlights.map(({ start, end }) => h.snippet.text.slice(start, end));

describe('normalisation and tokens', () => {
  it('applies NFKC and lower case, keeping each character’s original range', () => {
    expect(normalize('ＧＰＴ－２ ﾄｰｸﾝ ﾊﾞｲﾄ')).toBe('gpt-2 トークン バイト');
    const n = normalizeWithOffsets('ﾊﾞｲﾄ');
    expect(n.text).toBe('バイト');
    expect([n.start[0], n.end[0]]).toEqual([0, 2]); // バ came from ﾊﾞ
    expect([n.start[1], n.end[1]]).toEqual([2, 3]);
  });

  it('turns Japanese runs into bigrams (one character alone stays) and the rest into words', () => {
    expect(tokenizeQuery('注意機構')).toEqual(['注意', '意機', '機構']);
    expect(tokenizeQuery('注')).toEqual(['注']);
    expect(tokenizeQuery('Self-Attention の式')).toEqual(['self', 'attention', 'の式']);
    expect(tokenizeQuery('  !?  ')).toEqual([]);
  });
});

describe('search', () => {
  it('finds 注意機構 inside a sentence without spaces and highlights it', () => {
    const hits = run([doc('a', '今日は注意機構の式を追った'), doc('b', '今日は機械学習の構造を追った')], '注意機構');
    expect(hits.map((h) => h.id)).toEqual(['a']);
    expect(hits[0].snippet).toEqual({ field: 'body', text: '今日は注意機構の式を追った', highlights: [{ start: 3, end: 7 }] });
  });

  it('needs every term: 注意 alone does not match 注意機構', () => {
    expect(run([doc('a', '注意して読む')], '注意機構')).toEqual([]);
    expect(run([doc('a', '注意して読む')], '注意').map((h) => h.id)).toEqual(['a']);
  });

  it('finds one-character queries', () => {
    expect(run([doc('a', '式を書く'), doc('b', '図を描く')], '式').map((h) => h.id)).toEqual(['a']);
  });

  it('matches English whole words, case-insensitively', () => {
    const docs = [doc('a', 'Multi-head attention splits the model.'), doc('b', 'Attentional models'), doc('c', 'nothing here')];
    const hits = run(docs, 'ATTENTION');
    expect(hits.map((h) => h.id)).toEqual(['a']);
    expect(marked(hits[0])).toEqual(['attention']);
    expect(run(docs, 'head attention').map((h) => h.id)).toEqual(['a']);
  });

  it('ranks by BM25: titles weigh more; term frequency and document length count', () => {
    const docs: SearchDoc[] = [
      { kind: 'concept', id: 'body-only', title: 'x', titleEn: 'x', fields: [{ name: 'body', text: 'トークン化の話。長い本文がここに続きます。' }] },
      { kind: 'concept', id: 'titled', title: 'トークン化', titleEn: 'Tokenization', fields: [{ name: 'title', text: 'トークン化', weight: 3 }, { name: 'body', text: '本文' }] },
    ];
    expect(run(docs, 'トークン化').map((h) => h.id)).toEqual(['titled', 'body-only']);
    // Same length: more occurrences win. Same count: the shorter document wins (length normalisation).
    const hits = run([doc('a', 'loss loss'), doc('b', 'loss gradient'), doc('c', 'loss'), doc('d', 'gradient')], 'loss');
    expect(hits.map((h) => h.id)).toEqual(['a', 'c', 'b']);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    expect(hits[1].score).toBeGreaterThan(hits[2].score);
  });

  it('cuts long texts around the match with ellipses and offsets into the snippet', () => {
    const long = 'あ'.repeat(300) + '位置エンコーディング' + 'い'.repeat(300);
    const [h] = run([doc('a', long)], '位置エンコーディング');
    expect(h.snippet.text.startsWith('…')).toBe(true);
    expect(h.snippet.text.endsWith('…')).toBe(true);
    expect(h.snippet.text.length).toBeLessThanOrEqual(150);
    expect(marked(h)).toEqual(['位置エンコーディング']);
  });

  it('highlights the original text even when NFKC changed it', () => {
    const [h] = run([doc('a', 'ﾄｰｸﾝ化と ＢＰＥ の話')], 'トークン化 bpe');
    expect(marked(h)).toEqual(['ﾄｰｸﾝ化', 'ＢＰＥ']);
  });

  it('returns [] for no hits and for a query without searchable characters; respects the limit', () => {
    const docs = [doc('a', '注意機構'), doc('b', '注意機構'), doc('c', '注意機構')];
    expect(run(docs, '量子')).toEqual([]);
    expect(run(docs, '...')).toEqual([]);
    expect(run(docs, '注意機構', 2)).toHaveLength(2);
  });

  it('property: any Japanese/English phrase planted in random text is found and highlighted exactly', () => {
    const jp = fc.constantFrom(...'注意機構位置符号化学習率損失関数のはをにがトークンバイトー');
    const filler = fc.array(fc.constantFrom(...'あいうえおかきくけこ、。 '), { maxLength: 30 }).map((a) => a.join(''));
    const phrase = fc.array(jp, { minLength: 2, maxLength: 6 }).map((a) => a.join(''));
    fc.assert(
      fc.property(filler, phrase, filler, (before, p, after) => {
        const hits = run([doc('x', before + p + after)], p);
        expect(hits).toHaveLength(1);
        const text = hits[0].snippet.text;
        expect(hits[0].snippet.highlights.some(({ start, end }) => normalize(text.slice(start, end)).includes(normalize(p)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('documents', () => {
  const curriculum = loadCurriculum([join(import.meta.dirname, '../../test/fixtures/content')]);

  it('indexes concepts in both languages, their sub-concepts and guides', () => {
    const docs = curriculumDocs(curriculum);
    expect(run(docs, '注意機構')[0]).toMatchObject({ kind: 'concept', id: 'attention', title: '注意機構', titleEn: 'Attention' });
    expect(run(docs, 'summary of attention')[0].id).toBe('attention');
    expect(run(docs, 'スケーリング')[0]).toMatchObject({ id: 'attention', snippet: { field: 'subconcepts.scaled.ja' } });
    expect(run(docs, 'エラー')[0]).toMatchObject({ kind: 'guide', id: 'help' });
  });

  it('indexes log entries by their four fields', () => {
    const entry = { date: '2025-03-09', minutes: 30, learned: '', implemented: 'attention.ts を書いた', blockers: '形が合わない', next: '', concepts: [], createdAt: '', updatedAt: '' };
    const [h] = run([logDoc(entry)], '形');
    expect(h).toMatchObject({ kind: 'log', id: '2025-03-09', title: '学習ログ 2025-03-09', snippet: { field: 'blockers' } });
  });
});
