// An editable grid of numbers (a matrix or a vector): each cell is an input; a change that parses as
// a finite number is reported at once. Cells that the step-through traces a selected cell back to
// are outlined (data-hi).
import { useState } from 'react';
import { isHighlighted, type Highlight } from './heatmap.tsx';

interface Props {
  name: string;
  value: number[][] | number[];
  rowLabels?: string[];
  highlight?: Highlight;
  onChange: (next: number[][] | number[]) => void;
}

function Cell({
  v,
  label,
  hi,
  onCommit,
}: {
  v: number;
  label: string;
  hi: boolean;
  onCommit: (x: number) => void;
}) {
  const [text, setText] = useState<string | null>(null);
  return (
    <input
      className={hi ? 'lab-cell-input lab-cell-hi' : 'lab-cell-input'}
      data-hi={hi || undefined}
      aria-label={label}
      inputMode="decimal"
      value={text ?? String(v)}
      onChange={(e) => {
        setText(e.target.value);
        const x = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(x)) onCommit(x);
      }}
      onBlur={() => setText(null)}
    />
  );
}

export function MatrixEditor({ name, value, rowLabels, highlight, onChange }: Props) {
  const isVector = !Array.isArray(value[0]);
  const rows = isVector ? [value as number[]] : (value as number[][]);
  const set = (i: number, j: number, x: number) => {
    const next = rows.map((r) => [...r]);
    next[i][j] = x;
    onChange(isVector ? next[0] : next);
  };
  return (
    <table className="lab-matrix" data-input={name}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {rowLabels && !isVector && <th scope="row">{rowLabels[i]}</th>}
            {r.map((v, j) => (
              <td key={j}>
                <Cell
                  v={v}
                  label={`${name}[${isVector ? j : `${i}][${j}`}]`}
                  hi={!isVector && isHighlighted(highlight, 0, i, j)}
                  onCommit={(x) => set(i, j, x)}
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
