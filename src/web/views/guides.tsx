// Guides: reference pages from the seeds (stuck checklists, common errors, budget, resources…),
// each a list of checklist, table and text blocks. Checklist ticks are kept in localStorage.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { GuideDto } from '../../shared/api.ts';
import type { Localized } from '../../shared/progress.ts';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { Loaded } from '../components/states.tsx';
import { Markdown, MarkdownInline } from '../components/markdown.tsx';
import { useDocumentTitle } from '../components/document-title.ts';

type Cell = string | Localized;
type GuideBlock =
  | { kind: 'checklist'; id: string; title: Localized; items: { id: string; text: Localized }[] }
  | {
      kind: 'table';
      id: string;
      title: Localized;
      columns: { key: string; title: Localized }[];
      rows: Record<string, Cell>[];
    }
  | { kind: 'text'; id: string; title: Localized; body: Localized };

function asBlock(b: unknown): GuideBlock | null {
  if (!b || typeof b !== 'object' || !('kind' in b) || !('id' in b)) return null;
  const kind = (b as { kind: unknown }).kind;
  return kind === 'checklist' || kind === 'table' || kind === 'text' ? (b as GuideBlock) : null;
}

export function GuidesPage() {
  const { t, l } = useLocale();
  useDocumentTitle(t('guides.title'));
  const [guides, ctl] = useApi('guides', (s) => api.guides(s));
  const [roadmaps] = useApi('roadmaps', (s) => api.roadmaps(s));
  const titles = new Map(
    roadmaps.state === 'ok' ? roadmaps.data.map((r) => [r.id, l(r.title)]) : [],
  );
  return (
    <div className="guides">
      <header className="page-header">
        <h1>{t('guides.title')}</h1>
        <p className="description">{t('guides.intro')}</p>
      </header>
      <Loaded result={guides} retry={ctl.reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{t('guides.empty')}</p>
          ) : (
            <ul className="guide-cards" data-testid="guide-list">
              {list.map((g) => (
                <li key={g.id} className="card">
                  <h2>
                    <Link to={`/guides/${g.id}`}>{l(g.title)}</Link>
                  </h2>
                  <p className="meta">
                    <span>
                      {t('common.seed', { seed: g.source })}「{t(`seed.${g.source}`)}」
                    </span>
                    {g.roadmap && (
                      <span>
                        {t('guides.forRoadmap', { title: titles.get(g.roadmap) ?? g.roadmap })}
                      </span>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </div>
  );
}

export function GuidePage() {
  const { id = '' } = useParams();
  const { t } = useLocale();
  const [guide, ctl] = useApi(`guide:${id}`, (s) => api.guide(id, s));
  return (
    <Loaded result={guide} retry={ctl.reload} notFound={t('notFound.guide', { id })}>
      {(g) => <GuideView guide={g} />}
    </Loaded>
  );
}

function GuideView({ guide: g }: { guide: GuideDto }) {
  const { t, l } = useLocale();
  useDocumentTitle(l(g.title));
  const blocks = (g.blocks ?? []).map(asBlock);
  return (
    <article className="guide" data-guide={g.id}>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <Link to="/guides">{t('nav.guides')}</Link> <span aria-hidden="true">›</span>{' '}
        <span>{l(g.title)}</span>
      </nav>
      <header className="page-header">
        <h1>{l(g.title)}</h1>
        <p className="meta">
          <span>
            {t('common.seed', { seed: g.source })}「{t(`seed.${g.source}`)}」
          </span>
        </p>
      </header>
      {blocks.length > 2 && (
        <nav aria-labelledby="toc-title" className="toc">
          <h2 id="toc-title">{t('guides.contents')}</h2>
          <ul>
            {blocks.map(
              (b, i) =>
                b && (
                  <li key={b.id + i}>
                    <a href={`#block-${b.id}`}>{l(b.title)}</a>
                  </li>
                ),
            )}
          </ul>
        </nav>
      )}
      {blocks.map((b, i) =>
        b ? (
          <Block key={b.id + i} guideId={g.id} block={b} />
        ) : (
          <p key={i} className="empty">
            {t('guides.unknownBlock')}
          </p>
        ),
      )}
    </article>
  );
}

function cellText(cell: Cell | undefined, l: (x: Localized) => string): string {
  if (cell === undefined) return '';
  return typeof cell === 'string' ? cell : l(cell);
}

function Block({ guideId, block: b }: { guideId: string; block: GuideBlock }) {
  const { l } = useLocale();
  return (
    <section
      id={`block-${b.id}`}
      aria-labelledby={`block-${b.id}-title`}
      className={`guide-block guide-${b.kind}`}
    >
      <h2 id={`block-${b.id}-title`}>{l(b.title)}</h2>
      {b.kind === 'text' && <Markdown source={l(b.body)} />}
      {b.kind === 'checklist' && (
        <GuideChecklist storageKey={`shirube.guide.${guideId}.${b.id}`} items={b.items} />
      )}
      {b.kind === 'table' && (
        <div
          className="table-scroll"
          tabIndex={0}
          role="region"
          aria-labelledby={`block-${b.id}-title`}
        >
          <table>
            <thead>
              <tr>
                {b.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {l(c.title)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((row, i) => (
                <tr key={i}>
                  {b.columns.map((c, j) =>
                    j === 0 ? (
                      <th key={c.key} scope="row">
                        <MarkdownInline source={cellText(row[c.key], l)} />
                      </th>
                    ) : (
                      <td key={c.key}>
                        <MarkdownInline source={cellText(row[c.key], l)} />
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function GuideChecklist({
  storageKey,
  items,
}: {
  storageKey: string;
  items: { id: string; text: Localized }[];
}) {
  const { l } = useLocale();
  const [checked, setChecked] = useState<Record<string, boolean>>(() => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Record<string, boolean>;
    } catch {
      return {};
    }
  });
  useEffect(() => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(checked));
    } catch {
      // Storage unavailable: ticks last for this page only.
    }
  }, [storageKey, checked]);
  return (
    <ul className="checklist">
      {items.map((item) => (
        <li key={item.id}>
          <label>
            <input
              type="checkbox"
              checked={Boolean(checked[item.id])}
              onChange={(e) => setChecked((prev) => ({ ...prev, [item.id]: e.target.checked }))}
            />
            <span>
              <MarkdownInline source={l(item.text)} />
            </span>
          </label>
        </li>
      ))}
    </ul>
  );
}
