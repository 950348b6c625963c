// The lab's scalar controls, generated from its field table: sliders for numbers, a checkbox for
// booleans, text boxes for sentences and id lists, a select for choices. Matrices are edited in place
// (see MatrixEditor) from the trace's inputs.
import type { Field } from '../../labs/catalogue.ts';
import type { Trace } from '../../labs/trace.ts';

export type Params = Record<string, unknown>;

/** Keys whose change changes the shapes, so edited matrices are dropped (regenerated from the seed). */
const SHAPE_KEYS = new Set(['text', 'd', 'd_k', 'heads', 'd_ff', 'positions', 'kind']);

/** The value a control shows when the learner has not set it: what the run actually used. */
function current(key: string, params: Params, trace: Trace | null, defaults?: Params): unknown {
  if (params[key] !== undefined) return params[key];
  if (!trace) return defaults?.[key];
  if (trace.params[key] !== undefined) return trace.params[key];
  const shape = (k: string) => trace.inputs[k]?.shape;
  const first = trace.steps[0]?.tensors[trace.steps[0].id]?.shape;
  switch (key) {
    case 'text':
      return trace.tokens?.join(' ');
    case 'd':
      return shape('X')?.[1] ?? shape('x')?.[1] ?? first?.[1];
    case 'd_k':
      return shape('Wq')?.[1];
    case 'd_ff':
      return shape('W1')?.[1];
    case 'positions':
      return shape('x')?.[0] ?? (first && first.length === 3 ? first[1] : first?.[0]);
    case 'vocab':
      return trace.tokens;
    default:
      return undefined;
  }
}

export function applyChange(fields: Field[], params: Params, key: string, value: unknown): Params {
  const next: Params = { ...params, [key]: value };
  if (value === undefined) delete next[key];
  if (SHAPE_KEYS.has(key))
    for (const f of fields)
      if (f.kind === 'matrix' && f.key !== key && !(key === 'kind' && f.key !== 'x'))
        delete next[f.key];
  return next;
}

const listText = (v: unknown) => (Array.isArray(v) ? v.join(', ') : '');

export function Controls({
  fields,
  params,
  trace,
  onChange,
  t,
  defaults,
  multiline,
}: {
  fields: Field[];
  /** Text fields drawn as a text area (a whole corpus). */
  multiline?: ReadonlySet<string>;
  params: Params;
  trace: Trace | null;
  /** The params with the lab's defaults filled in, shown before the first trace (while training). */
  defaults?: Params;
  onChange: (key: string, value: unknown) => void;
  t: Record<string, string>;
}) {
  return (
    <div className="lab-controls">
      {fields.map((f) => {
        const v = current(f.key, params, trace, defaults);
        const id = `lab-field-${f.key}`;
        let control: React.ReactNode = null;
        switch (f.kind) {
          case 'int':
          case 'number': {
            const n = typeof v === 'number' ? v : (f.min ?? 0);
            control = (
              <>
                <input
                  id={id}
                  type="range"
                  min={f.min}
                  max={f.max}
                  step={f.step ?? (f.kind === 'int' ? 1 : 0.01)}
                  value={n}
                  onChange={(e) => onChange(f.key, Number(e.target.value))}
                />
                <input
                  type="number"
                  aria-label={f.key}
                  className="lab-number"
                  min={f.min}
                  max={f.max}
                  step={f.step ?? (f.kind === 'int' ? 1 : 'any')}
                  value={n}
                  onChange={(e) => e.target.value !== '' && onChange(f.key, Number(e.target.value))}
                />
              </>
            );
            break;
          }
          case 'boolean':
            control = (
              <input
                id={id}
                type="checkbox"
                checked={v === true}
                onChange={(e) => onChange(f.key, e.target.checked)}
              />
            );
            break;
          case 'text':
            control = multiline?.has(f.key) ? (
              <textarea
                id={id}
                rows={5}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) =>
                  onChange(f.key, e.target.value === '' ? undefined : e.target.value)
                }
              />
            ) : (
              <input
                id={id}
                type="text"
                value={typeof v === 'string' ? v : ''}
                onChange={(e) =>
                  onChange(f.key, e.target.value === '' ? undefined : e.target.value)
                }
              />
            );
            break;
          case 'select':
            control = (
              <select
                id={id}
                value={String(v ?? f.options?.[0])}
                onChange={(e) => onChange(f.key, e.target.value)}
              >
                {f.options?.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            );
            break;
          case 'ids':
            control = (
              <input
                id={id}
                type="text"
                value={listText(v)}
                placeholder="0, 2"
                onChange={(e) =>
                  onChange(
                    f.key,
                    e.target.value
                      .split(',')
                      .map((s) => s.trim())
                      .filter(Boolean)
                      .map(Number),
                  )
                }
              />
            );
            break;
          case 'labels':
            control = (
              <input
                id={id}
                type="text"
                value={listText(v)}
                onChange={(e) =>
                  onChange(
                    f.key,
                    e.target.value === ''
                      ? undefined
                      : e.target.value.split(',').map((s) => s.trim()),
                  )
                }
              />
            );
            break;
          default:
            return null; // matrices and vectors are edited in the inputs panel
        }
        return (
          <div key={f.key} className="lab-control">
            <label htmlFor={id} title={f.expected}>
              <code>{f.key}</code>
            </label>
            {control}
            {f.kind === 'boolean' && <span>{v ? t.on : t.off}</span>}
          </div>
        );
      })}
    </div>
  );
}
