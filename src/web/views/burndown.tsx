// The burndown chart: hours left at the end of each week, as the original plan expected (planned)
// and as it went (actual). An SVG line chart for the eye, the same numbers as a table for
// screen readers and for anyone who prefers them.
import { useState } from 'react';
import type { PlanDto } from '../api.ts';
import { useLocale } from '../i18n/index.ts';
import { formatDay } from '../components/dates.ts';

const W = 640;
const H = 260;
const PAD = { left: 44, right: 16, top: 16, bottom: 36 };

export function BurndownChart({
  points,
  total,
  currentWeek,
}: {
  points: PlanDto['burndown'];
  total: number;
  currentWeek: number;
}) {
  const { t, lang } = useLocale();
  const [table, setTable] = useState(false);
  if (points.length === 0) return <p className="empty">{t('plan.burndownEmpty')}</p>;
  const n = points.length;
  const maxY = Math.max(1, total, ...points.map((p) => Math.max(p.planned, p.actual ?? 0)));
  const x = (week: number) => PAD.left + (week / n) * (W - PAD.left - PAD.right);
  const y = (hours: number) => PAD.top + (1 - hours / maxY) * (H - PAD.top - PAD.bottom);
  const planned = [{ week: 0, v: total }, ...points.map((p) => ({ week: p.week, v: p.planned }))];
  const actualPts = points.filter((p) => p.actual !== null);
  const actual = actualPts.length
    ? [{ week: 0, v: total }, ...actualPts.map((p) => ({ week: p.week, v: p.actual! }))]
    : [];
  const path = (pts: { week: number; v: number }[]) =>
    pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.week).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  const ticks = niceTicks(maxY);
  const r1 = (v: number) => Math.round(v * 10) / 10;

  return (
    <div className="chart">
      <div className="chart-legend" aria-hidden="true">
        <span className="legend-line planned" /> {t('plan.planned')}
        <span className="legend-line actual" /> {t('plan.actual')}
      </div>
      {!table && (
        <div className="chart-scroll">
          <svg
            viewBox={`0 0 ${W} ${H}`}
            className="burndown-svg"
            role="img"
            aria-label={t('plan.burndownLabel', {
              planned: r1(points[Math.min(n, Math.max(1, currentWeek)) - 1].planned),
              actual: actualPts.length ? r1(actualPts[actualPts.length - 1].actual!) : '—',
            })}
            data-testid="burndown-chart"
          >
            {ticks.map((v) => (
              <g key={v} className="grid">
                <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
                <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
                  {v}
                </text>
              </g>
            ))}
            {[0, ...points.map((p) => p.week)].map((wk) => (
              <text key={wk} className="axis" x={x(wk)} y={H - PAD.bottom + 18} textAnchor="middle">
                {wk}
              </text>
            ))}
            <text className="axis-title" x={(W + PAD.left) / 2} y={H - 4} textAnchor="middle">
              {t('plan.axisWeek')}
            </text>
            {currentWeek > 0 && currentWeek <= n && (
              <line
                className="today-line"
                x1={x(currentWeek - 0.5)}
                x2={x(currentWeek - 0.5)}
                y1={PAD.top}
                y2={H - PAD.bottom}
              />
            )}
            <path className="line planned" d={path(planned)} />
            {actual.length > 0 && <path className="line actual" d={path(actual)} />}
            {planned.map((p) => (
              <circle key={`p${p.week}`} className="dot planned" cx={x(p.week)} cy={y(p.v)} r={3}>
                <title>{t('plan.pointPlanned', { week: p.week, hours: r1(p.v) })}</title>
              </circle>
            ))}
            {actual.map((p) => (
              <circle key={`a${p.week}`} className="dot actual" cx={x(p.week)} cy={y(p.v)} r={4}>
                <title>{t('plan.pointActual', { week: p.week, hours: r1(p.v) })}</title>
              </circle>
            ))}
          </svg>
        </div>
      )}
      <button
        type="button"
        className="button link-button"
        aria-pressed={table}
        onClick={() => setTable(!table)}
      >
        {table ? t('plan.showChart') : t('plan.showTable')}
      </button>
      <table className={table ? 'data-table' : 'visually-hidden'} data-testid="burndown-table">
        <caption className="visually-hidden">{t('plan.burndown')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plan.colWeek')}</th>
            <th scope="col">{t('plan.colEnd')}</th>
            <th scope="col">{t('plan.planned')}</th>
            <th scope="col">{t('plan.actual')}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.week}>
              <th scope="row">{t('common.week', { n: p.week })}</th>
              <td>{formatDay(lang, p.end)}</td>
              <td>{t('plan.hours', { n: r1(p.planned) })}</td>
              <td>{p.actual === null ? '—' : t('plan.hours', { n: r1(p.actual) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function niceTicks(max: number): number[] {
  const step = max <= 10 ? 2 : max <= 25 ? 5 : max <= 60 ? 10 : max <= 150 ? 25 : 50;
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(v);
  return out;
}
