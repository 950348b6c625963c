// Small presentational pieces shared by the pages: status, level, ★ importance, hours, progress.
import type { TFunction } from 'i18next';
import type { Hours } from '../../shared/api.ts';
import type { Level, Status } from '../../shared/progress.ts';
import { useLocale } from '../i18n/index.ts';

export function formatHours(t: TFunction, hours: Hours | null | undefined): string {
  if (!hours) return t('common.noHours');
  const r = (x: number) => Math.round(x * 10) / 10;
  return hours.min === hours.max
    ? t('common.hoursOne', { n: r(hours.min) })
    : t('common.hoursRange', { min: r(hours.min), max: r(hours.max) });
}

export function formatDate(lang: string, iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useLocale();
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      <span className="status-dot" aria-hidden="true" />
      {t(`status.${status}`)}
    </span>
  );
}

export function LevelBadge({ level }: { level: Level }) {
  const { t } = useLocale();
  return <span className={`level-badge level-${level}`}>{t(`level.${level}`)}</span>;
}

export function Stars({ n }: { n: number }) {
  const { t } = useLocale();
  return (
    <span
      className="stars"
      role="img"
      aria-label={t('common.importance', { n })}
      title={t('common.importance', { n })}
    >
      {'★'.repeat(n)}
      <span className="stars-off">{'★'.repeat(Math.max(0, 5 - n))}</span>
    </span>
  );
}

export function HoursText({ hours, estimated }: { hours: Hours | null; estimated?: boolean }) {
  const { t } = useLocale();
  return (
    <span className="hours">
      {formatHours(t, hours)}
      {estimated && hours && (
        <abbr className="estimated" title={t('common.estimatedHint')}>
          {t('common.estimated')}
        </abbr>
      )}
    </span>
  );
}

export function ProgressBar({
  counts,
  total,
  label,
}: {
  counts: Record<Status, number>;
  total: number;
  label: string;
}) {
  const finished = counts.done + counts.skipped;
  const pct = (n: number) => (total > 0 ? (100 * n) / total : 0);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={finished}
    >
      <span className="progress-done" style={{ width: `${pct(counts.done)}%` }} />
      <span className="progress-skipped" style={{ width: `${pct(counts.skipped)}%` }} />
      <span className="progress-in_progress" style={{ width: `${pct(counts.in_progress)}%` }} />
    </div>
  );
}
