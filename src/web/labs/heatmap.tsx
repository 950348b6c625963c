// A heat map of a trace tensor in plain SVG: 1-D as one row, 2-D as a grid, 3-D as small multiples
// along the first axis (heads). Diverging colours around 0; −∞ drawn grey. Cells can be hovered.
import type { TensorData } from '../../labs/trace.ts';

/** Cells to outline: rows and/or a column range, optionally in one slice of a 3-D tensor. */
export interface Highlight {
  slice?: number;
  rows?: number[];
  cols?: [number, number];
  cells?: Array<[number, number]>;
}

interface Props {
  tensor: TensorData;
  name: string;
  rowLabels?: string[];
  colLabels?: string[];
  highlight?: Highlight;
  onHover?: (index: number[] | null) => void;
  sliceLabel?: (s: number) => string;
}

const CELL = 34;

function colour(v: number, maxAbs: number): string {
  if (!Number.isFinite(v)) return '#bbb';
  const t = maxAbs === 0 ? 0 : Math.max(-1, Math.min(1, v / maxAbs));
  const a = Math.round(255 * (1 - Math.abs(t)));
  return t >= 0 ? `rgb(255,${a},${a})` : `rgb(${a},${a},255)`;
}

export const fmt = (v: number) =>
  v === -Infinity
    ? '−∞'
    : v === Infinity
      ? '∞'
      : Number.isNaN(v)
        ? 'NaN'
        : Math.abs(v) >= 100
          ? v.toFixed(0)
          : v.toFixed(2);

export function Heatmap({
  tensor,
  name,
  rowLabels,
  colLabels,
  highlight,
  onHover,
  sliceLabel,
}: Props) {
  const shape =
    tensor.shape.length === 0
      ? [1, 1]
      : tensor.shape.length === 1
        ? [1, tensor.shape[0]]
        : tensor.shape;
  const slices = shape.length === 3 ? shape[0] : 1;
  const [n, d] = shape.slice(-2);
  const maxAbs = Math.max(0, ...tensor.data.filter(Number.isFinite).map(Math.abs));
  const labelW = rowLabels ? 48 : 0;
  const labelH = colLabels ? 16 : 0;
  const isHi = (s: number, i: number, j: number) => {
    if (!highlight || (highlight.slice !== undefined && highlight.slice !== s)) return false;
    if (highlight.cells?.some(([a, b]) => a === i && b === j)) return true;
    const rowOk = highlight.rows ? highlight.rows.includes(i) : highlight.cols !== undefined;
    const colOk = highlight.cols
      ? j >= highlight.cols[0] && j < highlight.cols[1]
      : highlight.rows !== undefined;
    return rowOk && colOk;
  };
  return (
    <div className="lab-heatmaps" data-tensor={name}>
      {Array.from({ length: slices }, (_, s) => (
        <figure key={s} className="lab-heatmap">
          {slices > 1 && <figcaption>{sliceLabel ? sliceLabel(s) : `[${s}]`}</figcaption>}
          <svg
            width={labelW + d * CELL}
            height={labelH + n * CELL}
            role="img"
            aria-label={`${name} ${shape.join('×')}`}
            onMouseLeave={() => onHover?.(null)}
          >
            {colLabels?.slice(0, d).map((l, j) => (
              <text
                key={j}
                x={labelW + j * CELL + CELL / 2}
                y={12}
                textAnchor="middle"
                className="lab-axis"
              >
                {l}
              </text>
            ))}
            {Array.from({ length: n }, (_, i) => (
              <g key={i}>
                {rowLabels && (
                  <text
                    x={labelW - 4}
                    y={labelH + i * CELL + CELL / 2 + 4}
                    textAnchor="end"
                    className="lab-axis"
                  >
                    {rowLabels[i]}
                  </text>
                )}
                {Array.from({ length: d }, (_, j) => {
                  const v = tensor.data[s * n * d + i * d + j];
                  const hi = isHi(s, i, j);
                  return (
                    <g
                      key={j}
                      onMouseEnter={() =>
                        onHover?.(slices > 1 ? [s, i, j] : tensor.shape.length === 1 ? [j] : [i, j])
                      }
                    >
                      <rect
                        x={labelW + j * CELL}
                        y={labelH + i * CELL}
                        width={CELL - 1}
                        height={CELL - 1}
                        fill={colour(v, maxAbs)}
                        stroke={hi ? '#e0a000' : 'none'}
                        strokeWidth={hi ? 3 : 0}
                        data-hi={hi || undefined}
                      />
                      <text
                        x={labelW + j * CELL + CELL / 2}
                        y={labelH + i * CELL + CELL / 2 + 4}
                        textAnchor="middle"
                        className="lab-cell"
                      >
                        {fmt(v)}
                      </text>
                    </g>
                  );
                })}
              </g>
            ))}
          </svg>
        </figure>
      ))}
    </div>
  );
}
