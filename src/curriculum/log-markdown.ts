// The learning log as Markdown in seed 002's template, and back. Pure: no I/O.
//
// The format (export writes Japanese; import also reads the English headings of the guide):
//
//   # 学習ログ
//
//   ## 日付: 2025/01/15
//   - 学習時間: 45分
//   - 関連概念: attention-mechanism, positional-encoding
//
//   ### 今日学んだこと
//   <Markdown>
//
//   ### 実装したこと
//   <Markdown>
//
//   ### つまずいた点と解決法
//   <Markdown>
//
//   ### 明日の目標
//   <Markdown>
//
// - `## 日付:` starts an entry (YYYY/MM/DD as in the template; YYYY-MM-DD is read too). Minutes
//   and concepts are two list lines between the date and the first `###` heading, so the rendered
//   file stays readable; both are optional on import (0 minutes, no concepts: a hand-filled seed
//   template imports as is). The four `###` headings may come in any order, each at most once.
// - A field is every line between its heading and the next structural line, without leading and
//   trailing blank lines. A field consisting of the template's placeholder `-` is empty.
// - Lossless: a line inside a field that would read as structural (`## 日付:…` or one of the
//   template's `###` headings, after any leading backslashes) is written with one more leading
//   backslash, and import removes one. A field that is `-` (after backslashes) gets the same
//   treatment. So parseLogMarkdown(logToMarkdown(entries)) equals entries for any entries whose
//   fields are normalized by normalizeMarkdownField (LF line ends, no leading blank lines, no
//   trailing whitespace), which the server applies on every save.
// - Anything else outside a field (text before the first entry other than `# ` titles, blank
//   lines and HTML comments; a stray line between the date and the first heading) is an error
//   naming the line: nothing in an imported file is silently dropped.

export interface LogMarkdownEntry {
  date: string;
  minutes: number;
  concepts: string[];
  learned: string;
  implemented: string;
  blockers: string;
  next: string;
}

type Field = 'learned' | 'implemented' | 'blockers' | 'next';
const FIELDS: Field[] = ['learned', 'implemented', 'blockers', 'next'];

export const LOG_HEADINGS: Record<'ja' | 'en', Record<Field | 'date' | 'minutes' | 'concepts' | 'title', string>> = {
  ja: {
    title: '学習ログ',
    date: '日付',
    minutes: '学習時間',
    concepts: '関連概念',
    learned: '今日学んだこと',
    implemented: '実装したこと',
    blockers: 'つまずいた点と解決法',
    next: '明日の目標',
  },
  en: {
    title: 'Learning log',
    date: 'Date',
    minutes: 'Minutes',
    concepts: 'Concepts',
    learned: 'What I learned today',
    implemented: 'What I built',
    blockers: 'Where I got stuck, and how I solved it',
    next: "Tomorrow's goal",
  },
};

const headingToField = new Map<string, Field>();
for (const lang of ['ja', 'en'] as const) for (const f of FIELDS) headingToField.set(LOG_HEADINGS[lang][f], f);

const DATE_RE = /^##\s+(?:日付|Date)\s*[:：]\s*(.*?)\s*$/;
const HEADING_RE = /^###\s+(.+?)\s*$/;
const MINUTES_RE = /^(?:-\s+)?(?:学習時間|Minutes)\s*[:：]\s*(\d+)\s*(?:分|min|minutes)?\s*$/;
const CONCEPTS_RE = /^(?:-\s+)?(?:関連概念|Concepts)\s*[:：]\s*(.*?)\s*$/;
const PLACEHOLDER_RE = /^\\*-$/;

export class LogMarkdownError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'LogMarkdownError';
  }
}

