// Full-text search that works for Japanese (no spaces between words) and English. Pure: no HTTP,
// no SQL. Text is normalised with NFKC and lower-cased; runs of kanji/kana become character bigrams
// (and unigrams, so one-character queries work); other letters and digits become words. Documents
// are scored with BM25 (title terms count triple); every query term must occur (AND). Snippets carry
// the highlighted ranges as offsets into the snippet text.
import type { Curriculum } from './load.ts';
import type { Guide } from './schema.ts';
import type { LogEntryDto, NoteDto, SearchHitDto, SearchKind } from '../shared/api.ts';

export interface SearchField {
  /** Where the text comes from ('title', 'summary.ja', 'body.en', 'learned', …). */
  name: string;
  text: string;
  /** Term weight; titles are 3, the rest 1. */
  weight?: number;
}

export interface SearchDoc {
  kind: SearchKind;
  id: string;
  title: string;
  titleEn: string;
  fields: SearchField[];
}

interface PreparedField {
  name: string;
  /** The field's text with whitespace runs collapsed: what snippets are cut from. */
  text: string;
  norm: Normalized;
  weight: number;
}

/** A document tokenised once; build these for static content and reuse them across queries. */
export interface PreparedDoc {
  doc: SearchDoc;
  fields: PreparedField[];
  /** Weighted term frequencies. */
  tf: Map<string, number>;
  length: number;
}

// ---- normalisation ----

/** A normalised text and, for each of its UTF-16 units, the range of the original it came from. */
export interface Normalized {
  text: string;
  start: number[];
  end: number[];
}

const MARK = /^[\p{M}\uFF9E\uFF9F]$/u;
/** Normalised clusters seen before: content repeats a small alphabet, so this saves most of the work. */
const clusterCache = new Map<string, string>();

/** NFKC + lower case, cluster by cluster (a base character with its combining marks), keeping offsets. */
export function normalizeWithOffsets(original: string): Normalized {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  const n = original.length;
  let i = 0;
  while (i < n) {
    const c = original.charCodeAt(i);
    let j = i + (c >= 0xd800 && c < 0xdc00 && i + 1 < n ? 2 : 1);
    // Combining marks (all at U+0300 or above) and half-width kana voicing marks (ﾞﾟ, which NFKC
    // composes but are not \p{M}) stay with their base.
    while (j < n && original.charCodeAt(j) >= 0x300) {
      const next = String.fromCodePoint(original.codePointAt(j)!);
      if (!MARK.test(next)) break;
      j += next.length;
    }
    let piece: string;
    if (j === i + 1 && c < 0x80) {
      piece = c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : original[i];
    } else {
      const cluster = original.slice(i, j);
      piece = clusterCache.get(cluster) ?? cluster.normalize('NFKC').toLowerCase();
      if (clusterCache.size < 50_000) clusterCache.set(cluster, piece);
    }
    for (let k = 0; k < piece.length; k++) {
      start.push(i);
      end.push(j);
    }
    text += piece;
    i = j;
  }
  return { text, start, end };
}

export function normalize(text: string): string {
  return normalizeWithOffsets(text).text;
}

// ---- tokens ----

/** Kanji, hiragana, katakana and the marks that live inside Japanese words (ー々〆ヶ). */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005\u3006\u30F6\u30FB]/u;
const WORD = /[\p{L}\p{N}]/u;

export interface Segment {
  kind: 'cjk' | 'word';
  text: string;
  /** Offsets in the normalised text. */
  start: number;
  end: number;
}

/** Splits normalised text into runs of Japanese characters and words of other letters/digits. */
export function segments(norm: string): Segment[] {
  const out: Segment[] = [];
  let cur: Segment | undefined;
  let i = 0;
  for (const ch of norm) {
    const kind = CJK.test(ch) ? 'cjk' : WORD.test(ch) ? 'word' : undefined;
    if (kind === undefined || kind !== cur?.kind) {
      if (cur) out.push(cur);
      cur = kind ? { kind, text: '', start: i, end: i } : undefined;
    }
    if (cur) {
      cur.text += ch;
      cur.end = i + ch.length;
    }
    i += ch.length;
  }
  if (cur) out.push(cur);
  return out;
}

