// The lower part of a concept page: labs (greyed until built), sources, resources, roadmaps.
import { Link } from 'react-router-dom';
import type { ConceptDto } from '../../shared/api.ts';
import { useLocale } from '../i18n/index.ts';

export function ConceptRefs({ concept: c }: { concept: ConceptDto }) {
  const { t, l } = useLocale();
  return (
    <div className="concept-refs">
      <section aria-labelledby="labs-title">
        <h2 id="labs-title">{t('concept.labs')}</h2>
        {c.labs.length === 0 ? (
          <p className="empty">{t('concept.labsEmpty')}</p>
        ) : (
          <ul className="labs">
            {c.labs.map((lab) =>
              lab.available ? (
                <li key={lab.id} className="lab">
                  <a href={`/labs/${lab.id}`}>
                    <code>{lab.id}</code> {t('concept.labOpen')}
                  </a>
                </li>
              ) : (
                <li
                  key={lab.id}
                  className="lab lab-unavailable"
                  aria-disabled="true"
                  data-lab={lab.id}
                >
                  <code>{lab.id}</code> <span className="tag">{t('concept.labComing')}</span>
                </li>
              ),
            )}
          </ul>
        )}
      </section>

      <section aria-labelledby="sources-title">
        <h2 id="sources-title">{t('concept.sources')}</h2>
        <ul className="sources">
          {c.sources.map((s, i) => (
            <li key={i}>
              <span className="seed-tag" title={t(`seed.${s.seed}`)}>
                {t('common.seed', { seed: s.seed })}
              </span>{' '}
              「{s.label}」
              <span className="source-section">
                {t('concept.sourceSection', { section: s.section })}
              </span>
            </li>
          ))}
        </ul>
      </section>

      {c.resources.length > 0 && (
        <section aria-labelledby="resources-title">
          <h2 id="resources-title">{t('concept.resources')}</h2>
          <ul className="resources">
            {c.resources.map((r) => (
              <li key={r.url}>
                <a href={r.url} target="_blank" rel="noopener noreferrer">
                  {r.title}
                </a>{' '}
                <span className="tag">
                  {r.lang === 'ja' ? t('concept.langJa') : t('concept.langEn')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {c.roadmaps.length > 0 && (
        <section aria-labelledby="roadmaps-title">
          <h2 id="roadmaps-title">{t('concept.roadmaps')}</h2>
          <ul className="chip-list">
            {c.roadmaps.map((r) => (
              <li key={r.id}>
                <Link to={`/roadmaps/${r.id}`} className="chip">
                  {l(r.title)}
                  {r.week !== null && (
                    <span className="week"> · {t('common.week', { n: r.week })}</span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
