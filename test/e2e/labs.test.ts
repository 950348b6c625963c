// End-to-end: the self-attention lab page in Chromium (runs once /labs/:id is routed in src/web/main.tsx):
// an edit of X changes Q, hovering weights lights Q and K, the exercise accepts its answer.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exercise } from '../../src/labs/self-attention/exercise.ts';
import { setUp, type Fixture } from './helpers.ts';

const wired = /LabPage/.test(
  readFileSync(new URL('../../src/web/main.tsx', import.meta.url), 'utf8'),
);
let fx: Fixture | undefined;

describe.skipIf(!wired)('lab pages in the browser', () => {
  beforeAll(async () => {
    fx = await setUp();
  }, 120_000);
  afterAll(async () => {
    await fx?.close();
  });

  it('self-attention: edit, hover, exercise', async () => {
    const page = await (
      await fx!.browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${fx!.server.url}/labs/self-attention`);
    const q0 = () => page.locator('[data-step="Q"] svg text.lab-cell').first().textContent();
    const before = await q0();
    await page.fill('input[aria-label="X[0][0]"]', '3');
    expect(await q0()).not.toBe(before);
    await page.locator('[data-step="weights"] svg g g').nth(1).hover();
    expect(await page.locator('[data-step="Q"] rect[data-hi]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-step="K"] rect[data-hi]').count()).toBeGreaterThan(0);
    const right = exercise(1).check(NaN).expected;
    await page.fill('input[name="answer"]', (right + 0.5).toFixed(2));
    await page.click('button[type="submit"]');
    await expect.poll(() => page.locator('.lab-wrong').count()).toBe(1);
    await page.fill('input[name="answer"]', right.toFixed(2));
    await page.click('button[type="submit"]');
    await expect.poll(() => page.locator('.lab-correct').count()).toBe(1);
  });
});
