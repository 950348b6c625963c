// Concept page: the explanation (Markdown + TeX), why it is hard, the learner's status and
// sub-concept checklist (saved through PUT /api/progress), and everything the concept links to.
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ConceptDto, ConceptLinkDto, ProgressDto, ProgressUpdate } from '../../shared/api.ts';
import { STATUSES } from '../../shared/progress.ts';
import { ApiFailure, api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { Loaded } from '../components/states.tsx';
import { HoursText, Stars, formatDate } from '../components/badges.tsx';
import { Markdown } from '../components/markdown.tsx';
import { useDocumentTitle } from '../components/document-title.ts';
import { STATUS_MARK } from '../viz/roadmap-graph.tsx';
import { ConceptRefs } from './concept-refs.tsx';
import { ConceptNote } from './note.tsx';
import { SelfCheck } from './self-check.tsx';
import { LevelRange, SubconceptLink } from './roadmap-parts.tsx';

/**
 * The concepts that checklist items point at (`concept` on a sub-concept), with their title and
 * status: from the links this page already has, the rest fetched once per page.
 */
function useLinkedConcepts(c: ConceptDto): Map<string, ConceptLinkDto> {
  const known = new Map(
    [...c.children, ...c.prerequisites, ...c.unlocks, ...(c.parent ? [c.parent] : [])].map((x) => [x.id, x]),
  );
  const wanted = [...new Set(c.subconcepts.flatMap((s) => (s.concept ? [s.concept] : [])))];
  const missing = wanted.filter((id) => !known.has(id));
  const [fetched, setFetched] = useState(new Map<string, ConceptLinkDto>());
  const key = missing.join(',');
  useEffect(() => {
    if (!key) return;
    const ctrl = new AbortController();
    void Promise.all(
      key.split(',').map((id) =>
        api.concept(id, ctrl.signal).then(
          (x): [string, ConceptLinkDto] => [id, { id, title: x.title, status: x.progress.status }],
          () => undefined,
        ),
      ),
    ).then((pairs) => {
      if (!ctrl.signal.aborted) setFetched(new Map(pairs.filter((x) => x !== undefined)));
    });
    return () => ctrl.abort();
  }, [key]);
  for (const [id, link] of fetched) if (!known.has(id)) known.set(id, link);
  return known;
}

export function ConceptPage() {
  const { id = '' } = useParams();
  const { t } = useLocale();
  const [result, ctl] = useApi(`concept:${id}`, (s) => api.concept(id, s));
  return (
    <Loaded result={result} retry={ctl.reload} notFound={t('notFound.concept', { id })}>
      {(concept) => (
        <ConceptView
          key={concept.id}
          concept={concept}
          onProgress={(progress) => ctl.setData((c) => ({ ...c, progress }))}
        />
      )}
    </Loaded>
  );
}

type SaveState =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved' }
  | { state: 'failed'; message: string };

function ConceptView({
  concept: c,
  onProgress,
}: {
  concept: ConceptDto;
  onProgress: (p: ProgressDto) => void;
}) {
  const { t, l, lang } = useLocale();
  useDocumentTitle(l(c.title));
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  // Only the answer to the latest change is applied, so quick clicks cannot land out of order.
  const latest = useRef(0);

  const update = async (body: ProgressUpdate, optimistic: ProgressDto) => {
    const before = c.progress;
    const seq = ++latest.current;
    onProgress(optimistic);
    setSave({ state: 'saving' });
    try {
      const saved = await api.setProgress(c.id, body);
      if (seq !== latest.current) return;
      onProgress(saved);
      setSave({ state: 'saved' });
    } catch (err) {
      if (seq !== latest.current) return;
      onProgress(before);
      setSave({ state: 'failed', message: err instanceof ApiFailure ? err.message : String(err) });
    }
  };

  const linked = useLinkedConcepts(c);
  const p = c.progress;
  const checked = c.subconcepts.filter((s) => p.subconcepts[s.id]).length;
  const dates = [
    ['changedAt', p.changedAt],
    ['startedAt', p.startedAt],
    ['completedAt', p.completedAt],
  ] as const;

  return (
    <article className="concept" data-concept={c.id}>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('nav.home')}</Link>
        {c.roadmaps[0] && (
          <>
            {' '}
            <span aria-hidden="true">›</span>{' '}
            <Link to={`/roadmaps/${c.roadmaps[0].id}`}>{l(c.roadmaps[0].title)}</Link>
          </>
        )}
        {c.parent && (
          <>
            {' '}
            <span aria-hidden="true">›</span>{' '}
            <Link to={`/concepts/${c.parent.id}`}>{l(c.parent.title)}</Link>
          </>
        )}
      </nav>

      <header className="page-header">
        <h1>{l(c.title)}</h1>
        <p className="meta">
          <LevelRange level={c.level} to={c.levelTo} />
          <Stars n={c.importance} />
          {c.estimated.includes('importance') && (
            <abbr className="estimated" title={t('common.estimatedHint')}>
              {t('common.estimated')}
            </abbr>
          )}
          <HoursText hours={c.hours} estimated={c.estimated.includes('hours')} />
        </p>
        <p className="summary lead">{l(c.summary)}</p>
      </header>

      <div className="concept-layout">
        <div className="concept-main">
          <section aria-labelledby="body-title">
            <h2 id="body-title" className="visually-hidden">
              {t('concept.body')}
            </h2>
            <Markdown source={l(c.body)} className="concept-body" />
          </section>

          {c.whyHard && (
            <aside className="why-hard" aria-labelledby="why-hard-title">
              <h2 id="why-hard-title">{t('concept.whyHard')}</h2>
              <Markdown source={l(c.whyHard)} />
            </aside>
          )}

          {c.subconcepts.length > 0 && (
            <section aria-labelledby="subconcepts-title" className="subconcepts">
              <h2 id="subconcepts-title">
                {t('concept.subconcepts')}{' '}
                <span className="count">
                  {t('concept.subconceptsDone', { done: checked, total: c.subconcepts.length })}
                </span>
              </h2>
              <p className="hint">{t('concept.subconceptsHint')}</p>
              <ul className="checklist" data-testid="subconcepts">
                {c.subconcepts.map((s) => {
                  const on = Boolean(p.subconcepts[s.id]);
                  return (
                    <li key={s.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={on}
                          data-subconcept={s.id}
                          onChange={(e) => {
                            const next = { ...p.subconcepts };
                            if (e.target.checked) next[s.id] = new Date().toISOString();
                            else delete next[s.id];
                            void update(
                              { subconcepts: { [s.id]: e.target.checked } },
                              { ...p, subconcepts: next },
                            );
                          }}
                        />
                        <span>{l(s.title)}</span>
                      </label>
                      {s.concept && (
                        <SubconceptLink id={s.concept} link={linked.get(s.concept)} />
                      )}
                      {on && (
                        <span className="checked-at">{formatDate(lang, p.subconcepts[s.id])}</span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>
          )}

          <SelfCheck conceptId={c.id} />

          <ConceptNote conceptId={c.id} />
        </div>

        <aside className="concept-side">
          <section aria-labelledby="status-title" className="card status-card">
            <h2 id="status-title">{t('concept.status')}</h2>
            <div
              className="status-control"
              role="radiogroup"
              aria-labelledby="status-title"
              data-testid="status-control"
            >
              {STATUSES.map((s) => (
                <label key={s} className={`status-option status-${s}`}>
                  <input
                    type="radio"
                    name="status"
                    value={s}
                    checked={p.status === s}
                    onChange={() => void update({ status: s }, { ...p, status: s })}
                  />
                  <span>
                    <span aria-hidden="true">{STATUS_MARK[s]} </span>
                    {t(`status.${s}`)}
                  </span>
                </label>
              ))}
            </div>
            <p className="save-state" role="status" aria-live="polite" data-testid="save-state">
              {save.state === 'saving' && t('concept.saving')}
              {save.state === 'saved' && t('concept.saved')}
              {save.state === 'failed' && (
                <span className="error-text">
                  {t('error.saveFailed', { message: save.message })}
                </span>
              )}
            </p>
            <dl className="dates">
              {dates.map(([key, value]) => (
                <div key={key}>
                  <dt>{t(`concept.${key}`)}</dt>
                  <dd data-date={key}>{formatDate(lang, value) ?? t('concept.never')}</dd>
                </div>
              ))}
            </dl>
          </section>
          <LinkSection
            title={t('concept.prerequisites')}
            links={c.prerequisites}
            empty={t('concept.prerequisitesEmpty')}
            id="prereq"
          />
          <LinkSection
            title={t('concept.unlocks')}
            links={c.unlocks}
            empty={t('concept.unlocksEmpty')}
            id="unlocks"
          />
          {c.parent && <LinkSection title={t('concept.parent')} links={[c.parent]} id="parent" />}
          {c.children.length > 0 && (
            <LinkSection title={t('concept.children')} links={c.children} id="children" />
          )}
        </aside>
      </div>

      <ConceptRefs concept={c} />
    </article>
  );
}

function LinkSection({
  title,
  links,
  empty,
  id,
}: {
  title: string;
  links: ConceptLinkDto[];
  empty?: string;
  id: string;
}) {
  const { t, l } = useLocale();
  return (
    <section aria-labelledby={`${id}-title`} className="link-section">
      <h2 id={`${id}-title`}>{title}</h2>
      {links.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="link-list">
          {links.map((link) => (
            <li key={link.id}>
              <Link to={`/concepts/${link.id}`} className={`chip status-${link.status}`}>
                <span className="chip-mark" aria-hidden="true">
                  {STATUS_MARK[link.status]}
                </span>
                {l(link.title)}
                <span className="visually-hidden">（{t(`status.${link.status}`)}）</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
