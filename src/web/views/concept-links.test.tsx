// A level range reads 「基礎〜中級」 on the concept page and in the roadmap list, and a checklist item
// that is a concept of its own links to that concept with its status.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { beforeAll, describe, expect, it } from 'vitest';
import ja from '../i18n/ja.json';
import en from '../i18n/en.json';
import type { RoadmapConceptDto } from '../../shared/api.ts';
import { ConceptRow, LevelRange, SubconceptLink } from './roadmap-parts.tsx';


beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng: 'ja',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
});

const row: RoadmapConceptDto = {
  id: 'training-process', title: { ja: '学習プロセス', en: 'Training Process' }, summary: { ja: '要約', en: 'Summary' },
  level: 'basic', levelTo: 'intermediate', importance: 4, hours: { min: 0.5, max: 0.5 }, week: 2, parent: null,
  prerequisites: [], labs: [], status: 'not_started', changedAt: null, ready: true,
};

describe('level ranges and linked checklist items', () => {
  it('shows a level range as 基礎〜中級, and a single level as before', async () => {
    await i18n.changeLanguage('ja');
    expect(renderToString(<LevelRange level="basic" to="intermediate" />)).toContain('基礎〜中級');
    expect(renderToString(<LevelRange level="advanced" />)).toMatch(/>応用</);
    const html = renderToString(<MemoryRouter><ul><ConceptRow id={row.id} concept={row} /></ul></MemoryRouter>);
    expect(html).toContain('基礎〜中級');
    await i18n.changeLanguage('en');
    expect(renderToString(<LevelRange level="intermediate" to="advanced" />)).toContain('Intermediate–Advanced');
  });

  it('links a checklist item to its concept, with that concept’s status', async () => {
    await i18n.changeLanguage('ja');
    const html = renderToString(
      <MemoryRouter>
        <SubconceptLink id="positional-encoding" link={{ id: 'positional-encoding', title: { ja: '位置エンコーディング', en: 'Positional Encoding' }, status: 'done' }} />
      </MemoryRouter>,
    );
    expect(html).toContain('href="/concepts/positional-encoding"');
    expect(html).toContain('status-done');
    expect(html).toContain('位置エンコーディング');
    expect(html).toContain('完了');
  });
});
