// `shirube log`, `shirube export` and `shirube import`, run in process on a fixture curriculum and
// temporary database files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerLog } from './log.ts';
import { openDb } from '../../server/db/open.ts';

const dir = mkdtempSync(join(tmpdir(), 'shirube-log-cli-'));
beforeAll(() => {
  process.env.SHIRUBE_CONTENT_DIR = join(import.meta.dirname, '../../../test/fixtures/content');
});
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const program = new Command('shirube').exitOverride().enablePositionalOptions();
  registerLog(program);
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    vi.restoreAllMocks();
  }
  return out;
}

describe('shirube log', () => {
  it('adds, appends, lists, exports and imports into another database without loss', async () => {
    const db = join(dir, 'a.db');
    const saved = JSON.parse(
      await run(
        'log',
        'add',
        '--db',
        db,
        '--date',
        '2025-03-09',
        '--minutes',
        '30',
        '--learned',
        '- QKV',
        '--implemented',
        '- attention.ts',
        '--stuck',
        '- 形が合わない',
        '--tomorrow',
        '- 位置エンコーディング',
        '--concepts',
        'attention,heads',
        '--json',
      ),
    );
    expect(saved).toMatchObject({
      date: '2025-03-09',
      minutes: 30,
      blockers: '- 形が合わない',
      next: '- 位置エンコーディング',
      concepts: ['attention', 'heads'],
    });
    const appended = JSON.parse(
      await run(
        'log',
        'add',
        '--db',
        db,
        '--date',
        '2025-03-09',
        '--minutes',
        '15',
        '--learned',
        '- softmax',
        '--concepts',
        'basics,attention',
        '--append',
        '--json',
      ),
    );
    expect(appended).toMatchObject({
      minutes: 45,
      learned: '- QKV\n- softmax',
      concepts: ['attention', 'heads', 'basics'],
    });
    await run('log', 'add', '--db', db, '--date', '2025-03-10', '--minutes', '20');

    const list = JSON.parse(await run('log', '--db', db, '--json'));
    expect(list.map((e: { date: string }) => e.date)).toEqual(['2025-03-09', '2025-03-10']);
    const stats = JSON.parse(
      await run('log', 'stats', '--db', db, '--today', '2025-03-11', '--json'),
    );
    expect(stats.streak).toEqual({ current: 2, longest: 2, lastDay: '2025-03-10' });

    const md = join(dir, 'log.md');
    expect(await run('log', 'export', '--db', db, '--out', md)).toMatch(/2 entries written/);
    expect(readFileSync(md, 'utf8')).toContain('## 日付: 2025/03/09\n- 学習時間: 45分\n');
    const other = join(dir, 'b.db');
    expect(JSON.parse(await run('log', 'import', md, '--db', other, '--json'))).toMatchObject({
      created: 2,
    });
    const strip = (l: { createdAt: string; updatedAt: string }[]) =>
      l.map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
    expect(strip(JSON.parse(await run('log', '--db', other, '--json')))).toEqual(strip(list));
  });

  it.each([
    [
      ['log', 'add', '--date', '2025-02-30', '--minutes', '10'],
      /^--date: expected a real date as YYYY-MM-DD, got "2025-02-30"$/,
    ],
    [['log', 'add', '--minutes', '-5'], /^--minutes: expected an integer/],
    [['log', 'add', '--minutes', '2000'], /^--minutes: expected at most 1440 minutes/],
    [
      ['log', 'add', '--minutes', '10', '--concepts', 'ghost'],
      /^--concepts\.0: "ghost" is not a concept id$/,
    ],
  ])('rejects %j and saves nothing', async (args, message) => {
    const db = join(dir, 'bad.db');
    await expect(run(...args, '--db', db)).rejects.toThrow(message);
    expect(JSON.parse(await run('log', '--db', db, '--json'))).toEqual([]);
  });

  it('rejects a bad Markdown file naming the line, and imports nothing', async () => {
    const db = join(dir, 'c.db');
    const md = join(dir, 'bad.md');
    writeFileSync(md, '## 日付: 2025/03/01\n- 学習時間: 5分\n## 日付: 2025/13/01\n');
    await expect(run('log', 'import', md, '--db', db)).rejects.toThrow(
      /bad\.md: line 3: "2025\/13\/01" is not a real date/,
    );
    expect(JSON.parse(await run('log', '--db', db, '--json'))).toEqual([]);
  });
});

describe('shirube export / import', () => {
  it('round-trips the whole database through one JSON file, and a bad file changes nothing', async () => {
    const db = join(dir, 'd.db');
    await run(
      'log',
      'add',
      '--db',
      db,
      '--date',
      '2025-03-09',
      '--minutes',
      '30',
      '--concepts',
      'attention',
    );
    const file = join(dir, 'all.json');
    expect(await run('export', '--db', db, '--out', file)).toMatch(/written to/);
    const restored = join(dir, 'e.db');
    expect(JSON.parse(await run('import', file, '--db', restored, '--json')).tables).toMatchObject({
      log_entry: 1,
      log_entry_concept: 1,
    });
    const a = JSON.parse(await run('export', '--db', db));
    const b = JSON.parse(await run('export', '--db', restored));
    expect(b.tables).toEqual(a.tables);

    const broken = join(dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        ...a,
        tables: { ...a.tables, log_entry: [{ ...a.tables.log_entry[0], date: '2025-02-30' }] },
      }),
    );
    await expect(run('import', broken, '--db', restored)).rejects.toThrow(
      /broken\.json: tables\.log_entry\[0\]\.date: expected a real date/,
    );
    writeFileSync(broken, '{');
    await expect(run('import', broken, '--db', restored)).rejects.toThrow(/not valid JSON/);
    expect(JSON.parse(await run('export', '--db', restored)).tables).toEqual(a.tables);
  });

  it("shows the weekly target: the roadmap's recommended hours, then the saved plan's", async () => {
    const db = join(dir, 'target.db');
    await run('log', 'add', '--db', db, '--date', '2025-03-10', '--minutes', '210');
    // fixture-road recommends 6–8 h a week; 210 of 360 minutes is 58 %.
    let text = await run('log', 'stats', '--db', db, '--today', '2025-03-11');
    expect(text).toContain('週の目標 weekly target: 6–8時間 (360–480分) — 推奨時間 recommended hours: fixture-road');
    expect(text).toMatch(/week of 2025-03-10: +210分 \/ 360分 \(58%\)/);
    const d = await openDb(db);
    await d
      .insertInto('plan_setting')
      .values({ learner_id: 'local', roadmap_id: 'fixture-road', start: '2025-03-03', hours_per_week: 3.5, days: '', updated_at: '2025-03-03T00:00:00.000Z' })
      .execute();
    await d.destroy();
    text = await run('log', 'stats', '--db', db, '--today', '2025-03-11', '--roadmap', 'fixture-road');
    expect(text).toContain('週の目標 weekly target: 3.5時間 (210分) — 学習計画より from your plan: fixture-road');
    expect(text).toMatch(/210分 \/ 210分 \(100%\)/);
    const json = JSON.parse(await run('log', 'stats', '--db', db, '--today', '2025-03-11', '--json'));
    expect(json.weeklyTargetMinutes).toEqual({ min: 210, max: 210 });
    await expect(run('log', 'stats', '--db', db, '--roadmap', 'ghost')).rejects.toThrow(/--roadmap: unknown roadmap "ghost"/);
  });
});
