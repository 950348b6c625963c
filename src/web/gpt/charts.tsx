// Small SVG charts for the tiny-GPT page: loss curves, the KV-cache timing, an attention map.

type Series = { label: string; color: string; points: [number, number][]; dots?: boolean };

export function LineChart({
  series,
  xMax,
  testId,
  xLabel,
  yLabel,
  width = 560,
  height = 220,
}: {
  series: Series[];
  xMax?: number;
  testId?: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}) {
  const pad = { l: 48, r: 12, t: 10, b: 32 };
  const all = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  const x1 = Math.max(xMax ?? 0, ...all.map(([x]) => x), 1);
  const ys = all.map(([, y]) => y);
  const y0 = Math.min(0, ...ys);
  const y1 = Math.max(...ys, y0 + 1e-9);
  const X = (x: number) => pad.l + (x / x1) * (width - pad.l - pad.r);
  const Y = (y: number) => pad.t + (1 - (y - y0) / (y1 - y0)) * (height - pad.t - pad.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => y0 + f * (y1 - y0));
  return (
    <figure className="gpt-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={`${yLabel} / ${xLabel}`}
        data-testid={testId}
        data-points={all.length}
      >
        <line x1={pad.l} y1={Y(y0)} x2={width - pad.r} y2={Y(y0)} stroke="#999" />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={height - pad.b} stroke="#999" />
        {ticks.map((v) => (
          <text key={v} x={pad.l - 4} y={Y(v) + 4} fontSize="10" textAnchor="end">
            {v >= 100 ? v.toFixed(0) : v.toFixed(2)}
          </text>
        ))}
        <text x={width - pad.r} y={height - 4} fontSize="11" textAnchor="end">
          {xLabel} (0–{Math.round(x1)})
        </text>
        <text x={4} y={12} fontSize="11">
          {yLabel}
        </text>
        {series.map((s) =>
          s.points.length ? (
            <g key={s.label}>
              <polyline
                fill="none"
                stroke={s.color}
                strokeWidth={s.dots ? 2 : 1}
                points={s.points.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ')}
              />
              {s.dots &&
                s.points.map(([x, y]) => (
                  <circle key={x} cx={X(x)} cy={Y(y)} r={3} fill={s.color} />
                ))}
            </g>
          ) : null,
        )}
      </svg>
      <figcaption className="gpt-legend">
        {series.map((s) => (
          <span key={s.label}>
            <span className="gpt-swatch" style={{ background: s.color }} /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function AttentionMap({ weights, labels }: { weights: number[]; labels: string[] }) {
  const T = labels.length;
  const cell = Math.max(10, Math.min(28, Math.floor(420 / Math.max(T, 1))));
  const off = 24;
  const show = (s: string) => (s === '\n' ? '↵' : s === ' ' ? '␣' : s);
  return (
    <svg
      width={off + T * cell + 4}
      height={off + T * cell + 4}
      role="img"
      aria-label="attention"
      data-testid="attention-map"
    >
      {labels.map((l, i) => (
        <g key={i}>
          <text x={off + i * cell + cell / 2} y={16} fontSize="11" textAnchor="middle">
            {show(l)}
          </text>
          <text x={12} y={off + i * cell + cell / 2 + 4} fontSize="11" textAnchor="middle">
            {show(l)}
          </text>
        </g>
      ))}
      {weights.map((w, k) => {
        const i = Math.floor(k / T),
          j = k % T;
        return (
          <rect
            key={k}
            x={off + j * cell}
            y={off + i * cell}
            width={cell - 1}
            height={cell - 1}
            fill={`rgba(37, 99, 235, ${j > i ? 0.03 : 0.08 + 0.92 * w})`}
          >
            <title>{`${show(labels[i])} → ${show(labels[j])}: ${w.toFixed(3)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
