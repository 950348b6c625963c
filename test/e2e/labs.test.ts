// End-to-end: every lab page in Chromium, one test each: the page opens, an input change changes the
// numbers of a step, the exercise rejects a wrong answer and accepts the right one (computed here
// from the lab's own exercise module, not read from the page), and both answers are recorded by
// POST /api/reviews (graded by the server, counted in GET /api/reviews/stats). Also: the home page's
// lab shelf, the home page not downloading the labs or the tokenizers, cross-attention training in
// a Web Worker with a progress bar while the page stays responsive; step-through from the keyboard
// (a weights cell lights its Q row and K row, a Q cell its X row and W_Q column; the causal mask's
// cells their rows of X); the embedding lab trained on the curriculum's own text by default.
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
    expect(JSON.parse(res.request().postData()!)).toEqual({
      item: `lab:${id}`,
      seed: 1,
      answer: value,
    });
    await expect.poll(() => page.locator(correct ? '.lab-correct' : '.lab-wrong').count()).toBe(1);
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

/** The data-cell ("i,j") of every highlighted cell of a step's heat map, sorted. */
const hiCells = (page: Page, step: string) =>
  page
    .locator(`[data-step="${step}"] rect[data-hi]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-cell')!).sort());
/** The aria-labels ("X[1][0]") of the highlighted cells of an input grid, sorted. */
const hiInputs = (page: Page, name: string) =>
  page
    .locator(`[data-input="${name}"] input[data-hi]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!).sort());
/** Focuses a step's own heat map and selects cell (i, j) with Enter and the arrow keys. */
async function selectByKeyboard(page: Page, step: string, i: number, j: number) {
  await page.locator(`[data-step="${step}"] [data-tensor="${step}"]`).focus();
  await page.keyboard.press('Enter');
  for (let k = 0; k < i; k++) await page.keyboard.press('ArrowDown');
  for (let k = 0; k < j; k++) await page.keyboard.press('ArrowRight');
  await expect
    .poll(() => page.locator(`[data-step="${step}"] rect[data-selected]`).getAttribute('data-cell'))
    .toBe(`${i},${j}`);
}
const range = (n: number) => Array.from({ length: n }, (_, k) => k);

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
    // weights[2][1] came from scaled[2][1] + mask[2][1], i.e. from tokens 2 (query) and 1 (key).
    async more(page) {
      await selectByKeyboard(page, 'weights', 2, 1);
      for (const id of ['scaled', 'mask', 'masked', 'weights'])
        expect(await hiCells(page, id)).toEqual(['2,1']);
      const d = await page.locator('[data-input="X"] tr').first().locator('input').count();
      expect(await hiInputs(page, 'X')).toEqual(
        [1, 2].flatMap((i) => range(d).map((k) => `X[${i}][${k}]`)).sort(),
      );
    },
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
    // Trained by default on the curriculum's own text (fetched from the API, split into words);
    // fewer epochs retrain (in the worker); the hand-written corpus is one choice away.
    async more(page) {
      expect(await page.locator('#lab-corpus').inputValue()).toBe('curriculum');
      const corpus = await page.locator('#lab-field-text').inputValue();
      for (const w of ['エンコーダ', 'デコーダ', 'トークン', 'attention'])
        expect(corpus).toContain(w);
      expect(corpus).not.toMatch(/[、。，．！？「」（）]/u);
      expect(page.url()).not.toContain(encodeURIComponent('エンコーダ'));
      expect(await page.locator('svg[aria-label="PCA projection"] text').count()).toBeGreaterThan(
        150,
      );
      const before = await cells(page, 'loss');
      await page.fill('input[aria-label="epochs"]', '5');
      await expect.poll(() => cells(page, 'loss')).not.toBe(before);
      const loss = (await cells(page, 'loss')).split(' ').map(Number);
      expect(loss).toHaveLength(5);
      expect(loss[4]).toBeLessThan(loss[0]);
      await page.selectOption('#lab-corpus', 'builtin');
      await expect.poll(() => page.locator('#lab-field-a').inputValue()).toBe('猫');
      expect(await page.locator('#lab-field-text').inputValue()).toContain('猫 は 魚 を 食べる');
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

  it('self-attention: step through from the keyboard, back to the rows of Q and K and to X and W_Q', async () => {
    const page = await newPage(fx!);
    await page.goto(`${fx!.server.url}/labs/self-attention`);
    await page.locator('[data-step="weights"] text.lab-cell').first().waitFor();
    const dk = await page.locator('[data-step="Q"] rect[data-cell^="0,"]').count();
    const d = await page.locator('[data-input="X"] tr').first().locator('input').count();
    expect(dk).toBeGreaterThan(1);
    // weights[1][2] = softmax of Q[1]·K[2]: row 1 of Q and row 2 of K light up, nothing else.
    await selectByKeyboard(page, 'weights', 1, 2);
    expect(await hiCells(page, 'Q')).toEqual(
      range(dk)
        .map((c) => `1,${c}`)
        .sort(),
    );
    expect(await hiCells(page, 'K')).toEqual(
      range(dk)
        .map((c) => `2,${c}`)
        .sort(),
    );
    expect(await hiCells(page, 'scores')).toEqual(['1,2']);
    expect(await page.locator('.lab-stepper-status').textContent()).toContain('weights[1][2]');
    // Q[2][1] = X[2]·Wq[:, 1]: row 2 of X and column 1 of Wq.
    await selectByKeyboard(page, 'Q', 2, 1);
    expect(await hiInputs(page, 'X')).toEqual(
      range(d)
        .map((k) => `X[2][${k}]`)
        .sort(),
    );
    expect(await hiInputs(page, 'Wq')).toEqual(
      range(d)
        .map((k) => `Wq[${k}][1]`)
        .sort(),
    );
    expect(await hiInputs(page, 'Wk')).toEqual([]);
    expect(await hiCells(page, 'K')).toEqual([]);
    // "Next step" goes on to K's first cell and focuses its map: the arrows go on from there.
    await page.click('[data-testid="step-next"]');
    await expect
      .poll(() => page.locator('[data-step="K"] rect[data-selected]').getAttribute('data-cell'))
      .toBe('0,0');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-tensor')))
      .toBe('K');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => hiInputs(page, 'Wk'))
      .toEqual(
        range(d)
          .map((k) => `Wk[${k}][1]`)
          .sort(),
      );
    expect(await hiInputs(page, 'X')).toEqual(
      range(d)
        .map((k) => `X[0][${k}]`)
        .sort(),
    );
    await page.click('[data-testid="step-prev"]');
    await expect
      .poll(() => page.locator('[data-step="Q"] rect[data-selected]').getAttribute('data-cell'))
      .toBe('0,0');
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
