// The roadmap's milestones: when, what to have built (deliverables), what must hold (conditions).
import type { MilestoneDto, RoadmapConceptDto } from '../../shared/api.ts';
import { useLocale } from '../i18n/index.ts';
import { ConceptChip } from './roadmap-parts.tsx';

export function MilestoneList({
  milestones,
  byId,
}: {
  milestones: MilestoneDto[];
  byId: Map<string, RoadmapConceptDto>;
}) {
  const { t, l } = useLocale();
  return (
    <section aria-labelledby="milestones-title" className="milestones">
      <h2 id="milestones-title">{t('roadmap.milestones')}</h2>
      <ol className="milestone-list">
        {[...milestones]
          .sort((a, b) => a.week - b.week)
          .map((m) => (
            <li key={m.id} className="card milestone" data-milestone={m.id}>
              <h3>
                <span className="milestone-week">{t('common.week', { n: m.week })}</span>{' '}
                {l(m.title)}
              </h3>
              {m.deliverables.length > 0 && (
                <>
                  <h4>{t('roadmap.deliverables')}</h4>
                  <ul>
                    {m.deliverables.map((d) => (
                      <li key={d.id}>
                        {l(d.title)}
                        {d.artifact && (
                          <>
                            {' '}
                            <code>{d.artifact}</code>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {m.conditions.length > 0 && (
                <>
                  <h4>{t('roadmap.conditions')}</h4>
                  <ul className="conditions">
                    {m.conditions.map((d) => (
                      <li key={d.id}>{l(d.title)}</li>
                    ))}
                  </ul>
                </>
              )}
              {m.concepts.length > 0 && (
                <>
                  <h4>{t('roadmap.milestoneConcepts')}</h4>
                  <ul className="chip-list">
                    {m.concepts.map((cid) => (
                      <li key={cid}>
                        <ConceptChip id={cid} concept={byId.get(cid)} />
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <p className="source-note">{m.source}</p>
            </li>
          ))}
      </ol>
    </section>
  );
}
