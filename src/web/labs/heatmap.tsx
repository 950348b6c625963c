// A heat map of a trace tensor in plain SVG: 1-D as one row, 2-D as a grid, 3-D as small multiples
// along the first axis (heads). Diverging colours around 0; −∞ drawn grey. Cells can be hovered,
// and, where the page allows it (step-through), selected: by click or tap, or from the keyboard
// (the map is focusable; arrow keys move the selected cell, PageUp/PageDown the head, Enter or Space
// selects the first cell).
import type { TensorData } from '../../labs/trace.ts';
import { moveIndex } from './highlight.ts';

/** Cells to outline: rows and/or a column range, optionally in one slice of a 3-D tensor. */
export interface Highlight {
  slice?: number;
  rows?: number[];
  cols?: [number, number];
  cells?: Array<[number, number]>;
}

/** Whether cell (i, j) of slice s is outlined by the highlight. */
export function isHighlighted(h: Highlight | undefined, s: number, i: number, j: number): boolean {
  if (!h || (h.slice !== undefined && h.slice !== s)) return false;
  if (h.cells?.some(([a, b]) => a === i && b === j)) return true;
  const rowOk = h.rows ? h.rows.includes(i) : h.cols !== undefined;
  const colOk = h.cols ? j >= h.cols[0] && j < h.cols[1] : h.rows !== undefined;
  return rowOk && colOk;
}

interface Props {
  tensor: TensorData;
  name: string;
  rowLabels?: string[];
  colLabels?: string[];
  highlight?: Highlight;
  onHover?: (index: number[] | null) => void;
  /** Makes the cells selectable (click, tap, keyboard); `selected` is the selected cell's index. */
  onSelect?: (index: number[]) => void;
  selected?: number[] | null;
  /** The accessible name of the focusable map (with the keys to use). */
  selectLabel?: string;
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
  onSelect,
  selected,
  selectLabel,
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
  const isHi = (s: number, i: number, j: number) => isHighlighted(highlight, s, i, j);
  const indexOf = (s: number, i: number, j: number) =>
    slices > 1 ? [s, i, j] : tensor.shape.length === 1 ? [j] : [i, j];
  const isSel = (s: number, i: number, j: number) =>
    !!selected && indexOf(s, i, j).every((v, k) => v === selected[k]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!onSelect) return;
    const zero = tensor.shape.map(() => 0);
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(selected ?? zero);
      return;
    }
    const next = moveIndex(selected ?? zero, tensor.shape, e.key);
    if (next) {
      e.preventDefault();
      onSelect(next);
    }
  };
  return (
    <div
      className={onSelect ? 'lab-heatmaps lab-selectable' : 'lab-heatmaps'}
      data-tensor={name}
      tabIndex={onSelect ? 0 : undefined}
      role={onSelect ? 'group' : undefined}
      aria-label={onSelect ? (selectLabel ?? name) : undefined}
      onKeyDown={onSelect ? onKeyDown : undefined}
    >
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
                  const sel = isSel(s, i, j);
                  return (
                    <g
                      key={j}
                      onMouseEnter={() => onHover?.(indexOf(s, i, j))}
                      onClick={onSelect ? () => onSelect(indexOf(s, i, j)) : undefined}
                    >
                      <rect
                        x={labelW + j * CELL}
                        y={labelH + i * CELL}
                        width={CELL - 1}
                        height={CELL - 1}
                        fill={colour(v, maxAbs)}
                        stroke={sel ? '#222' : hi ? '#e0a000' : 'none'}
                        strokeWidth={sel ? 4 : hi ? 3 : 0}
                        data-hi={hi || undefined}
                        data-selected={sel || undefined}
                        data-cell={indexOf(s, i, j).join(',')}
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
