// End-to-end: the tiny GPT trains in a worker in Chromium — training starts, the loss curve grows,
// pause holds the step count, a checkpoint downloads, and Node (src/models) loads that file and
// generates the same characters at temperature 0 as the page's greedy output; the KV-cache timing
// runs up to block_size; stop is final (resume disabled) and keeps the checkpoint. Too little text
// is refused before training.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../../src/models/checkpoint.ts';
import { generate } from '../../src/models/generate.ts';
import { CharTokenizer } from '../../src/models/tokenizer.ts';
import { Trainer } from '../../src/labs/tiny-gpt/trainer.ts';
import { newPage, setUp, type Fixture } from './helpers.ts';

let fx: Fixture | undefined;

describe('tiny GPT in the browser', () => {
  beforeAll(async () => {
    fx = await setUp();
  }, 180_000);
  afterAll(async () => {
    await fx?.close();
  });

  it('trains in a worker, pauses, downloads a checkpoint that Node generates the same text from', async () => {
    const page = await newPage(fx!);
    page.setDefaultTimeout(30_000);
    await page.goto(`${fx!.server.url}/gpt`);
    // the server sends COOP/COEP, so the worker may share memory with its helper thread
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.check('[data-testid="source-builtin"]');
    await page.selectOption('[data-testid="preset"]', 'tiny');
    // smaller than tiny, for two shared cores
    await page.fill('[data-testid="cfg-n_layer"]', '1');
    await page.fill('[data-testid="cfg-n_embd"]', '16');
    await page.fill('[data-testid="cfg-block_size"]', '16');
    await page.fill('[data-testid="cfg-batch_size"]', '4');
    // long enough that the run is still going when stop is pressed (a step takes about a millisecond)
    await page.fill('[data-testid="cfg-max_iters"]', '20000');
    await expect.poll(() => page.locator('[data-testid="plan-error"]').count()).toBe(0);
    await expect.poll(() => page.textContent('[data-testid="plan-size"]')).toMatch(/\d/);

    await page.click('[data-testid="start"]');
    await expect
      .poll(() => page.getAttribute('[data-testid="state"]', 'data-state'))
      .toBe('running');
    const points = async () =>
      Number(await page.getAttribute('[data-testid="loss-chart"]', 'data-points'));
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(3);
    const first = await points();
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(first);
    // the page answers while training: the main thread is free
    const t0 = Date.now();
    await page.evaluate(() => 1 + 1);
    expect(Date.now() - t0).toBeLessThan(1000);

    await page.click('[data-testid="pause"]');
    await expect
      .poll(() => page.getAttribute('[data-testid="state"]', 'data-state'))
      .toBe('paused');
    const iter = await page.textContent('[data-testid="iter"]');
    await page.waitForTimeout(700);
    expect(await page.textContent('[data-testid="iter"]')).toBe(iter);
    expect(Number(await page.textContent('[data-testid="tps"]'))).toBeGreaterThan(0);
    // the helper thread joined in once the worker first yielded between steps
    expect(await page.textContent('[data-testid="kernels"]')).toBe('wasm-threads');

    // greedy generation on the page
    await page.selectOption('[data-testid="strategy"]', 'greedy');
    await page.fill('[data-testid="gen-tokens"]', '24');
    await page.click('[data-testid="generate"]');
    await expect.poll(() => page.locator('[data-testid="output"] .gpt-tok').count()).toBe(24);
    const shown = await page.locator('[data-testid="output"] .gpt-tok').allTextContents();
    await page.locator('[data-testid="output"] .gpt-tok').nth(3).click();
    await expect
      .poll(() => page.locator('[data-testid="why"] tbody tr').count())
      .toBeGreaterThan(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="download"]'),
    ]);
    const file = join(fx!.dir, 'browser.ckpt');
    await download.saveAs(file);
    const c = decodeCheckpoint(new Uint8Array(readFileSync(file)));
    expect(c.iter).toBe(Number(iter));
    expect(c.config.n_embd).toBe(16);
    const model = Trainer.fromCheckpoint(c).model;
    const tok = new CharTokenizer(c.chars);
    const ids = generate(model, tok.encode('\n'), { tokens: 24, temperature: 0 });
    const expected = Array.from(tok.decode(ids)).map((ch) => (ch === '\n' ? '↵\n' : ch));
    expect(shown).toEqual(expected);

    // look inside and the KV cache on the same model
    await page.fill('[data-testid="prompt"]', '言語モデル');
    await page.click('[data-testid="inspect"]');
    await expect.poll(() => page.locator('[data-testid="attention-map"] rect').count()).toBe(25);
    await expect.poll(() => page.locator('[data-testid="lens"] tr').count()).toBe(2);

    // KV-cache timing: N only up to block_size (16), each with both timings and their ratio
    await page.click('[data-testid="kv-run"]');
    const kvRows = page.locator('[data-testid="kv-table"] tbody tr');
    await expect.poll(() => kvRows.count()).toBe(2);
    await expect.poll(() => page.isEnabled('[data-testid="kv-run"]')).toBe(true);
    const cells = await kvRows.evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
    expect(cells.map((c) => c[0])).toEqual(['8', '16']);
    for (const [, without, withCache, speedup] of cells) {
      expect(without).toMatch(/^\d+\.\d ms$/);
      expect(withCache).toMatch(/^\d+\.\d ms$/);
      expect(speedup).toMatch(/^\d+\.\d×$/);
    }
    expect(await page.locator('[data-testid="kv-chart"]').count()).toBe(1);

    // resume goes on from the same step
    await page.click('[data-testid="resume"]');
    await expect
      .poll(async () => Number(await page.textContent('[data-testid="iter"]')))
      .toBeGreaterThan(Number(iter));
    await page.click('[data-testid="stop"]');
    await expect
      .poll(() => page.getAttribute('[data-testid="state"]', 'data-state'))
      .toBe('stopped');
    // stop is final: no resume, the step count holds, and the checkpoint is still there
    expect(await page.isDisabled('[data-testid="resume"]')).toBe(true);
    expect(await page.locator('[data-testid="stopped-note"]').count()).toBe(1);
    const stoppedAt = await page.textContent('[data-testid="iter"]');
    await page.waitForTimeout(500);
    expect(await page.textContent('[data-testid="iter"]')).toBe(stoppedAt);
    const [again] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="download"]'),
    ]);
    const file2 = join(fx!.dir, 'stopped.ckpt');
    await again.saveAs(file2);
    expect(decodeCheckpoint(new Uint8Array(readFileSync(file2))).iter).toBe(Number(stoppedAt));
    // a new run trains again
    expect(await page.isEnabled('[data-testid="start"]')).toBe(true);
  }, 150_000);

  it('refuses too little text with a clear message before training', async () => {
    const page = await newPage(fx!);
    await page.goto(`${fx!.server.url}/gpt`);
    await page.check('[data-testid="source-text"]');
    await page.fill('[data-testid="text-area"]', '私は猫が好きです。');
    await expect.poll(() => page.textContent('[data-testid="plan-error"]')).toMatch(/短すぎ/);
    expect(await page.isDisabled('[data-testid="start"]')).toBe(true);
  });
});
