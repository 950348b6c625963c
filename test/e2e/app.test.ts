// End-to-end: the built web app against the real server and a real SQLite file, in Chromium.
// One server and one database for the file; each test uses its own concept or fresh context.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ConceptDto, RoadmapDto, RoadmapSummaryDto } from '../../src/shared/api.ts';
import { setUp, type Fixture } from './helpers.ts';

let fx: Fixture;

beforeAll(async () => {
  fx = await setUp();
}, 120_000);

afterAll(async () => {
  await fx?.close();
});

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(fx.server.url + path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function newPage(): Promise<Page> {
  const context = await fx.browser.newContext({
    locale: 'ja-JP',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (err) => {
    throw err;
  });
  return page;
}

/** The first concept of a roadmap that matches, for tests that need one with a property. */
async function findConcept(
  match: (c: ConceptDto) => boolean,
  skip: Set<string>,
): Promise<ConceptDto> {
  const roadmaps = await getJson<RoadmapSummaryDto[]>('/api/roadmaps');
  for (const r of roadmaps) {
    const roadmap = await getJson<RoadmapDto>(`/api/roadmaps/${r.id}`);
    for (const c of roadmap.concepts) {
      if (skip.has(c.id)) continue;
      const concept = await getJson<ConceptDto>(`/api/concepts/${c.id}`);
      if (match(concept)) return concept;
    }
  }
  throw new Error('no concept matches');
}

const used = new Set<string>();

describe('web app', () => {
  it('shows the three roadmaps on the home page, in Japanese', async () => {
    const page = await newPage();
    await page.goto(fx.server.url + '/');
    const cards = page.locator('[data-testid="roadmap-list"] > li');
    await cards.first().waitFor();
    const ids = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-roadmap')));
    expect(ids).toEqual(
      expect.arrayContaining(['llm-basics-6w', 'llm-understanding', 'llm-apps-12m']),
    );
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.locator('#roadmaps-title').textContent()).toBe('ロードマップ');
    await page.context().close();
  });

  it('opens a roadmap: graph of all its concepts, a node opens its concept, the list view too', async () => {
    const roadmap = await getJson<RoadmapDto>('/api/roadmaps/llm-basics-6w');
    const page = await newPage();
    await page.goto(fx.server.url + '/');
    await page.locator('[data-roadmap="llm-basics-6w"] h3 a').click();
    await page.waitForURL('**/roadmaps/llm-basics-6w');
    await page.locator('[data-testid="roadmap-graph"]').waitFor();
    expect(await page.locator('a.graph-node').count()).toBe(roadmap.concepts.length);
    const last = roadmap.concepts[roadmap.concepts.length - 1];
    await page.locator(`a.graph-node[data-concept="${last.id}"]`).click();
    await page.waitForURL(`**/concepts/${last.id}`);
    // The concept page is a lazy chunk: the roadmap's h1 stays until it arrives.
    await page.locator('h1', { hasText: last.title.ja }).waitFor();
    expect(await page.locator('h1').textContent()).toBe(last.title.ja);
    await page.goBack();

    await page.locator('button[data-view="list"]').click();
    await page.locator('[data-testid="roadmap-list"]').waitFor();
    expect(page.url()).toContain('view=list');
    const first = roadmap.concepts[0];
    await page.locator(`.concept-row[data-concept="${first.id}"] a`).click();
    await page.waitForURL(`**/concepts/${first.id}`);
    await page.locator('h1', { hasText: first.title.ja }).waitFor();
    expect(await page.locator('h1').textContent()).toBe(first.title.ja);
    await page.context().close();
  });

  it('marks a concept done; it stays done after a reload and after a server restart', async () => {
    const roadmap = await getJson<RoadmapDto>('/api/roadmaps/llm-basics-6w');
    const concept = roadmap.concepts.find((c) => c.status === 'not_started')!;
    used.add(concept.id);
    const page = await newPage();
    await page.goto(`${fx.server.url}/concepts/${concept.id}`);
    const done = page.locator('[data-testid="status-control"] input[value="done"]');
    const saved = page.waitForResponse(
      (r) => r.url().includes(`/api/progress/${concept.id}`) && r.request().method() === 'PUT',
    );
    await page.locator('[data-testid="status-control"] label.status-done').click();
    expect((await saved).status()).toBe(200);
    await page.getByText('保存しました').waitFor();
    expect(await done.isChecked()).toBe(true);
    expect(await page.locator('[data-date="completedAt"]').textContent()).not.toBe('—');

    await page.reload();
    await done.waitFor({ state: 'attached' });
    expect(await done.isChecked()).toBe(true);

    await fx.restart();
    await page.goto(`${fx.server.url}/concepts/${concept.id}`);
    await done.waitFor({ state: 'attached' });
    expect(await done.isChecked()).toBe(true);
    // The roadmap graph colours it as done too.
    await page.goto(`${fx.server.url}/roadmaps/llm-basics-6w?view=graph`);
    await page.locator(`a.graph-node[data-concept="${concept.id}"].status-done`).waitFor();
    await page.context().close();
  });

  it('switches to English and back; the choice survives a reload', async () => {
    const page = await newPage();
    await page.goto(fx.server.url + '/');
    await page.locator('#roadmaps-title').waitFor();
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('#roadmaps-title').textContent()).toBe('Roadmaps');
    expect(await page.locator('[data-roadmap="llm-basics-6w"] h3').textContent()).toBe(
      'LLM Basics in 6 Weeks',
    );

    await page.reload();
    await page.locator('#roadmaps-title').waitFor();
    expect(await page.locator('#roadmaps-title').textContent()).toBe('Roadmaps');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    await page.reload();
    await page.locator('#roadmaps-title').waitFor();
    expect(await page.locator('#roadmaps-title').textContent()).toBe('ロードマップ');
    await page.context().close();
  });

  it('renders formulas with KaTeX and keeps a sub-concept check across a reload', async () => {
    const concept = await findConcept(
      (c) => c.subconcepts.length > 0 && c.body.ja.includes('$'),
      used,
    );
    used.add(concept.id);
    const sub = concept.subconcepts[0];
    const page = await newPage();
    await page.goto(`${fx.server.url}/concepts/${concept.id}`);
    await page.locator('.concept-body').waitFor();
    expect(await page.locator('.concept-body .katex').count()).toBeGreaterThan(0);
    expect(await page.locator('.concept-body .katex-error').count()).toBe(0);
    const box = page.locator(`input[data-subconcept="${sub.id}"]`);
    expect(await box.isChecked()).toBe(false);
    const saved = page.waitForResponse(
      (r) => r.url().includes(`/api/progress/${concept.id}`) && r.request().method() === 'PUT',
    );
    await box.check();
    expect((await saved).status()).toBe(200);
    await page.reload();
    await box.waitFor({ state: 'attached' });
    expect(await box.isChecked()).toBe(true);
    const progress = await getJson<ConceptDto>(`/api/concepts/${concept.id}`);
    expect(Object.keys(progress.progress.subconcepts)).toContain(sub.id);
    await page.context().close();
  });

  it('shows the 404 state for an unknown concept id', async () => {
    const page = await newPage();
    await page.goto(`${fx.server.url}/concepts/no-such-concept`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByTestId('not-found').textContent()).toContain('no-such-concept');
    await page.goto(`${fx.server.url}/no/such/page`);
    await page.getByTestId('not-found').waitFor();
    await page.context().close();
  });

  it('shows an error with a retry button when the API cannot be reached', async () => {
    const page = await newPage();
    await page.route('**/api/roadmaps', (route) => route.abort('connectionrefused'));
    await page.goto(fx.server.url + '/');
    await page.getByTestId('error-state').first().waitFor();
    expect(await page.getByTestId('error-state').first().textContent()).toContain(
      'サーバーに接続できません',
    );
    await page.unroute('**/api/roadmaps');
    await page.getByTestId('error-state').first().getByRole('button').click();
    await page.locator('[data-testid="roadmap-list"] > li').first().waitFor();
    await page.context().close();
  });
});
