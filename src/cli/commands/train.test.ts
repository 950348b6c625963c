import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generatedText } from '../../models/test-text.ts';
import { registerEval } from './eval.ts';
import { registerGenerate } from './generate.ts';
import { registerTrain } from './train.ts';

const dir = mkdtempSync(join(tmpdir(), 'shirube-cli-'));
const data = join(dir, 'text.txt');
writeFileSync(data, generatedText(8000));
const ckpt = join(dir, 'tiny.ckpt');

/** Runs `shirube <args>` in process; returns what it wrote and the exit code it set. */
async function shirube(
  ...args: string[]
): Promise<{ out: string; err: string; code: number | undefined }> {
  const program = new Command('shirube').exitOverride();
  registerTrain(program);
  registerGenerate(program);
  registerEval(program);
  let out = '',
    err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    await program.parseAsync(['node', 'shirube', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out, err, code };
}

afterEach(() => void (process.exitCode = undefined));

const tiny = [
  '--config',
  'tiny',
  '--eval-interval',
  '10',
  '--eval-iters',
  '2',
  '--block-size',
  '16',
];

describe('shirube train and generate', () => {
  it('train --json prints one object per evaluation and a summary line', async () => {
    const r = await shirube(
      'train',
      '--data',
      data,
      ...tiny,
      '--max-iters',
      '20',
      '--json',
      '--out',
      ckpt,
    );
    expect(r.code).toBeUndefined();
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.iter).slice(0, -1)).toEqual([0, 10, 20]);
    const last = lines[lines.length - 1];
    expect(Object.keys(last)).toEqual([
      'iters',
      'train_loss',
      'val_loss',
      'seconds',
      'tokens_per_s',
      'checkpoint',
    ]);
    expect(last.iters).toBe(20);
    expect(last.checkpoint).toBe(ckpt);
  });

  it('generate streams the prompt and the new tokens; greedy with and without the cache agree', async () => {
    const a = await shirube(
      'generate',
      '--ckpt',
      ckpt,
      '--prompt',
      'the ',
      '--tokens',
      '30',
      '--temperature',
      '0',
    );
    const b = await shirube(
      'generate',
      '--ckpt',
      ckpt,
      '--prompt',
      'the ',
      '--tokens',
      '30',
      '--temperature',
      '0',
      '--no-kv-cache',
    );
    expect(a.code).toBeUndefined();
    expect(a.out.startsWith('the ')).toBe(true);
    expect(Array.from(a.out).length).toBe(4 + 30 + 1); // prompt, 30 characters, newline
    expect(b.out).toBe(a.out);
    const s = await shirube(
      'generate',
      '--ckpt',
      ckpt,
      '--tokens',
      '10',
      '--top-k',
      '5',
      '--top-p',
      '0.9',
      '--seed',
      '3',
    );
    expect(s.code).toBeUndefined();
  });

  it('eval scores every target of the split once: 8000 characters → 800 validation, 7200 training', async () => {
    const v = await shirube('eval', '--ckpt', ckpt, '--data', data, '--json');
    expect(v.code).toBeUndefined();
    const val = JSON.parse(v.out);
    expect(Object.keys(val)).toEqual(['split', 'loss', 'tokens', 'iter', 'seconds']);
    expect(val).toMatchObject({ split: 'val', tokens: 799, iter: 20 });
    const V = new Set(generatedText(8000)).size;
    expect(val.loss).toBeGreaterThan(0);
    expect(val.loss).toBeLessThan(Math.log(V)); // 20 iterations already beat the uniform guess
    const t = await shirube('eval', '--ckpt', ckpt, '--data', data, '--split', 'train');
    expect(t.code).toBeUndefined();
    expect(t.out).toMatch(/^train loss \d\.\d{4} over all 7199 targets of the training split/);
  });

  it.each([
    [
      ['train', '--data', join(dir, 'missing.txt'), ...tiny],
      /shirube train: data file .*missing\.txt does not exist/,
    ],
    [['train', '--data', join(dir, 'empty.txt'), ...tiny], /is empty/],
    [['train', '--data', join(dir, 'short.txt'), ...tiny], /has 12 characters; with block_size 16/],
    [
      ['train', '--data', data, ...tiny, '--max-iters', 'ten'],
      /--max-iters: expected a positive integer, got "ten"/,
    ],
    [['train', '--data', data, '--config', 'giant'], /unknown config "giant"/],
    [
      ['train', '--data', data, ...tiny, '--block-size', '8', '--resume', '--out', ckpt],
      /block_size=16.*but this run asks for.*block_size=8/,
    ],
    [['generate'], /--ckpt <file> is required/],
    [['generate', '--ckpt', join(dir, 'nope.ckpt')], /does not exist/],
    [['generate', '--ckpt', join(dir, 'corrupt.ckpt')], /not a valid checkpoint/],
    [
      ['generate', '--ckpt', ckpt, '--prompt', '猫'],
      /prompt character "猫" is not in the checkpoint's vocabulary/,
    ],
    [['generate', '--ckpt', ckpt, '--top-p', '1.5'], /--top-p: expected a number in \(0, 1\]/],
    [['eval', '--data', data], /shirube eval: --ckpt <file> is required/],
    [['eval', '--ckpt', ckpt, '--data', data, '--split', 'test'], /--split: expected val or train/],
    [
      ['eval', '--ckpt', ckpt, '--data', join(dir, 'cat.txt')],
      /character "猫" of .*cat\.txt is not in the checkpoint's vocabulary/,
    ],
  ])('bad input %j → one line on stderr, exit code 1', async (args, message) => {
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'short.txt'), 'hello, world');
    writeFileSync(join(dir, 'cat.txt'), generatedText(300) + '猫');
    writeFileSync(join(dir, 'corrupt.ckpt'), 'SHIRUBE-CKPT\n\u0000\u0000');
    const r = await shirube(...args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
