// End-to-end: every lab page in Chromium, one test each: the page opens, an input change changes the
// numbers of a step, the exercise rejects a wrong answer and accepts the right one (computed here
// from the lab's own exercise module, not read from the page), and both answers are recorded by
// POST /api/reviews (graded by the server, counted in GET /api/reviews/stats). Also: the home page's
// lab shelf, the home page not downloading the labs or the tokenizers, cross-attention training in
// a Web Worker with a progress bar while the page stays responsive.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exercise } from '../../src/labs/params.ts';
import { exercise as architectures } from '../../src/labs/architectures/exercise.ts';
import { exercise as causalMask } from '../../src/labs/causal-mask/exercise.ts';
import { exercise as crossAttention } from '../../src/labs/cross-attention/exercise.ts';
import { exercise as crossEntropy } from '../../src/labs/cross-entropy/exercise.ts';
import { exercise as embedding } from '../../src/labs/embedding/exercise.ts';
import { exercise as layerNorm } from '../../src/labs/layer-norm/exercise.ts';
import { exercise as multiHead } from '../../src/labs/multi-head-attention/exercise.ts';
import { exercise as positional } from '../../src/labs/positional-encoding/exercise.ts';
import { exercise as selfAttention } from '../../src/labs/self-attention/exercise.ts';
import { exercise as sampling } from '../../src/labs/softmax-sampling/exercise.ts';
import { exercise as tokenization } from '../../src/labs/tokenization/exercise.ts';
import { exercise as block } from '../../src/labs/transformer-block/exercise.ts';
import { newPage, setUp, type Fixture } from './helpers.ts';

let fx: Fixture | undefined;

/** The numbers drawn for one step (every cell of its heat maps), as one string. */
const cells = (page: Page, step: string) =>
  page
    .locator(`[data-step="${step}"] text.lab-cell`)
    .allTextContents()
    .then((t) => t.join(' '));

interface Stats {
  retention: { reviews: number; correct: number };
}
const stats = async (): Promise<Stats> =>
  (await fetch(`${fx!.server.url}/api/reviews/stats`)).json() as Promise<Stats>;

/** Answers the exercise of seed 1 wrongly, then rightly; checks the page and the server's grading. */
async function exercisePanel(page: Page, id: string, exercise: (seed: number) => Exercise) {
  const right = exercise(1).check(NaN).expected;
  expect(exercise(1).check(right).correct).toBe(true);
  const before = await stats();
  const answer = async (value: number, correct: boolean) => {
    await page.fill('input[name="answer"]', String(value));
    const [res] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/api/reviews') && r.request().method() === 'POST',
      ),
      page.click('.lab-exercise button[type="submit"]'),
    ]);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { item: string; correct: boolean };
    expect(body).toMatchObject({ item: `lab:${id}`, correct });
    expect(JSON.parse(res.request().postData()!)).toEqual({ item: `lab:${id}`, seed: 1, answer: value });
    await expect
      .poll(() => page.locator(correct ? '.lab-correct' : '.lab-wrong').count())
      .toBe(1);
  };
  await answer(right + 1, false);
  await answer(right, true);
  const after = await stats();
  expect(after.retention.reviews - before.retention.reviews).toBe(2);
  expect(after.retention.correct - before.retention.correct).toBe(1);
}

interface Case {
  id: string;
  exercise: (seed: number) => Exercise;
  /** The step whose numbers must change. */
  watch: string;
  change(page: Page): Promise<void>;
  /** More to check after the exercise. */
  more?(page: Page): Promise<void>;
}

const fill = (selector: string, value: string) => (page: Page) => page.fill(selector, value);

const CASES: Case[] = [
  {
    id: 'multi-head-attention',
    exercise: multiHead,
    watch: 'Q',
    change: fill('input[aria-label="X[0][0]"]', '3'),
  },
  {
    id: 'positional-encoding',
    exercise: positional,
    watch: 'rotation',
    change: fill('input[aria-label="offset"]', '3'),
  },
  {
    id: 'layer-norm',
    exercise: layerNorm,
    watch: 'mean',
    change: fill('input[aria-label="x[0][0]"]', '5'),
  },
  {
    id: 'causal-mask',
    exercise: causalMask,
    watch: 'scaled',
    change: fill('input[aria-label="X[0][0]"]', '3'),
  },
  {
    id: 'transformer-block',
    exercise: block,
    watch: 'Q',
    change: fill('input[aria-label="X[0][0]"]', '3'),
  },
  {
    id: 'softmax-sampling',
    exercise: sampling,
    watch: 'scaled',
    change: fill('input[aria-label="temperature"]', '2'),
  },
  {
    id: 'cross-entropy',
    exercise: crossEntropy,
    watch: 'probs',
    change: fill('input[aria-label="logits[0][0]"]', '4'),
  },
  {
    id: 'tokenization',
    exercise: tokenization,
    watch: 'pairs',
    change: fill('#lab-field-text', 'abab abab'),
  },
  {
    id: 'embedding',
    exercise: embedding,
    watch: 'lookup',
    change: fill('#lab-field-a', 'トークン'),
    // Fewer epochs: word2vec is retrained (in the worker) and the looked-up vectors change.
    async more(page) {
      const before = await cells(page, 'loss');
      await page.fill('input[aria-label="epochs"]', '5');
      await expect.poll(() => cells(page, 'loss')).not.toBe(before);
      expect((await cells(page, 'loss')).split(' ')).toHaveLength(5);
    },
  },
  {
    id: 'architectures',
    exercise: architectures,
    watch: 'mlm_context',
    change: fill('#lab-field-masked', '0'),
  },
];

