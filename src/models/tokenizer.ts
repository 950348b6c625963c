// A character tokenizer: one token per Unicode code point seen in the training text, ids in code-point
// order. Japanese text simply brings more characters. Not BPE (that is a lab of its own).

export class CharTokenizer {
  readonly chars: string[];
  private readonly ids: Map<string, number>;

  constructor(chars: string[]) {
    this.chars = chars;
    this.ids = new Map(chars.map((c, i) => [c, i]));
  }

  /** The sorted set of characters of `text` (by code point, so surrogate pairs stay whole). */
  static fromText(text: string): CharTokenizer {
    const set = [...new Set(Array.from(text))];
    set.sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new CharTokenizer(set);
  }

  get vocabSize(): number {
    return this.chars.length;
  }

  has(char: string): boolean {
    return this.ids.has(char);
  }

  encode(text: string): Int32Array {
    const chars = Array.from(text);
    const out = new Int32Array(chars.length);
    chars.forEach((c, i) => {
      const id = this.ids.get(c);
      if (id === undefined)
        throw new Error(`character ${JSON.stringify(c)} is not in the vocabulary`);
      out[i] = id;
    });
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) s += this.chars[ids[i]];
    return s;
  }
}
