import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIsoDate, logToMarkdown, normalizeMarkdownField, parseLogMarkdown, type LogMarkdownEntry } from './log-markdown.ts';

const entry = (date: string, over: Partial<LogMarkdownEntry> = {}): LogMarkdownEntry => ({
  date,
  minutes: 0,
  concepts: [],
  learned: '',
  implemented: '',
  blockers: '',
  next: '',
  ...over,
});

describe('log Markdown', () => {
  it('writes the seed template with minutes and concepts under the date', () => {
    const md = logToMarkdown([
      entry('2025-01-16', { minutes: 15 }),
      entry('2025-01-15', { minutes: 45, concepts: ['attention', 'heads'], learned: '- Q/K/V の役割\n- $\\sqrt{d_k}$ で割る理由', next: '- 位置エンコーディング' }),
    ]);
    expect(md).toBe(
      [
        '# 学習ログ',
        '',
        '## 日付: 2025/01/15',
        '- 学習時間: 45分',
        '- 関連概念: attention, heads',
        '',
        '### 今日学んだこと',
        '- Q/K/V の役割',
        '- $\\sqrt{d_k}$ で割る理由',
        '',
        '### 実装したこと',
        '',
        '### つまずいた点と解決法',
        '',
        '### 明日の目標',
        '- 位置エンコーディング',
        '',
        '## 日付: 2025/01/16',
        '- 学習時間: 15分',
        '- 関連概念:',
        '',
        '### 今日学んだこと',
        '',
        '### 実装したこと',
        '',
        '### つまずいた点と解決法',
        '',
        '### 明日の目標',
        '',
      ].join('\n'),
    );
  });

  it('reads a hand-filled seed template (placeholders empty, no minutes line) and the English headings', () => {
    const ja = ['## 日付: 2025/03/01', '### 今日学んだこと', '- トークン化', '### 実装したこと', '- ', '### つまずいた点と解決法', '- ', '### 明日の目標', '- '].join('\r\n');
    expect(parseLogMarkdown(ja)).toEqual([entry('2025-03-01', { learned: '- トークン化' })]);
    const en = ['# Learning log', '', '## Date: 2025-03-02', '- Minutes: 20 min', '- Concepts: basics', "### Tomorrow's goal", 'read'].join('\n');
    expect(parseLogMarkdown(en)).toEqual([entry('2025-03-02', { minutes: 20, concepts: ['basics'], next: 'read' })]);
  });

  it('keeps text that looks like the template inside a field (escaped with a backslash)', () => {
    const tricky = entry('2025-01-15', {
      learned: '## 日付: 2024/01/01\n### 実装したこと\n\\### 明日の目標\n- 学習時間: 5分\n```\n### つまずいた点と解決法\n```',
      implemented: '-',
      blockers: '\\-',
      next: '  indented first line\n\n\n  after blank lines',
    });
    const md = logToMarkdown([tricky]);
    expect(md).toContain('\n\\### 実装したこと\n\\\\### 明日の目標\n');
    expect(parseLogMarkdown(md)).toEqual([tricky]);
  });

  it.each([
    ['## 日付: 2025/02/30\n', /line 1: "2025\/02\/30" is not a real date/],
    ['## 日付: 2025/01/01\n## 日付: 2025-01-01\n', /line 2: 2025-01-01 appears twice \(first at line 1\)/],
    ['hello\n## 日付: 2025/01/01\n', /line 1: text before the first "## 日付/],
    ['### 今日学んだこと\nx\n', /line 1: "### 今日学んだこと" comes before the first/],
    ['## 日付: 2025/01/01\nstray\n### 今日学んだこと\n', /line 2: expected "- 学習時間: N分"/],
    ['## 日付: 2025/01/01\n### 明日の目標\na\n### 明日の目標\nb', /line 4: "### 明日の目標" appears twice/],
  ])('rejects %j naming the line', (md, message) => {
    expect(() => parseLogMarkdown(md)).toThrow(message);
  });

  it('round-trips any normalized entries (property)', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom('### 今日学んだこと', '\\### 実装したこと', '## 日付: 2025/01/01', '## Date: x', "### Tomorrow's goal", '- 学習時間: 3分', '-', '\\-', '', '   ', '# 学習ログ', '<!-- c -->'),
    );
    const field = fc.array(line, { maxLength: 6 }).map((ls) => normalizeMarkdownField(ls.join('\n')));
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const e = fc.record({
      date: day,
      minutes: fc.integer({ min: 0, max: 1440 }),
      concepts: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/), { maxLength: 4 }),
      learned: field,
      implemented: field,
      blockers: field,
      next: field,
    });
    fc.assert(
      fc.property(fc.uniqueArray(e, { selector: (x) => x.date, maxLength: 5 }), fc.constantFrom('ja' as const, 'en' as const), (entries, lang) => {
        const sorted = [...entries].sort((a, b) => a.date.localeCompare(b.date));
        expect(parseLogMarkdown(logToMarkdown(entries, lang))).toEqual(sorted);
      }),
      { numRuns: 500 },
    );
  });

  it('knows real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-13-01')).toBe(false);
    expect(isIsoDate('2023-1-01')).toBe(false);
  });
});