describe('lab pages in the browser', () => {
  beforeAll(async () => {
    fx = await setUp();
  }, 120_000);
  afterAll(async () => {
    await fx?.close();
  });

  it('home: the lab shelf lists the labs; neither the labs nor the tokenizers are downloaded', async () => {
    const page = await newPage(fx!);
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await page.goto(fx!.server.url);
    const shelf = page.getByTestId('lab-shelf');
    await expect.poll(() => shelf.locator('li[data-lab]').count()).toBeGreaterThanOrEqual(12);
    for (const id of ['self-attention', 'tokenization', 'cross-attention'])
      expect(await shelf.locator(`a[href="/labs/${id}"]`).count()).toBe(1);
    expect(await shelf.locator('a[href="/concepts/self-attention"]').count()).toBeGreaterThan(0);
    expect(scripts.filter((u) => /o200k|cl100k|\/labs-/.test(u))).toEqual([]);
    await page.context().close();
  });

  it('self-attention: edit, hover, exercise', async () => {
    const page = await newPage(fx!);
    await page.goto(`${fx!.server.url}/labs/self-attention`);
    const q0 = () => cells(page, 'Q');
    const before = await q0();
    await page.fill('input[aria-label="X[0][0]"]', '3');
    await expect.poll(q0).not.toBe(before);
    await page.locator('[data-step="weights"] svg g g').nth(1).hover();
    expect(await page.locator('[data-step="Q"] rect[data-hi]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-step="K"] rect[data-hi]').count()).toBeGreaterThan(0);
    await exercisePanel(page, 'self-attention', selfAttention);
    await page.context().close();
  });

  it('cross-attention: trained in a worker with a progress bar, then the translation and its alignment', async () => {
    const page = await newPage(fx!);
    await page.goto(`${fx!.server.url}/labs/cross-attention`);
    const bar = page.locator('[data-testid="lab-training"] progress');
    await bar.waitFor({ timeout: 15_000 });
    expect(await bar.getAttribute('max')).toBe('200');
    // The page answers while the model trains: a frame comes within a fraction of a second.
    const frame = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }),
    );
    expect(frame).toBeLessThan(250);
    await expect
      .poll(() => page.locator('.lab-translation').textContent(), { timeout: 30_000 })
      .toContain('私 は 猫 が 好き');
    expect(await page.locator('[data-testid="lab-training"]').count()).toBe(0);
    expect(await page.locator('[data-tensor="alignment"] svg').count()).toBe(1);
    expect(await page.locator('svg[aria-label="loss"]').count()).toBeGreaterThan(0);
    // A new source sentence reuses the trained model: no training, new queries.
    const before = await cells(page, 'Q');
    await page.fill('#lab-field-source', 'I love dogs');
    await expect.poll(() => cells(page, 'Q')).not.toBe(before);
    expect(await page.locator('[data-testid="lab-training"]').count()).toBe(0);
    await exercisePanel(page, 'cross-attention', crossAttention);
    await page.context().close();
  }, 60_000);

  for (const c of CASES)
    it(`${c.id}: opens, an input change changes ${c.watch}, the exercise`, async () => {
      const page = await newPage(fx!);
      const scripts: string[] = [];
      page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
      await page.goto(`${fx!.server.url}/labs/${c.id}`);
      await page.locator(`[data-step="${c.watch}"] text.lab-cell`).first().waitFor();
      expect(await page.locator('h1').textContent()).not.toBe('');
      expect(await page.locator('.lab-step .katex').count()).toBeGreaterThan(0);
      const before = await cells(page, c.watch);
      await c.change(page);
      await expect.poll(() => cells(page, c.watch)).not.toBe(before);
      await exercisePanel(page, c.id, c.exercise);
      await c.more?.(page);
      // The real tokenizers are downloaded by the tokenization lab only.
      expect(scripts.some((u) => /o200k_base/.test(u))).toBe(c.id === 'tokenization');
      await page.context().close();
    });
});
