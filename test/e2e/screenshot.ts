// Regenerates docs/screenshot.png (the README's picture): builds the app, starts the server on a
// scratch database with a little progress, and photographs a roadmap page in Chromium.
// Run: npx tsx test/e2e/screenshot.ts   (needs a CJK font, e.g. Debian's fonts-noto-cjk)
import { join } from 'node:path';
import type { RoadmapDto } from '../../src/shared/api.ts';
import { ROOT, setUp } from './helpers.ts';

const ROADMAP = 'llm-basics-6w';

const fx = await setUp();
try {
  const put = (id: string, status: string) =>
    fetch(`${fx.server.url}/api/progress/${id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status }),
    });
  const roadmap = (await (
    await fetch(`${fx.server.url}/api/roadmaps/${ROADMAP}`)
  ).json()) as RoadmapDto;
  // A learner a week and a bit in: the first few concepts done, the next ones under way.
  const order = roadmap.concepts.map((c) => c.id);
  for (const id of order.slice(0, 4)) await put(id, 'done');
  for (const id of order.slice(4, 6)) await put(id, 'in_progress');
  await put(order[6], 'skipped');

  const context = await fx.browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: 'ja-JP',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  await page.goto(`${fx.server.url}/roadmaps/${ROADMAP}?view=graph&group=week`);
  await page.locator('[data-testid="roadmap-graph"]').waitFor();
  // From the title down, skipping the long description.
  await page.locator('.page-header > .meta').evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: join(ROOT, 'docs/screenshot.png') });
  console.log('wrote docs/screenshot.png');
} finally {
  await fx.close();
}
