// End-to-end: the learning loop in Chromium against the real server and a fresh SQLite file —
// the plan (7 h/week → 6 weeks, .ics download), the learning log (autosave, reload, streak),
// a note whose HTML must stay inert, a milestone item with a link, and a plan that fell behind
// (the kind banner with what to drop) moving once hours are logged and concepts are done.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoteDto, RoadmapDto, RoadmapMilestonesDto } from '../../src/shared/api.ts';
import { newPage, setUp, type Fixture } from './helpers.ts';

let fx: Fixture;

beforeAll(async () => {
  fx = await setUp();
}, 120_000);

afterAll(async () => {
  await fx?.close();
});

/** The machine's local day `offset` days from today, YYYY-MM-DD (the server counts days the same way). */
function localDayFromToday(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(fx.server.url + path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe('learning loop', () => {
  it('plans llm-basics-6w at 7 hours a week into 6 weeks, and downloads it as .ics', async () => {
    const page = await newPage(fx);
    await page.goto(`${fx.server.url}/roadmaps/llm-basics-6w`);
    await page.getByTestId('plan-link').click();
    await page.waitForURL('**/roadmaps/llm-basics-6w/plan');
    const form = page.getByTestId('plan-form');
    await form.locator('input[name="hoursPerWeek"]').fill('7');
    const saved = page.waitForResponse(
      (r) => r.url().includes('/api/plan/llm-basics-6w') && r.request().method() === 'PUT',
    );
    await form.locator('button[type="submit"]').click();
    expect((await saved).status()).toBe(200);
    await page.getByTestId('plan-save-state').getByText('計画を保存しました').waitFor();
    expect(await page.locator('[data-testid="plan-weeks-list"] > li').count()).toBe(6);
    expect(await page.getByTestId('plan-weeks').textContent()).toBe('6週間');
    expect(await page.getByTestId('plan-milestone').count()).toBeGreaterThan(0);
    await page.getByTestId('burndown-chart').waitFor();

    const download = page.waitForEvent('download');
    await page.getByTestId('ics-link').click();
    const file = await (await download).path();
    const ics = readFileSync(file, 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(ics).toContain('BEGIN:VEVENT');

    // The settings were saved: a reload shows the same 7 hours.
    await page.reload();
    expect(await form.locator('input[name="hoursPerWeek"]').inputValue()).toBe('7');
    await page.context().close();
  });

  it('writes a log entry that is there after a reload, and the streak shows 1', async () => {
    const page = await newPage(fx);
    await page.goto(`${fx.server.url}/log`);
    const form = page.getByTestId('log-form');
    await form.locator('input[name="minutes"]').fill('30');
    await form.locator('textarea[name="learned"]').fill('Self-Attention の $QK^T$ を学んだ');
    await form.locator('textarea[name="blockers"]').fill('softmax の軸を間違えた → axis=-1');
    await page.getByTestId('stuck-help').locator('a[href="/guides/stuck-checklists"]').waitFor();
    await page.locator('[data-testid="log-save-state"][data-status="saved"]').waitFor();
    await page.locator('[data-testid="streak-count"]', { hasText: '1' }).waitFor();

    await page.reload();
    expect(await form.locator('textarea[name="learned"]').inputValue()).toBe(
      'Self-Attention の $QK^T$ を学んだ',
    );
    expect(await form.locator('input[name="minutes"]').inputValue()).toBe('30');
    expect(await page.getByTestId('streak-count').textContent()).toBe('1');
    expect(await page.locator('[data-testid="entry-list"] > li').count()).toBe(1);
    await page.context().close();
  });

  it('keeps a note with HTML in it inert, and the note survives a reload', async () => {
    const payload =
      '# メモ\n\n<img src=x onerror="window.__xss=1">\n\n<script>window.__xss=2</script>\n\n$a^2$';
    const page = await newPage(fx);
    await page.goto(`${fx.server.url}/concepts/self-attention`);
    const note = page.locator('textarea[name="note"]');
    await note.fill(payload);
    const preview = page.getByTestId('rendered-note');
    await preview.locator('h1', { hasText: 'メモ' }).waitFor();
    await preview.locator('.katex').first().waitFor();
    // Reload at once: the local draft keeps the keystrokes even before the save has gone out.
    await page.reload();
    expect(await note.inputValue()).toBe(payload);
    await page.locator('[data-testid="note-save-state"][data-status="saved"]').waitFor();
    await preview.locator('h1', { hasText: 'メモ' }).waitFor();
    expect(await preview.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    const saved = await getJson<NoteDto>('/api/notes/self-attention');
    expect(saved.body).toBe(payload);

    // A fresh context (no draft) shows the server's copy, still inert.
    await page.context().close();
    const again = await newPage(fx);
    await again.goto(`${fx.server.url}/concepts/self-attention`);
    expect(await again.locator('textarea[name="note"]').inputValue()).toBe(payload);
    await again.getByTestId('rendered-note').locator('h1').waitFor();
    expect(await again.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await again.context().close();
  });

  it('checks a milestone item with a link; both persist', async () => {
    const before = await getJson<RoadmapMilestonesDto>('/api/milestones/llm-basics-6w');
    const m = before.milestones[0];
    const item = m.items[0];
    const page = await newPage(fx);
    await page.goto(`${fx.server.url}/roadmaps/llm-basics-6w?view=list`);
    const box = page.getByTestId(`item-${item.id}`);
    await box.check();
    await page.locator(`[data-item="${item.id}"] .save-state`, { hasText: '保存済み' }).waitFor();
    const link = page.getByTestId(`link-${item.id}`);
    await link.fill('https://github.com/example/transformer-slides');
    await link.press('Enter');
    await page.locator(`[data-item="${item.id}"] a.open-link`).waitFor();

    await page.reload();
    expect(await box.isChecked()).toBe(true);
    expect(await link.inputValue()).toBe('https://github.com/example/transformer-slides');
    expect(await page.getByTestId(`date-${item.id}`).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const after = await getJson<RoadmapMilestonesDto>('/api/milestones/llm-basics-6w');
    const saved = after.milestones[0].items.find((i) => i.id === item.id)!;
    expect(saved.done).toBe(true);
    expect(saved.link).toBe('https://github.com/example/transformer-slides');
    await page.context().close();
  });

  it("reviews today's queue from the home card: answers, shows every explanation, records it", async () => {
    // A concept being studied brings its questions into the queue.
    const put = await fetch(`${fx.server.url}/api/progress/multi-head-attention`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress' }),
    });
    expect(put.status).toBe(200);
    const page = await newPage(fx);
    await page.goto(`${fx.server.url}/`);
    await page.getByTestId('review-card').getByRole('link').click();
    await page.waitForURL('**/review');
    const q = page.locator('form.question').first();
    const radios = q.locator('input[type="radio"]');
    if ((await radios.count()) > 0) await radios.first().check();
    else await q.locator('input[name="answer"]').fill('1');
    await q.locator('button[type="submit"]').click();
    await page.getByTestId('verdict').waitFor();
    if ((await radios.count()) > 0) {
      expect(await q.locator('.option.right').count()).toBe(1);
      expect(await q.locator('.explanation').count()).toBe(await radios.count());
    }
    await page.getByTestId('review-next').click();
    await expect
      .poll(
        async () =>
          (await getJson<{ retention: { reviews: number } }>('/api/reviews/stats')).retention
            .reviews,
      )
      .toBe(1);
    await page.context().close();
  });

  it('searches from the header in Japanese and groups the results by kind', async () => {
    const page = await newPage(fx);
    await page.goto(`${fx.server.url}/log`);
    await page.getByTestId('search-input').fill('注意機構');
    await page.getByTestId('search-input').press('Enter');
    await page.waitForURL('**/search?q=*');
    await page.getByTestId('search-results').waitFor();
    await page
      .locator('.search-hit[data-kind="concept"][data-id="self-attention"] mark')
      .first()
      .waitFor();
    await page.context().close();
  });

  // Last in the file: it adds a log entry and marks a concept done in the shared database.
  it('shows the "behind" banner for a plan started 3 weeks ago, and the plan moves with logged hours and done concepts', async () => {
    const roadmapId = 'llm-understanding';
    const page = await newPage(fx);
    await page.goto(`${fx.server.url}/roadmaps/${roadmapId}/plan`);
    const form = page.getByTestId('plan-form');
    // 7 h a week from 21 days ago, nothing logged: weeks 1–3 have ended with 3 × 7 = 21 h planned
    // and none done, so the learner is 21 h behind.
    await form.locator('input[name="start"]').fill(localDayFromToday(-21));
    await form.locator('input[name="hoursPerWeek"]').fill('7');
    const saved = page.waitForResponse(
      (r) => r.url().includes(`/api/plan/${roadmapId}`) && r.request().method() === 'PUT',
    );
    await form.locator('button[type="submit"]').click();
    expect((await saved).status()).toBe(200);
    const banner = page.getByTestId('behind-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('予定より少し遅れています');
    expect(await banner.textContent()).toContain('およそ21時間の遅れ');
    // The suggestions: concepts of this roadmap of importance ★3 or less, linked to their pages.
    const roadmap = await getJson<RoadmapDto>(`/api/roadmaps/${roadmapId}`);
    const importance = new Map(roadmap.concepts.map((c) => [c.id, c.importance]));
    const links = await banner.locator('.suggestions a').evaluateAll((as) =>
      as.map((a) => a.getAttribute('href') ?? ''),
    );
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) {
      const id = href.replace('/concepts/', '');
      expect(importance.get(id)).toBeLessThanOrEqual(3);
    }
    const before = await page.getByTestId('optimistic-finish').textContent();
    const apiBefore = await getJson<{ current: { optimistic_finish: string } }>(`/api/plan/${roadmapId}`);

    // Yesterday (in week 3): 2 h on probability-statistics (2–2 h in this roadmap).
    const logged = await fetch(`${fx.server.url}/api/log/${localDayFromToday(-1)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ minutes: 120, concepts: ['probability-statistics'] }),
    });
    expect(logged.status).toBe(200);
    // Today: linear-algebra (2–2.5 h) done, on its concept page.
    await page.goto(`${fx.server.url}/concepts/linear-algebra`);
    const done = page.waitForResponse(
      (r) => r.url().includes('/api/progress/linear-algebra') && r.request().method() === 'PUT',
    );
    await page.locator('[data-testid="status-control"] label.status-done').click();
    expect((await done).status()).toBe(200);

    await page.goto(`${fx.server.url}/roadmaps/${roadmapId}/plan`);
    await page.getByTestId('optimistic-finish').waitFor();
    // Behind by 21 − 2 h logged by the end of week 3 (linear-algebra was done today, in week 4).
    expect(await page.getByTestId('behind-banner').textContent()).toContain('およそ19時間の遅れ');
    expect(await page.getByTestId('optimistic-finish').textContent()).not.toBe(before);
    // At 1 h a day, the low ends of the two (2 h + 2 h) come off: 4 days earlier.
    const apiAfter = await getJson<{ current: { optimistic_finish: string } }>(`/api/plan/${roadmapId}`);
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(days(apiAfter.current.optimistic_finish, apiBefore.current.optimistic_finish)).toBe(4);
    await page.context().close();
  });
});
