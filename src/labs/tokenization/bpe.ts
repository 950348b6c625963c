// Byte-pair encoding (Sennrich et al. 2016) on characters, written out so each merge can be shown.
//
// Training: the text is split on whitespace into words (merges never cross a word boundary); each
// word starts as its characters (code points). Repeatedly, every adjacent pair of symbols is counted
// over all words, and the most frequent pair is merged everywhere into one new symbol.
// Ties: among pairs with the same count, the one whose first occurrence comes earliest in the text
// (scanning words left to right, pairs left to right) wins. Pairs counted once or not at all are
// never merged (count ≥ 2 is required): merging a pair seen once only memorises the text.
// Encoding a new text applies the learned merges in the order they were learned (rank order), as
// GPT-2's and tiktoken's BPE do.

export interface Merge {
  left: string;
  right: string;
  merged: string;
  /** How many times the pair occurred when it was merged. */
  count: number;
}

export interface BpeModel {
  /** The initial symbols (characters in order of first appearance), then one per merge. */
  vocab: string[];
  merges: Merge[];
  /** The words of the training text after all merges. */
  words: string[][];
}

export const splitWords = (text: string): string[][] =>
  text
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => Array.from(w));

/** Counts adjacent pairs; Map iteration order is first-occurrence order (the tie-break). */
export function countPairs(
  words: string[][],
): Map<string, { left: string; right: string; count: number }> {
  const counts = new Map<string, { left: string; right: string; count: number }>();
  for (const w of words)
    for (let i = 0; i + 1 < w.length; i++) {
      const key = `${w[i]}\u0000${w[i + 1]}`;
      const c = counts.get(key);
      if (c) c.count++;
      else counts.set(key, { left: w[i], right: w[i + 1], count: 1 });
    }
  return counts;
}

/** Replaces every non-overlapping occurrence of (left, right), left to right. */
export function applyMerge(word: string[], left: string, right: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    if (i + 1 < word.length && word[i] === left && word[i + 1] === right) {
      out.push(left + right);
      i++;
    } else out.push(word[i]);
  }
  return out;
}

export function trainBpe(text: string, numMerges: number): BpeModel {
  let words = splitWords(text);
  const vocab: string[] = [];
  for (const w of words) for (const ch of w) if (!vocab.includes(ch)) vocab.push(ch);
  const merges: Merge[] = [];
  for (let k = 0; k < numMerges; k++) {
    let best: { left: string; right: string; count: number } | null = null;
    for (const c of countPairs(words).values()) if (!best || c.count > best.count) best = c; // strict >: the first wins ties
    if (!best || best.count < 2) break;
    const merged = best.left + best.right;
    merges.push({ left: best.left, right: best.right, merged, count: best.count });
    if (!vocab.includes(merged)) vocab.push(merged);
    words = words.map((w) => applyMerge(w, best.left, best.right));
  }
  return { vocab, merges, words };
}

/** Encodes text with learned merges, in rank order. Unknown characters stay single symbols. */
export function encodeBpe(text: string, merges: Merge[]): string[][] {
  return splitWords(text).map((w) =>
    merges.reduce((acc, m) => applyMerge(acc, m.left, m.right), w),
  );
}
