// Roadmap page: header with progress, the prerequisite graph or the list of sections, milestones
// and the roadmap's suggested orders. View and grouping live in the URL (?view=list&group=level).
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { Hours, RoadmapConceptDto, RoadmapDto } from '../../shared/api.ts';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { Loaded } from '../components/states.tsx';
import { ProgressBar, formatHours } from '../components/badges.tsx';
import { useDocumentTitle } from '../components/document-title.ts';
import { Markdown } from '../components/markdown.tsx';
import { RoadmapGraph } from '../viz/roadmap-graph.tsx';
import type { Grouping } from '../viz/graph-layout.ts';
import { ConceptRow, ConceptChip } from './roadmap-parts.tsx';
import { MilestoneList } from './milestones.tsx';

type View = 'graph' | 'list';

function narrowScreen(): boolean {
  return typeof window !== 'undefined' && window.matchMedia('(max-width: 720px)').matches;
}

export function RoadmapPage() {
  const { id = '' } = useParams();
  const { t } = useLocale();
  const [result, ctl] = useApi(`roadmap:${id}`, (s) => api.roadmap(id, s));
  return (
    <Loaded result={result} retry={ctl.reload} notFound={t('notFound.roadmap', { id })}>
      {(roadmap) => <RoadmapView roadmap={roadmap} />}
    </Loaded>
  );
}

function RoadmapView({ roadmap: r }: { roadmap: RoadmapDto }) {
  const { t, l } = useLocale();
  useDocumentTitle(l(r.title));
  const [params, setParams] = useSearchParams();
  const hasWeeks = r.concepts.some((c) => c.week !== null);
  const view: View =
    params.get('view') === 'list' || params.get('view') === 'graph'
      ? (params.get('view') as View)
      : narrowScreen()
        ? 'list'
        : 'graph';
  const groupParam = params.get('group');
  const grouping: Grouping =
    groupParam === 'week' || groupParam === 'level' || groupParam === 'none'
      ? groupParam
      : hasWeeks
        ? 'week'
        : 'level';
  const set = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const byId = new Map(r.concepts.map((c) => [c.id, c]));
  const finished = r.counts.done + r.counts.skipped;

  return (
    <article className="roadmap" data-roadmap={r.id}>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('nav.home')}</Link> <span aria-hidden="true">›</span>{' '}
        <span>{l(r.title)}</span>
      </nav>
      <header className="page-header">
        <h1>{l(r.title)}</h1>
        <Markdown source={l(r.description)} className="description" />
        <p className="meta">
          <span>{t('common.weeks', { n: r.weeks })}</span>
          {r.totalHours && (
            <span>{t('home.totalHours', { hours: formatHours(t, r.totalHours) })}</span>
          )}
          <span>
            {t('roadmap.weeklyHours', { recommended: formatHours(t, r.weeklyHours.recommended) })}
            {r.weeklyHours.minimum &&
              t('roadmap.weeklyMinimum', { minimum: formatHours(t, r.weeklyHours.minimum) })}
          </span>
          <span>
            {t('common.seed', { seed: r.source })}「{t(`seed.${r.source}`)}」
          </span>
        </p>
        <ProgressBar
          counts={r.counts}
          total={r.conceptCount}
          label={t('home.progressLabel', { title: l(r.title) })}
        />
        <p className="progress-text">
          <strong>{t('home.progress', { finished, total: r.conceptCount })}</strong>
          <span className="counts">{t('home.counts', r.counts)}</span>
        </p>
        <p className="header-actions">
          <Link to={`/roadmaps/${r.id}/plan`} className="button primary" data-testid="plan-link">
            {t('roadmap.planLink')}
          </Link>
        </p>
      </header>

      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('roadmap.view')}>
          {(['graph', 'list'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => set('view', v)}
              data-view={v}
            >
              {t(`roadmap.${v}`)}
            </button>
          ))}
        </div>
        {view === 'graph' && (
          <label className="select-label">
            {t('roadmap.group')}
            <select
              value={grouping}
              onChange={(e) => set('group', e.target.value)}
              data-testid="group-select"
            >
              {hasWeeks && <option value="week">{t('roadmap.groupWeek')}</option>}
              <option value="level">{t('roadmap.groupLevel')}</option>
              <option value="none">{t('roadmap.groupNone')}</option>
            </select>
          </label>
        )}
      </div>

      {view === 'graph' ? (
        <RoadmapGraph
          concepts={r.concepts}
          grouping={grouping}
          label={t('roadmap.graphLabel', { title: l(r.title) })}
        />
      ) : (
        <SectionList roadmap={r} byId={byId} />
      )}

      {r.milestones.length > 0 && (
        <MilestoneList roadmapId={r.id} milestones={r.milestones} byId={byId} />
      )}

      {r.orderings.length > 0 && (
        <section aria-labelledby="orderings-title" className="orderings">
          <h2 id="orderings-title">{t('roadmap.orderings')}</h2>
          {r.orderings.map((o) => (
            <div key={o.id} className="ordering">
              <h3>{l(o.title)}</h3>
              <ol className="chip-list">
                {o.concepts.map((cid) => (
                  <li key={cid}>
                    <ConceptChip id={cid} concept={byId.get(cid)} />
                  </li>
                ))}
              </ol>
              <p className="source-note">{o.source}</p>
            </div>
          ))}
        </section>
      )}
    </article>
  );
}

/** Sum of hour ranges; null when none of them has hours. */
function sumHours(list: (Hours | null | undefined)[]): Hours | null {
  const known = list.filter((h): h is Hours => !!h);
  if (known.length === 0) return null;
  return { min: known.reduce((a, h) => a + h.min, 0), max: known.reduce((a, h) => a + h.max, 0) };
}

function SectionList({
  roadmap: r,
  byId,
}: {
  roadmap: RoadmapDto;
  byId: Map<string, RoadmapConceptDto>;
}) {
  const { t, l } = useLocale();
  const inSection = new Set(r.sections.flatMap((s) => s.concepts));
  const rest = r.concepts.filter((c) => !inSection.has(c.id));
  const sections = [
    ...r.sections,
    ...(rest.length ? [{ id: 'unsectioned', title: null, concepts: rest.map((c) => c.id) }] : []),
  ];
  return (
    <section aria-labelledby="sections-title" className="section-list" data-testid="roadmap-list">
      <h2 id="sections-title">{t('roadmap.sections')}</h2>
      {sections.map((s) => (
        <section key={s.id} className="roadmap-section" aria-labelledby={`section-${s.id}`}>
          <h3 id={`section-${s.id}`}>{s.title ? l(s.title) : t('roadmap.unsectioned')}</h3>
          <p className="meta">
            {'weeks' in s && s.weeks && (
              <span>
                {s.weeks.from === s.weeks.to
                  ? t('common.week', { n: s.weeks.from })
                  : t('common.weekRange', { from: s.weeks.from, to: s.weeks.to })}
              </span>
            )}
            <span>
              {formatHours(
                t,
                ('hours' in s && s.hours) ||
                  sumHours(s.concepts.map((cid) => byId.get(cid)?.hours)),
              )}
            </span>
            {'weeklyHours' in s && s.weeklyHours && (
              <span>{t('roadmap.sectionWeekly', { hours: formatHours(t, s.weeklyHours) })}</span>
            )}
          </p>
          {'description' in s && s.description && (
            <Markdown source={l(s.description)} className="description" />
          )}
          <ul className="concept-rows">
            {s.concepts.map((cid) => (
              <ConceptRow key={cid} id={cid} concept={byId.get(cid)} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
