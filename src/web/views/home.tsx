// Home: what Shirube is, the roadmaps with their progress, and what is ready to learn next.
import { Link } from 'react-router-dom';
import type { RoadmapSummaryDto } from '../../shared/api.ts';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { Loaded } from '../components/states.tsx';
import {
  HoursText,
  LevelBadge,
  ProgressBar,
  Stars,
  StatusBadge,
  formatHours,
} from '../components/badges.tsx';
import { useDocumentTitle } from '../components/document-title.ts';
import { MarkdownInline } from '../components/markdown.tsx';
import { LabShelf } from '../labs/lab-shelf.tsx';

const NEXT_LIMIT = 8;

export function HomePage() {
  const { t, l } = useLocale();
  useDocumentTitle(null);
  const [roadmaps, roadmapsCtl] = useApi('roadmaps', (s) => api.roadmaps(s));
  const [next, nextCtl] = useApi('next', (s) => api.next(NEXT_LIMIT, s));
  const titles = new Map(
    roadmaps.state === 'ok' ? roadmaps.data.map((r) => [r.id, l(r.title)]) : [],
  );

  return (
    <div className="home">
      <section className="intro" aria-labelledby="intro-title">
        <h1 id="intro-title">{t('home.introTitle')}</h1>
        <p>{t('home.intro')}</p>
      </section>

      <ReviewCard />

      <section aria-labelledby="roadmaps-title">
        <h2 id="roadmaps-title">{t('home.roadmaps')}</h2>
        <Loaded result={roadmaps} retry={roadmapsCtl.reload}>
          {(list) =>
            list.length === 0 ? (
              <p className="empty">{t('home.roadmapsEmpty')}</p>
            ) : (
              <ul className="roadmap-cards" data-testid="roadmap-list">
                {[...list]
                  .sort((a, b) => a.weeks - b.weeks)
                  .map((r) => (
                    <RoadmapCard key={r.id} roadmap={r} />
                  ))}
              </ul>
            )
          }
        </Loaded>
      </section>

      <section aria-labelledby="next-title" className="next-up">
        <h2 id="next-title">{t('home.nextTitle')}</h2>
        <p className="hint">{t('home.nextHint')}</p>
        <Loaded result={next} retry={nextCtl.reload}>
          {(items) =>
            items.length === 0 ? (
              <p className="empty">{t('home.nextEmpty')}</p>
            ) : (
              <ol className="next-list" data-testid="next-list">
                {items.map(({ roadmapId, concept }) => (
                  <li key={`${roadmapId}/${concept.id}`}>
                    <Link to={`/concepts/${concept.id}`} className="next-title">
                      {l(concept.title)}
                    </Link>
                    <span className="meta">
                      <StatusBadge status={concept.status} />
                      <LevelBadge level={concept.level} />
                      <Stars n={concept.importance} />
                      <HoursText hours={concept.hours} />
                      <Link to={`/roadmaps/${roadmapId}`} className="meta-roadmap">
                        {titles.get(roadmapId) ?? roadmapId}
                      </Link>
                    </span>
                    <p className="summary">{l(concept.summary)}</p>
                  </li>
                ))}
              </ol>
            )
          }
        </Loaded>
      </section>

      <LabShelf />
    </div>
  );
}

function RoadmapCard({ roadmap: r }: { roadmap: RoadmapSummaryDto }) {
  const { t, l } = useLocale();
  const finished = r.counts.done + r.counts.skipped;
  return (
    <li className="card roadmap-card" data-roadmap={r.id}>
      <h3>
        <Link to={`/roadmaps/${r.id}`}>{l(r.title)}</Link>
      </h3>
      <p className="meta">
        <span>{t('common.weeks', { n: r.weeks })}</span>
        {r.totalHours && (
          <span>{t('home.totalHours', { hours: formatHours(t, r.totalHours) })}</span>
        )}
        <span>{t('common.seed', { seed: r.source })}</span>
      </p>
      <p className="description clamp">
        <MarkdownInline
          source={l(r.description)
            .split(/\n\s*\n/)[0]
            .trim()}
        />
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
    </li>
  );
}

/** 今日の復習 N 件: due cards plus new questions of the concepts being studied. */
function ReviewCard() {
  const { t } = useLocale();
  const [queue] = useApi('home-review', (s) => api.reviewQueue(50, s));
  if (queue.state !== 'ok') return null;
  const n = queue.data.items.length;
  return (
    <section
      className="card review-card"
      aria-labelledby="review-card-title"
      data-testid="review-card"
    >
      <h2 id="review-card-title">{t('home.reviewTitle', { n })}</h2>
      <p className="hint">
        {n > 0
          ? t('home.reviewBody', { due: queue.data.dueCount, new: queue.data.newCount })
          : t('home.reviewNone')}
      </p>
      {n > 0 && (
        <Link to="/review" className="button primary">
          {t('home.reviewStart')}
        </Link>
      )}
    </section>
  );
}
