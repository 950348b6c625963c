// Pieces of the roadmap and concept pages: one concept as a list row, as a small link chip, a level
// (or level range), and a checklist item that is a concept of its own.
import { Link } from 'react-router-dom';
import type { ConceptLinkDto, RoadmapConceptDto } from '../../shared/api.ts';
import type { Level } from '../../shared/progress.ts';
import { useLocale } from '../i18n/index.ts';
import { HoursText, LevelBadge, Stars, StatusBadge } from '../components/badges.tsx';
import { STATUS_MARK } from '../viz/roadmap-graph.tsx';

/** The level, or a level range as the seed writes it: 「基礎〜中級」 / "Basic–Intermediate". */
export function LevelRange({ level, to }: { level: Level; to?: Level }) {
  const { t } = useLocale();
  if (!to || to === level) return <LevelBadge level={level} />;
  return (
    <span className={`level-badge level-${level} level-range`} data-level-to={to}>
      {t('level.range', { from: t(`level.${level}`), to: t(`level.${to}`) })}
    </span>
  );
}

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
        <LevelRange level={c.level} to={c.levelTo} />
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

/** A checklist item that is also a concept: a chip to that concept's page with its status. */
export function SubconceptLink({ id, link }: { id: string; link: ConceptLinkDto | undefined }) {
  const { t, l } = useLocale();
  const status = link?.status ?? 'not_started';
  const title = link ? l(link.title) : id;
  return (
    <Link
      to={`/concepts/${id}`}
      className={`chip status-${status} subconcept-concept`}
      data-subconcept-concept={id}
      data-status={link ? status : undefined}
      title={t('concept.subconceptLinkHint')}
      aria-label={`${t('concept.subconceptLink', { title })}（${t(`status.${status}`)}）`}
    >
      <span className="chip-mark" aria-hidden="true">
        {link ? STATUS_MARK[status] : '→'}
      </span>
      {title}
      {link && <span className="chip-status"> {t(`status.${status}`)}</span>}
    </Link>
  );
}
