import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { curriculumCorpus } from '../../labs/embedding/curriculum.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const command = fileURLToPath(new URL('./lab.ts', import.meta.url));
// A minimal program around registerLab, run as a child process (real stdout, stderr, exit code).
const script = `import { Command } from 'commander';
import { registerLab } from ${JSON.stringify(command)};
const p = new Command('shirube').exitOverride(); registerLab(p);
await p.parseAsync(process.argv.slice(1), { from: 'user' });`;

function lab(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, ...args],
    { cwd: root, encoding: 'utf8' },
  );
}

describe('shirube lab', () => {
  it('prints the trace as JSON', () => {
    const r = lab('lab', 'self-attention', '--params', '{"causal":true}', '--seed', '4');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.seed).toBe(4);
    expect(t.steps.map((s: { id: string }) => s.id)).toEqual([
      'Q',
      'K',
      'V',
      'scores',
      'scaled',
      'masked',
      'weights',
      'output',
    ]);
  });

  it('lists the labs', () => {
    const r = lab('lab', 'list');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('self-attention');
  });

  it('bad params: one line on stderr naming the key, exit code 2', () => {
    for (const [params, key] of [
      ['{"foo":1}', 'foo'],
      ['{"X":[[1,2],[3]]}', 'X'],
      ['{not json', 'params'],
    ]) {
      const r = lab('lab', 'self-attention', '--params', params);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(key);
    }
    expect(lab('lab', 'nope').status).toBe(2);
    expect(lab('lab', 'self-attention', '--seed', 'x').status).toBe(2);
  });

  it('embedding: trains on the text of content/ by default, the hand-written corpus with --corpus builtin', () => {
    // The curriculum's documents gathered here straight from the YAML files, as the page gathers
    // them from the API: per concept (in file order), title, summary and body in Japanese, then English.
    type Bi = { ja?: string; en?: string };
    const dir = join(root, 'content/concepts');
    const docs = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map(
        (f) => parse(readFileSync(join(dir, f), 'utf8')) as { title: Bi; summary?: Bi; body: Bi },
      )
      .flatMap((c) =>
        (['ja', 'en'] as const).map((l) => `${c.title[l]}\n${c.summary?.[l] ?? ''}\n${c.body[l]}`),
      );
    const small = '{"epochs":1}';
    const byDefault = JSON.parse(lab('lab', 'embedding', '--params', small).stdout);
    expect(byDefault.params.text).toBe(curriculumCorpus(docs));
    // 猫 and 犬 (the hand-written corpus's defaults) are not in it: the lab falls back.
    expect([byDefault.params.a, byDefault.params.b]).toEqual(['エンコーダ', 'デコーダ']);
    const builtin = lab('lab', 'embedding', '--params', small, '--corpus', 'builtin');
    expect(builtin.status).toBe(0);
    expect([JSON.parse(builtin.stdout).params.a, JSON.parse(builtin.stdout).params.b]).toEqual([
      '猫',
      '犬',
    ]);
    // The learner's own text wins over both.
    const text = '赤 い 林檎\n青 い 空 と 赤 い 林檎';
    const own = JSON.parse(
      lab('lab', 'embedding', '--params', JSON.stringify({ epochs: 1, text })).stdout,
    );
    expect(own.params.text).toBe(text);
    for (const args of [
      ['embedding', '--corpus', 'wiki'],
      ['self-attention', '--corpus', 'builtin'],
    ]) {
      const r = lab('lab', ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--corpus');
    }
  });

  // Runs once `registerLab` is wired into the real command.
  const wired = ['../main.ts', '../extra.ts']
    .map((f) => new URL(f, import.meta.url))
    .some((u) => existsSync(u) && /registerLab/.test(readFileSync(u, 'utf8')));
  it.skipIf(!wired)('works through bin/shirube.js', () => {
    const out = execFileSync(
      process.execPath,
      ['bin/shirube.js', 'lab', 'self-attention', '--seed', '1'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(out).lab).toBe('self-attention');
    const bad = spawnSync(
      process.execPath,
      ['bin/shirube.js', 'lab', 'self-attention', '--params', '{"Wq":1}'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('params.Wq');
  });
});