/** True for a real calendar day written YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** LF line ends, no leading blank lines, no trailing whitespace: how every field is stored. */
export function normalizeMarkdownField(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

/** What a line would be read as outside a field, ignoring leading backslashes. */
function structural(line: string): 'date' | 'heading' | null {
  const bare = line.replace(/^\\+/, '');
  if (DATE_RE.test(bare)) return 'date';
  const h = HEADING_RE.exec(bare);
  if (h && headingToField.has(h[1])) return 'heading';
  return null;
}

function escapeField(text: string): string {
  if (PLACEHOLDER_RE.test(text)) return '\\' + text;
  return text
    .split('\n')
    .map((l) => (structural(l) ? '\\' + l : l))
    .join('\n');
}

export function logToMarkdown(entries: readonly LogMarkdownEntry[], lang: 'ja' | 'en' = 'ja'): string {
  const h = LOG_HEADINGS[lang];
  const out: string[] = [`# ${h.title}`, ''];
  for (const e of [...entries].sort((a, b) => a.date.localeCompare(b.date))) {
    out.push(`## ${h.date}: ${e.date.replaceAll('-', '/')}`);
    out.push(`- ${h.minutes}: ${e.minutes}${lang === 'ja' ? '分' : ' min'}`);
    out.push(`- ${h.concepts}:${e.concepts.length ? ' ' + e.concepts.join(', ') : ''}`);
    out.push('');
    for (const f of FIELDS) {
      out.push(`### ${h[f]}`);
      if (e[f] !== '') out.push(escapeField(e[f]));
      out.push('');
    }
  }
  return out.join('\n');
}

interface Draft {
  entry: LogMarkdownEntry;
  line: number;
  seen: Set<Field>;
}

/** Reads Markdown written by logToMarkdown or by hand from the seed's template. */
export function parseLogMarkdown(text: string): LogMarkdownEntry[] {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const entries: LogMarkdownEntry[] = [];
  const dates = new Map<string, number>();
  let draft: Draft | undefined;
  let field: Field | undefined;
  let buffer: string[] = [];

  const closeField = () => {
    if (draft && field) {
      let value = normalizeMarkdownField(buffer.join('\n'));
      if (value === '-') value = '';
      else if (PLACEHOLDER_RE.test(value)) value = value.slice(1);
      draft.entry[field] = value;
    }
    field = undefined;
    buffer = [];
  };

  lines.forEach((raw, i) => {
    const n = i + 1;
    const kind = structural(raw);
    const escaped = kind !== null && raw.startsWith('\\');
    if (kind === 'date' && !escaped) {
      closeField();
      if (draft) entries.push(draft.entry);
      const value = DATE_RE.exec(raw)![1];
      const iso = value.replaceAll('/', '-');
      if (!isIsoDate(iso)) throw new LogMarkdownError(n, `"${value}" is not a real date (expected YYYY/MM/DD)`);
      const twin = dates.get(iso);
      if (twin !== undefined) throw new LogMarkdownError(n, `${value} appears twice (first at line ${twin}); expected one entry per day`);
      dates.set(iso, n);
      draft = {
        entry: { date: iso, minutes: 0, concepts: [], learned: '', implemented: '', blockers: '', next: '' },
        line: n,
        seen: new Set(),
      };
      return;
    }
    if (kind === 'heading' && !escaped) {
      const f = headingToField.get(HEADING_RE.exec(raw)![1])!;
      if (!draft) throw new LogMarkdownError(n, `"${raw.trim()}" comes before the first "## 日付: YYYY/MM/DD" heading`);
      if (draft.seen.has(f)) throw new LogMarkdownError(n, `"${raw.trim()}" appears twice in the entry of ${draft.entry.date}`);
      closeField();
      draft.seen.add(f);
      field = f;
      return;
    }
    const line = escaped ? raw.slice(1) : raw;
    if (field) {
      buffer.push(line);
      return;
    }
    if (!draft) {
      if (line.trim() === '' || /^#\s/.test(line) || /^\s*<!--.*-->\s*$/.test(line)) return;
      throw new LogMarkdownError(n, `text before the first "## 日付: YYYY/MM/DD" heading: "${line.trim().slice(0, 40)}"`);
    }
    if (line.trim() === '') return;
    const minutes = MINUTES_RE.exec(line);
    if (minutes) {
      draft.entry.minutes = Number(minutes[1]);
      return;
    }
    const concepts = CONCEPTS_RE.exec(line);
    if (concepts) {
      draft.entry.concepts = concepts[1].split(/[\s,、，]+/).filter(Boolean);
      return;
    }
    throw new LogMarkdownError(
      n,
      `expected "- 学習時間: N分", "- 関連概念: id, …" or a "### " heading of the template (今日学んだこと, 実装したこと, つまずいた点と解決法, 明日の目標), got "${line.trim().slice(0, 40)}"`,
    );
  });
  closeField();
  if (draft) entries.push(draft.entry);
  return entries;
}
