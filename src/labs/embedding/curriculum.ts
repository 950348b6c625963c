// The embedding lab's corpus made from the curriculum's own text (the concepts' titles, summaries and
// bodies, Japanese and English). Pure: the caller brings the text (the web page fetches it from
// /api/concepts as the tiny GPT page does; the tests read content/). The result is the `text` param
// of the lab: one sentence per line, words separated by spaces.
//
// 1. Markdown is reduced to prose: code blocks, TeX ($…$, $$…$$), inline code, URLs and markup go.
// 2. Sentences end at a newline or 。．.!?！？ (an English full stop only before a space or the end).
// 3. Words come from Intl.Segmenter('ja', { granularity: 'word' }) (it splits English at spaces too);
//    punctuation and symbols (not word-like) are dropped, Latin letters lower-cased (model's → model,
//    other words with an apostrophe dropped), numbers dropped, a katakana word that the dictionary
//    cut in two (ク|エリ) joined again, and so a kanji stem with its okurigana (埋|め|込み).
// 4. Function words (particles, copulas, English articles…) and words of hiragana only are dropped:
//    they would fill a small vocabulary and say little about meaning.
// 5. The vocabulary is capped at the `maxVocab` most frequent words (ties: first seen); other words
//    are dropped from the sentences, and sentences left with fewer than 2 words are dropped.
// 6. To stay within `maxTokens` words (training runs in the browser in about a second), sentences are
//    taken at an even stride over the whole text, so every concept contributes.

export interface CurriculumCorpusOptions {
  /** The most distinct words kept (default 300). */
  maxVocab?: number;
  /** The most words in the corpus (default 3000). */
  maxTokens?: number;
}

// Japanese function words (助詞・助動詞・形式名詞 and the commonest light verbs) and English stop words.
const STOP = new Set(
  (
    'は が を に で と の へ や も か な ね よ から まで より ので のに けど けれど だけ ほど など ' +
    'です ます でし まし ません ない なく なる なり なっ なら ある あり あっ いる い いう いっ ' +
    'する し さ せ され される させ でき できる れる られ られる て た だ ず ば う こと もの ' +
    'ため よう これ それ あれ この その あの ここ そこ どの どれ 何 また さらに ただし つまり ' +
    'では には とは でも にも とも への での によって について として における として ' +
    'the a an of to and or in on for is are was were be been being it its this that these those ' +
    'with as by at from into than then so such can may will would should could not no do does ' +
    'did has have had which what who how when where why each every one two also but if about ' +
    'more most other same only their there they them we you your our i he she his her us'
  ).split(/\s+/),
);

const KATAKANA = /^[\u30A0-\u30FF]+$/u;
const NUMBER = /^[\d０-９.,]+$/u;
const HIRAGANA1 = /^[\u3040-\u309F]$/u;
const HIRAGANA = /[\u3040-\u309F]/u;
const ALL_HIRAGANA = /^[\u3040-\u309F]+$/u;

/** Markdown (with TeX and code) reduced to its prose. */
export function prose(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, '\n')
    .replace(/\$\$[\s\S]*?\$\$/g, '\n')
    .replace(/\$[^$\n]*\$/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[*_#>|~]+/g, ' ');
}

const KANJI = /\p{Script=Han}/u;
const PARTICLE = new Set('は が を に で と の へ や も か'.split(' '));

/** The words of one sentence, as the corpus keeps them (before the vocabulary cap). */
export function words(sentence: string, segmenter: Intl.Segmenter): string[] {
  const segs = [...segmenter.segment(sentence)];
  const out: string[] = [];
  let prevKatakana = false;
  for (let k = 0; k < segs.length; k++) {
    const s = segs[k];
    const w = s.segment.toLowerCase().replace(/['’]s$/u, ''); // model's → model
    const kata = KATAKANA.test(w);
    const last = out.length - 1;
    // ク|エリ, トランス|フォー|マ|ー: one katakana word cut by the dictionary (ー is not word-like).
    if (kata && prevKatakana) {
      out[last] += w;
      continue;
    }
    prevKatakana = kata && s.isWordLike === true;
    if (!s.isWordLike) continue;
    // 埋|め|込み: a kanji stem, one kana of okurigana, then a kanji word with its own okurigana.
    const next = segs[k + 1]?.segment ?? '';
    if (
      HIRAGANA1.test(w) &&
      !PARTICLE.has(w) &&
      last >= 0 &&
      KANJI.test(out[last].slice(-1)) &&
      KANJI.test(next[0] ?? '') &&
      HIRAGANA.test(next.slice(-1))
    ) {
      out[last] += w + next;
      k++;
      continue;
    }
    out.push(w);
  }
  return out.filter(
    (w) => !STOP.has(w) && !NUMBER.test(w) && !ALL_HIRAGANA.test(w) && !/['’]/u.test(w),
  );
}

/** The sentences of a text (markdown allowed). */
export function sentences(text: string): string[] {
  return prose(text)
    .split(/[\n。．!?！？]+|\.(?=\s|$)/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A concept's text in either language, as content/ and GET /api/concepts/:id carry it. */
type Localized = { ja?: string; en?: string };

/**
 * The documents curriculumCorpus reads: per concept, in the curriculum's order, its title, summary
 * and body in Japanese, then the same in English. The web page builds them from the API, the
 * command line from content/.
 */
export function conceptDocs(
  concepts: Iterable<{ title?: Localized; summary?: Localized; body?: Localized }>,
): string[] {
  const docs: string[] = [];
  for (const c of concepts)
    for (const l of ['ja', 'en'] as const)
      docs.push(`${c.title?.[l] ?? ''}\n${c.summary?.[l] ?? ''}\n${c.body?.[l] ?? ''}`);
  return docs;
}

/**
 * The corpus for word2vec from the curriculum's documents (each a string: title, summary, body, in
 * any language): one sentence per line, words separated by spaces.
 */
export function curriculumCorpus(docs: string[], options: CurriculumCorpusOptions = {}): string {
  const maxVocab = options.maxVocab ?? 300;
  const maxTokens = options.maxTokens ?? 3000;
  const seg = new Intl.Segmenter('ja', { granularity: 'word' });
  const all = docs.flatMap((d) => sentences(d).map((s) => words(s, seg)));
  const count = new Map<string, number>();
  for (const s of all) for (const w of s) count.set(w, (count.get(w) ?? 0) + 1);
  // Map keeps insertion order, and sort is stable: ties stay in order of first appearance.
  const vocab = new Set(
    [...count]
      .sort((a, b) => b[1] - a[1])
      .slice(0, maxVocab)
      .map(([w]) => w),
  );
  const kept = all.map((s) => s.filter((w) => vocab.has(w))).filter((s) => s.length >= 2);
  const total = kept.reduce((a, s) => a + s.length, 0);
  const g = Math.min(1, maxTokens / total); // the share of sentences taken
  const out: string[][] = [];
  let n = 0;
  for (let k = 0; k < kept.length; k++) {
    if (Math.floor((k + 1) * g) === Math.floor(k * g)) continue; // every (1/g)-th sentence
    if (n + kept[k].length > maxTokens) break;
    out.push(kept[k]);
    n += kept[k].length;
  }
  return out.map((s) => s.join(' ')).join('\n');
}
