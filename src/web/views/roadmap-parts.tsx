// Pieces of the roadmap page: one concept as a list row, and as a small link chip.
import { Link } from 'react-router-dom';
import type { RoadmapConceptDto } from '../../shared/api.ts';
import { useLocale } from '../i18n/index.ts';
import { HoursText, LevelBadge, Stars, StatusBadge } from '../components/badges.tsx';
import { STATUS_MARK } from '../viz/roadmap-graph.tsx';

export function ConceptRow({
  id,
  concept: c,
}: {
  id: string;
  concept: RoadmapConceptDto | undefined;
}) {
  const { t, l } = useLocale();
  if (!c) return <li className="concept-row">{id}</li>;
  return (
    <li className={`concept-row status-${c.status}`} data-concept={c.id}>
      <Link to={`/concepts/${c.id}`} className="concept-row-title">
        {l(c.title)}
      </Link>
      <span className="concept-row-meta">
        <StatusBadge status={c.status} />
        <LevelBadge level={c.level} />
        <Stars n={c.importance} />
        <HoursText hours={c.hours} />
        <span className="row-week">
          {c.week !== null && <span className="week">{t('common.week', { n: c.week })}</span>}
        </span>
        <span className="row-ready">
          {c.ready && c.status !== 'done' && c.status !== 'skipped' && (
            <span className="ready" title={t('roadmap.readyHint')}>
              {t('roadmap.ready')}
            </span>
          )}
        </span>
      </span>
    </li>
  );
}

export function ConceptChip({
  id,
  concept,
}: {
  id: string;
  concept: RoadmapConceptDto | undefined;
}) {
  const { t, l } = useLocale();
  const status = concept?.status ?? 'not_started';
  return (
    <Link to={`/concepts/${id}`} className={`chip status-${status}`} title={t(`status.${status}`)}>
      <span className="chip-mark" aria-hidden="true">
        {STATUS_MARK[status]}
      </span>
      {concept ? l(concept.title) : id}
      <span className="visually-hidden">（{t(`status.${status}`)}）</span>
    </Link>
  );
}