/** Index terms of one segment: a word, or a Japanese run's unigrams and bigrams. */
function indexTerms(s: Segment): string[] {
  if (s.kind === 'word') return [s.text];
  const chars = [...s.text];
  const out = [...chars];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Query terms of one segment: a word, a run's bigrams, or the single character of a one-character run. */
function queryTerms(s: Segment): string[] {
  if (s.kind === 'word') return [s.text];
  const chars = [...s.text];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** The distinct terms a query looks for (empty when it has no letters, digits or kana/kanji). */
export function tokenizeQuery(query: string): string[] {
  return [...new Set(segments(normalize(query)).flatMap(queryTerms))];
}

// ---- documents ----

export function prepareDoc(doc: SearchDoc): PreparedDoc {
  const tf = new Map<string, number>();
  let length = 0;
  const fields = doc.fields
    .filter((f) => f.text.trim() !== '')
    .map((f) => {
      const text = f.text.replace(/\s+/g, ' ').trim();
      const norm = normalizeWithOffsets(text);
      const weight = f.weight ?? 1;
      for (const seg of segments(norm.text)) {
        for (const t of indexTerms(seg)) {
          tf.set(t, (tf.get(t) ?? 0) + weight);
          length += weight;
        }
      }
      return { name: f.name, text, norm, weight };
    });
  return { doc, fields, tf, length };
}

const both = (name: string, x: { ja: string; en: string } | undefined, weight?: number): SearchField[] =>
  x ? [{ name: `${name}.ja`, text: x.ja, weight }, { name: `${name}.en`, text: x.en, weight }] : [];

/** Concepts (title, summary, body, why-hard, sub-concepts) and guides (help pages), both languages. */
export function curriculumDocs(curriculum: Curriculum): SearchDoc[] {
  const out: SearchDoc[] = [];
  for (const c of curriculum.concepts.values()) {
    out.push({
      kind: 'concept',
      id: c.id,
      title: c.title.ja,
      titleEn: c.title.en,
      fields: [
        ...both('title', c.title, 3),
        ...both('summary', c.summary),
        ...both('body', c.body),
        ...both('whyHard', c.whyHard),
        ...c.subconcepts.flatMap((s) => both(`subconcepts.${s.id}`, s.title)),
      ],
    });
  }
  for (const g of curriculum.guides.values()) out.push(guideDoc(g));
  return out;
}

function guideDoc(g: Guide): SearchDoc {
  const fields: SearchField[] = [...both('title', g.title, 3)];
  for (const b of g.blocks) {
    fields.push(...both(`${b.id}.title`, b.title));
    if (b.kind === 'checklist') for (const item of b.items) fields.push(...both(`${b.id}.${item.id}`, item.text));
    if (b.kind === 'text') fields.push(...both(`${b.id}.body`, b.body));
    if (b.kind === 'table') {
      b.rows.forEach((row, i) => {
        for (const [key, cell] of Object.entries(row)) {
          if (typeof cell === 'string') fields.push({ name: `${b.id}[${i}].${key}`, text: cell });
          else fields.push(...both(`${b.id}[${i}].${key}`, cell));
        }
      });
    }
  }
  return { kind: 'guide', id: g.id, title: g.title.ja, titleEn: g.title.en, fields };
}

export function noteDoc(note: NoteDto, curriculum: Curriculum): SearchDoc {
  const c = curriculum.concepts.get(note.conceptId);
  return {
    kind: 'note',
    id: note.conceptId,
    title: c ? `ノート: ${c.title.ja}` : `ノート: ${note.conceptId}`,
    titleEn: c ? `Note: ${c.title.en}` : `Note: ${note.conceptId}`,
    fields: [{ name: 'body', text: note.body }],
  };
}

export function logDoc(entry: LogEntryDto): SearchDoc {
  return {
    kind: 'log',
    id: entry.date,
    title: `学習ログ ${entry.date}`,
    titleEn: `Log ${entry.date}`,
    fields: [
      { name: 'learned', text: entry.learned },
      { name: 'implemented', text: entry.implemented },
      { name: 'blockers', text: entry.blockers },
      { name: 'next', text: entry.next },
    ],
  };
}

// ---- search ----

const K1 = 1.2;
const B = 0.75;
/** Characters of context on each side of the first highlight in a snippet. */
const CONTEXT = 40;
const SNIPPET_MAX = 140;

/** Occurrences in normalised text: whole query runs (or their bigrams when the run is not found) and whole words. */
function matches(norm: string, querySegs: Segment[]): [number, number][] {
  const out: [number, number][] = [];
  const find = (needle: string, word: boolean) => {
    let found = false;
    for (let at = norm.indexOf(needle); at >= 0; at = norm.indexOf(needle, at + 1)) {
      if (word) {
        const before = norm.slice(0, at).match(/.$/u)?.[0];
        const after = norm.slice(at + needle.length).match(/^./u)?.[0];
        if ((before && WORD.test(before) && !CJK.test(before)) || (after && WORD.test(after) && !CJK.test(after))) continue;
      }
      out.push([at, at + needle.length]);
      found = true;
    }
    return found;
  };
  for (const s of querySegs) {
    if (s.kind === 'word') find(s.text, true);
    else if (!find(s.text, false)) for (const t of queryTerms(s)) find(t, false);
  }
  out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // Merge overlaps so highlights never nest.
  const merged: [number, number][] = [];
  for (const m of out) {
    const last = merged[merged.length - 1];
    if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
    else merged.push([...m]);
  }
  return merged;
}

function snippet(p: PreparedDoc, querySegs: Segment[], phrase: string): SearchHitDto['snippet'] {
  let best: { f: PreparedField; hits: [number, number][]; rank: number } | undefined;
  for (const f of p.fields) {
    const hits = matches(f.norm.text, querySegs);
    if (hits.length === 0) continue;
    const covered = hits.reduce((n, [a, b]) => n + b - a, 0);
    // The whole query as written beats scattered pieces; then more of the field highlighted.
    const rank = (phrase && f.norm.text.includes(phrase) ? 1e6 : 0) + covered * f.weight;
    if (!best || rank > best.rank) best = { f, hits, rank };
  }
  if (!best) {
    const f = p.fields[0];
    const text = f ? cut(f.text, 0, Math.min(f.text.length, SNIPPET_MAX)) : '';
    return { field: f?.name ?? '', text, highlights: [] };
  }
  const { f, hits } = best;
  // Map normalised offsets back to the field's text.
  const ranges = hits.map(([a, b]) => [f.norm.start[a], f.norm.end[b - 1]] as [number, number]);
  let from = Math.max(0, ranges[0][0] - CONTEXT);
  let to = Math.min(f.text.length, Math.max(ranges[0][1] + CONTEXT, from + SNIPPET_MAX));
  if (to - from > SNIPPET_MAX && ranges[0][1] - from <= SNIPPET_MAX) to = from + SNIPPET_MAX;
  // Never split a surrogate pair.
  if (from > 0 && /[\uDC00-\uDFFF]/.test(f.text[from])) from--;
  if (to < f.text.length && /[\uDC00-\uDFFF]/.test(f.text[to])) to++;
  const prefix = from > 0 ? '…' : '';
  const text = cut(f.text, from, to);
  const highlights = ranges
    .filter(([a, b]) => a >= from && b <= to)
    .map(([a, b]) => ({ start: a - from + prefix.length, end: b - from + prefix.length }));
  return { field: f.name, text, highlights };
}

function cut(text: string, from: number, to: number): string {
  return (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : '');
}

/**
 * Searches prepared documents. Every query term must occur in a document; documents are ranked by
 * BM25 with the document frequencies of this set, ties by kind and id. Returns [] for a query
 * without searchable characters.
 */
export function search(docs: readonly PreparedDoc[], query: string, limit = 20): SearchHitDto[] {
  const normQuery = normalize(query);
  const querySegs = segments(normQuery);
  const terms = [...new Set(querySegs.flatMap(queryTerms))];
  if (terms.length === 0 || docs.length === 0) return [];
  const n = docs.length;
  const avgLength = docs.reduce((s, d) => s + d.length, 0) / n || 1;
  const df = new Map(terms.map((t) => [t, docs.filter((d) => d.tf.has(t)).length]));
  const phrase = querySegs.length === 1 ? querySegs[0].text : normQuery.trim();
  const scored: { p: PreparedDoc; score: number }[] = [];
  for (const p of docs) {
    if (!terms.every((t) => p.tf.has(t))) continue;
    let score = 0;
    for (const t of terms) {
      const f = p.tf.get(t)!;
      const idf = Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
      score += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * p.length) / avgLength));
    }
    // The query's exact text (a Japanese run found whole, not just its bigrams) ranks higher.
    if (p.fields.some((fl) => fl.norm.text.includes(phrase))) score *= 1.5;
    // …and most of all in a title: the concept named by the query comes before those that mention it.
    if (p.fields.some((fl) => fl.weight > 1 && fl.norm.text.includes(phrase))) score *= 2;
    scored.push({ p, score });
  }
  const kindOrder: Record<SearchKind, number> = { concept: 0, guide: 1, note: 2, log: 3 };
  scored.sort((a, b) => b.score - a.score || kindOrder[a.p.doc.kind] - kindOrder[b.p.doc.kind] || a.p.doc.id.localeCompare(b.p.doc.id));
  return scored.slice(0, limit).map(({ p, score }) => ({
    kind: p.doc.kind,
    id: p.doc.id,
    title: p.doc.title,
    titleEn: p.doc.titleEn,
    snippet: snippet(p, querySegs, phrase),
    score: Math.round(score * 1000) / 1000,
  }));
}
