// A calendar heat map of minutes per day: one column per week (Monday on top), about six months,
// darker for more minutes. Each cell has a tooltip; the legend names the steps.
import type { LogStatsDto } from '../../shared/api.ts';
import { useLocale } from '../i18n/index.ts';
import { addDays, formatDay, weekdayIndex } from '../components/dates.ts';
import { formatMinutes } from './log-format.ts';

const CELL = 13;
const GAP = 3;
const LEFT = 28;
const TOP = 18;
/** Upper bounds (exclusive) of the colour steps, in minutes. */
const STEPS = [1, 15, 30, 60, 120];

export function level(minutes: number): number {
  let i = 0;
  while (i < STEPS.length && minutes >= STEPS[i]) i++;
  return i; // 0 = nothing … 5 = two hours or more
}

export function HeatMap({ stats, from }: { stats: LogStatsDto; from: string }) {
  const { t, lang } = useLocale();
  const minutes = new Map(stats.days.map((d) => [d.date, d.minutes]));
  const start = addDays(from, -weekdayIndex(from));
  const cells: { date: string; col: number; row: number; m: number }[] = [];
  for (let d = start, i = 0; d <= stats.today; d = addDays(d, 1), i++) {
    cells.push({ date: d, col: Math.floor(i / 7), row: i % 7, m: minutes.get(d) ?? 0 });
  }
  const cols = Math.ceil(cells.length / 7);
  const width = LEFT + cols * (CELL + GAP);
  const height = TOP + 7 * (CELL + GAP);
  const months: { col: number; label: string }[] = [];
  for (const c of cells) {
    if (c.date.endsWith('-01')) {
      months.push({ col: c.col, label: formatDay(lang, c.date, { month: 'short' }) });
    }
  }
  // The first column names its month too, unless the next label is too close.
  if (!months.length || months[0].col >= 3) {
    months.unshift({ col: 0, label: formatDay(lang, cells[0].date, { month: 'short' }) });
  }
  const active = stats.days.filter((d) => d.minutes > 0 && d.date >= from).length;
  const total = stats.days.filter((d) => d.date >= from).reduce((a, d) => a + d.minutes, 0);
  const rowLabels = [0, 2, 4].map((r) => ({
    r,
    label: t(`days.${['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][r]}`),
  }));

  return (
    <figure className="heatmap">
      <div className="chart-scroll">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          style={{ maxWidth: width * 1.4 }}
          role="img"
          aria-label={t('log.heatmapLabel', { days: active, total: formatMinutes(t, total) })}
          data-testid="heatmap"
        >
          {months.map((m) => (
            <text key={m.col} x={LEFT + m.col * (CELL + GAP)} y={11} className="heat-month">
              {m.label}
            </text>
          ))}
          {rowLabels.map(({ r, label }) => (
            <text key={r} x={0} y={TOP + r * (CELL + GAP) + CELL - 2} className="heat-day">
              {label}
            </text>
          ))}
          {cells.map((c) => (
            <rect
              key={c.date}
              x={LEFT + c.col * (CELL + GAP)}
              y={TOP + c.row * (CELL + GAP)}
              width={CELL}
              height={CELL}
              rx={2}
              className={`heat heat-${level(c.m)}${c.date === stats.today ? ' heat-today' : ''}`}
              data-date={c.date}
              data-minutes={c.m}
            >
              <title>
                {formatDay(lang, c.date, {
                  year: 'numeric',
                  month: 'short',
                  day: 'numeric',
                  weekday: 'short',
                })}
                {'：'}
                {c.m > 0 ? formatMinutes(t, c.m) : t('log.noStudy')}
              </title>
            </rect>
          ))}
        </svg>
      </div>
      <figcaption className="heat-legend">
        <span>{t('log.less')}</span>
        {[0, 1, 2, 3, 4, 5].map((lv) => (
          <span key={lv} className="heat-legend-item" title={t(`log.legend${lv}`)}>
            <svg width={CELL} height={CELL} aria-hidden="true">
              <rect width={CELL} height={CELL} rx={2} className={`heat heat-${lv}`} />
            </svg>
            <span className="visually-hidden">{t(`log.legend${lv}`)}</span>
          </span>
        ))}
        <span>{t('log.more')}</span>
        <span className="hint">{t('log.legendHint')}</span>
      </figcaption>
    </figure>
  );
}
