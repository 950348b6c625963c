import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
