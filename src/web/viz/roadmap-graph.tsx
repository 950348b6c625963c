// The prerequisite graph of a roadmap as SVG: nodes coloured by status, arrows from a prerequisite
// to what builds on it, optional bands per week or level. Each node is a link to its concept.
import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import type { RoadmapConceptDto } from '../../shared/api.ts';
import { STATUSES, type Status } from '../../shared/progress.ts';
import { useLocale } from '../i18n/index.ts';
import { NODE_H, NODE_W, layoutGraph, type Grouping } from './graph-layout.ts';

export const STATUS_MARK: Record<Status, string> = {
  not_started: '○',
  in_progress: '◐',
  done: '✓',
  skipped: '↷',
};

function edgePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  if (points.length === 2) return `M${points[0].x},${points[0].y}L${points[1].x},${points[1].y}`;
  // A smooth curve through dagre's bend points: quadratic segments between midpoints.
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const q = points[i + 1];
    const mx = i === points.length - 2 ? q.x : (p.x + q.x) / 2;
    const my = i === points.length - 2 ? q.y : (p.y + q.y) / 2;
    d += `Q${p.x},${p.y} ${mx},${my}`;
  }
  return d;
}

function backwardPath([a, b]: { x: number; y: number }[]): string {
  const dip = Math.max(a.y, b.y) + 36;
  return `M${a.x},${a.y}C${a.x},${dip} ${b.x},${dip} ${b.x},${b.y}`;
}

export function RoadmapGraph({
  concepts,
  grouping,
  label,
}: {
  concepts: RoadmapConceptDto[];
  grouping: Grouping;
  label: string;
}) {
  const { t, l, lang } = useLocale();
  const navigate = useNavigate();
  const groupLabel = (key: string) => {
    const [kind, value] = key.split(':');
    if (kind === 'level') return t(`level.${value}`);
    return value === 'none' ? t('roadmap.noWeek') : t('common.week', { n: Number(value) });
  };
  const layout = useMemo(
    () => layoutGraph(concepts, grouping, (c) => l(c.title)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [concepts, grouping, lang],
  );
  if (concepts.length === 0) return <p className="empty">{t('roadmap.graphEmpty')}</p>;

  return (
    <div className="graph-wrap">
      <Legend />
      <div className="graph-scroll">
        <svg
          className="graph"
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="group"
          aria-label={label}
          data-testid="roadmap-graph"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M0,0L10,5L0,10z" className="graph-arrow" />
            </marker>
          </defs>
          {layout.groups.map((gr, i) => (
            <g key={gr.key} className={`graph-group ${i % 2 ? 'graph-group-odd' : ''}`}>
              <rect x={gr.x} y={gr.y} width={gr.width} height={gr.height} rx={10} />
              <text
                x={gr.x + gr.width / 2}
                y={gr.y + 18}
                textAnchor="middle"
                className="graph-group-label"
              >
                {groupLabel(gr.key)}
              </text>
            </g>
          ))}
          <g className="graph-edges">
            {layout.edges.map((e) => (
              <path
                key={`${e.from}>${e.to}`}
                d={e.backward ? backwardPath(e.points) : edgePath(e.points)}
                className={e.backward ? 'graph-edge-backward' : undefined}
                markerEnd="url(#arrow)"
              />
            ))}
          </g>
          {layout.nodes.map((n) => {
            const href = `/concepts/${n.id}`;
            const x = n.x - NODE_W / 2;
            const y = n.y - NODE_H / 2;
            const lineH = 16;
            const top = n.y - ((n.lines.length - 1) * lineH) / 2;
            return (
              <a
                key={n.id}
                href={href}
                className={`graph-node status-${n.concept.status}${n.concept.ready ? ' is-ready' : ''}`}
                data-concept={n.id}
                aria-label={`${l(n.concept.title)} (${t(`status.${n.concept.status}`)})`}
                onClick={(ev) => {
                  if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
                  ev.preventDefault();
                  navigate(href);
                }}
              >
                <title>{`${l(n.concept.title)} — ${t(`status.${n.concept.status}`)}`}</title>
                <rect
                  x={x}
                  y={y}
                  width={NODE_W}
                  height={NODE_H}
                  rx={8}
                  className="graph-node-box"
                />
                <rect x={x} y={y} width={8} height={NODE_H} rx={3} className="graph-node-stripe" />
                <text
                  x={x + NODE_W - 12}
                  y={y + 14}
                  textAnchor="middle"
                  className="graph-node-mark"
                  aria-hidden="true"
                >
                  {STATUS_MARK[n.concept.status]}
                </text>
                {n.lines.map((line, i) => (
                  <text
                    key={i}
                    x={x + 16}
                    y={top + i * lineH}
                    dominantBaseline="central"
                    className="graph-node-title"
                  >
                    {line}
                  </text>
                ))}
              </a>
            );
          })}
        </svg>
      </div>
      <p className="hint">{t('roadmap.graphHint')}</p>
    </div>
  );
}

export function Legend() {
  const { t } = useLocale();
  return (
    <div className="legend" role="list" aria-label={t('roadmap.legend')}>
      {STATUSES.map((s) => (
        <span key={s} role="listitem" className={`legend-item status-${s}`}>
          <span className="legend-swatch" aria-hidden="true">
            {STATUS_MARK[s]}
          </span>
          {t(`status.${s}`)}
        </span>
      ))}
    </div>
  );
}
