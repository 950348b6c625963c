// Review: today's queue of self-check questions (due ones first, then new ones of concepts being
// studied), one at a time; each answer is graded by the server and scheduled with FSRS. Beside
// it, retention over the last 30 days.
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ReviewStatsDto } from '../../shared/api.ts';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { Loaded } from '../components/states.tsx';
import { useDocumentTitle } from '../components/document-title.ts';
import { QuestionCard } from '../components/question-card.tsx';
import { formatDate } from '../components/badges.tsx';

const QUEUE_LIMIT = 50;

export function ReviewPage() {
  const { t } = useLocale();
  useDocumentTitle(t('review.title'));
  const [round, setRound] = useState(0);
  const [data, ctl] = useApi(`review:${round}`, (s) =>
    Promise.all([api.reviewQueue(QUEUE_LIMIT, s), api.reviewStats(s), api.concepts(s)]),
  );
  const [statsVersion, setStatsVersion] = useState(0);
  const [stats] = useApi(`review-stats:${statsVersion}`, (s) => api.reviewStats(s));
  return (
    <div className="review-page">
      <header className="page-header">
        <h1>{t('review.title')}</h1>
        <p className="description">{t('review.intro')}</p>
      </header>
      <Loaded result={data} retry={ctl.reload}>
        {([queue, , concepts]) => (
          <div className="review-layout">
            <Queue
              key={round}
              queue={queue}
              titles={new Map(concepts.map((c) => [c.id, c.title]))}
              onAnswered={() => setStatsVersion((v) => v + 1)}
              onAgain={() => setRound((r) => r + 1)}
            />
            <aside className="review-side">
              {stats.state === 'ok' ? (
                <StatsPanel
                  stats={stats.data}
                  titles={new Map(concepts.map((c) => [c.id, c.title]))}
                />
              ) : data.state === 'ok' ? (
                <StatsPanel
                  stats={data.data[1]}
                  titles={new Map(concepts.map((c) => [c.id, c.title]))}
                />
              ) : null}
            </aside>
          </div>
        )}
      </Loaded>
    </div>
  );
}

function Queue({
  queue,
  titles,
  onAnswered,
  onAgain,
}: {
  queue: Awaited<ReturnType<typeof api.reviewQueue>>;
  titles: Map<string, { ja: string; en: string }>;
  onAnswered: () => void;
  onAgain: () => void;
}) {
  const { t, l, lang } = useLocale();
  const [index, setIndex] = useState(0);
  const [answered, setAnswered] = useState(false);
  const [right, setRight] = useState(0);
  const nextRef = useRef<HTMLButtonElement>(null);
  const items = queue.items;
  const current = items[index];

  if (items.length === 0 || !current) {
    return (
      <section className="card review-done" aria-labelledby="done-title" data-testid="review-done">
        <h2 id="done-title">
          {items.length === 0 ? t('review.emptyTitle') : t('review.doneTitle')}
        </h2>
        {items.length > 0 && <p>{t('review.doneBody', { right, total: items.length })}</p>}
        {items.length === 0 && <p>{t('review.emptyBody')}</p>}
        {queue.laterToday && (
          <p className="hint">
            {t('review.laterToday', { time: formatDate(lang, queue.laterToday) })}
          </p>
        )}
        <p>
          <button type="button" className="button" onClick={onAgain}>
            {t('review.refresh')}
          </button>{' '}
          <Link to="/">{t('common.backHome')}</Link>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="queue-title" className="review-queue">
      <h2 id="queue-title" className="queue-head">
        {t('review.progress', { n: index + 1, total: items.length })}
        <span className="hint">
          {' '}
          {t('review.counts', { due: queue.dueCount, new: queue.newCount })}
        </span>
      </h2>
      <p className="meta">
        {current.isNew && <span className="tag">{t('review.new')}</span>}
        {current.conceptIds.map((cid) => (
          <Link key={cid} to={`/concepts/${cid}`}>
            {titles.get(cid) ? l(titles.get(cid)!) : cid}
          </Link>
        ))}
      </p>
      <QuestionCard
        key={current.item}
        item={current.item}
        question={current.question}
        lab={current.lab}
        onAnswered={(r) => {
          setAnswered(true);
          if (r.correct) setRight((n) => n + 1);
          onAnswered();
          setTimeout(() => nextRef.current?.focus(), 0);
        }}
      />
      {answered && (
        <p className="form-actions">
          <button
            type="button"
            ref={nextRef}
            className="button primary"
            data-testid="review-next"
            onClick={() => {
              setAnswered(false);
              setIndex((i) => i + 1);
            }}
          >
            {index + 1 < items.length ? t('review.next') : t('review.finish')}
          </button>
        </p>
      )}
    </section>
  );
}

function StatsPanel({
  stats,
  titles,
}: {
  stats: ReviewStatsDto;
  titles: Map<string, { ja: string; en: string }>;
}) {
  const { t, l } = useLocale();
  const r = stats.retention;
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  return (
    <section
      aria-labelledby="rstats-title"
      className="card review-stats"
      data-testid="review-stats"
    >
      <h2 id="rstats-title">{t('review.stats')}</h2>
      <dl className="finish">
        <div>
          <dt>{t('review.retention')}</dt>
          <dd>{pct(r.rate)}</dd>
        </div>
        <div>
          <dt>{t('review.reviews30')}</dt>
          <dd>{t('review.reviewsN', { n: r.reviews, correct: r.correct })}</dd>
        </div>
        <div>
          <dt>{t('review.dueToday')}</dt>
          <dd>{t('review.itemsN', { n: stats.due.today })}</dd>
        </div>
        <div>
          <dt>{t('review.dueWeek')}</dt>
          <dd>{t('review.itemsN', { n: stats.due.week })}</dd>
        </div>
      </dl>
      <p className="hint">
        {t('review.cards', {
          total: stats.cards.total,
          learning: stats.cards.Learning + stats.cards.Relearning,
          review: stats.cards.Review,
        })}
      </p>
      {r.byConcept.length > 0 && (
        <>
          <h3>{t('review.byConcept')}</h3>
          <ul className="by-concept">
            {r.byConcept.slice(0, 8).map((c) => (
              <li key={c.conceptId}>
                <Link to={`/concepts/${c.conceptId}`}>
                  {titles.get(c.conceptId) ? l(titles.get(c.conceptId)!) : c.conceptId}
                </Link>{' '}
                <span className="meta-inline">
                  {pct(c.rate)}（{c.correct}/{c.reviews}）
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
