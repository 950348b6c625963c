// The page of one lab: editable inputs, every step of the trace in order with its formula (KaTeX)
// beside its numbers (heat maps), the "why", linked concepts, and a generated exercise. The trace is
// computed in the browser by the lab's own pure run, on every change; params and seed live in the
// URL hash so any state is a link.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { getLab, runLab, type LabDef } from '../../labs/catalogue.ts';
import { parseParams } from '../../labs/params.ts';
import { rows, type Step, type Trace } from '../../labs/trace.ts';
import { applyChange, Controls, type Params } from './controls.tsx';
import { ExercisePanel } from './exercise-panel.tsx';
import { Formula } from './formula.tsx';
import { Heatmap } from './heatmap.tsx';
import { highlightsFor, type Hover } from './highlight.ts';
import { Curve, LabExtra } from './lab-views.tsx';
import { MatrixEditor } from './matrix-editor.tsx';
import { usePreparation } from './training.ts';
import texts from './texts.json';
import './labs.css';

export type Lang = 'ja' | 'en';

function readHash(): { params: Params; seed: number } {
  const h = new URLSearchParams(typeof location === 'undefined' ? '' : location.hash.slice(1));
  let params: Params = {};
  try {
    const p = JSON.parse(h.get('params') ?? '{}');
    if (p && typeof p === 'object' && !Array.isArray(p)) params = p;
  } catch {
    /* a bad link starts from the defaults */
  }
  const seed = Number(h.get('seed') ?? 0);
  return { params, seed: Number.isInteger(seed) && seed >= 0 ? seed : 0 };
}

function writeHash(params: Params, seed: number): void {
  const h = new URLSearchParams({ params: JSON.stringify(params), seed: String(seed) });
  history.replaceState(history.state, '', `#${h.toString()}`);
}

/** The params with the lab's defaults filled in (what the run will use), or undefined when invalid. */
function withDefaults(lab: LabDef, params: Params): Params | undefined {
  try {
    return parseParams(lab, params) as Params;
  } catch {
    return undefined;
  }
}

export function LabPage({ id, lang }: { id: string; lang: Lang }) {
  const ui = texts.ui[lang];
  let lab: LabDef;
  try {
    lab = getLab(id);
  } catch {
    return (
      <p className="lab-error" role="alert">
        {ui.unknown}: {id}
      </p>
    );
  }
  return <LabView key={id} lab={lab} lang={lang} />;
}

function LabView({ lab, lang }: { lab: LabDef; lang: Lang }) {
  const ui = texts.ui[lang];
  const [{ params, seed }, setState] = useState(readHash);
  const [hover, setHover] = useState<Hover | null>(null);
  const lastGood = useRef<Trace | null>(null);
  // Training (cross-attention, embedding) runs in a worker and the tokenizers load first; until then
  // the page keeps showing the last trace.
  const prep = usePreparation(lab, params, seed);
  const computed = useMemo(() => {
    if (!prep.ready) return { trace: null, error: null };
    try {
      return { trace: runLab(lab.id, params, seed), error: null };
    } catch (e) {
      return { trace: null, error: (e as Error).message };
    }
  }, [lab.id, params, seed, prep.ready]);
  if (computed.trace) lastGood.current = computed.trace;
  const trace = computed.trace ?? lastGood.current;
  useEffect(() => writeHash(params, seed), [params, seed]);
  const change = useCallback(
    (key: string, value: unknown) =>
      setState((s) => ({ ...s, params: applyChange(lab.fields, s.params, key, value) })),
    [lab.fields],
  );
  const highlights = useMemo(() => (trace ? highlightsFor(trace, hover) : {}), [trace, hover]);
  const why = (texts.labs as Record<string, Record<Lang, string>>)[lab.id]?.[lang];
  const editable = lab.fields.filter((f) => f.kind === 'matrix' || f.kind === 'vector');

  return (
    <article className="lab-page" data-lab={lab.id}>
      <header>
        <p className="lab-crumb">
          <Link to="/labs">{ui.labs}</Link>
        </p>
        <h1>{lab.title[lang]}</h1>
        <p className="lab-concepts">
          {ui.concepts}:{' '}
          {lab.concepts.map((c) => (
            <Link key={c} to={`/concepts/${c}`} className="lab-concept-link">
              {c}
            </Link>
          ))}
        </p>
      </header>
      {why && (
        <section className="lab-why" aria-label={ui.why}>
          <h2>{ui.why}</h2>
          <p>{why}</p>
        </section>
      )}
      <section className="lab-inputs" aria-label={ui.inputs}>
        <h2>{ui.inputs}</h2>
        <Controls
          fields={lab.fields}
          params={params}
          trace={trace}
          onChange={change}
          t={ui}
          defaults={trace ? undefined : withDefaults(lab, params)}
        />
        <div className="lab-control">
          <label htmlFor="lab-seed">
            <code>seed</code>
          </label>
          <input
            id="lab-seed"
            type="number"
            min={0}
            value={seed}
            onChange={(e) =>
              setState((s) => ({
                ...s,
                seed: Math.max(0, Math.floor(Number(e.target.value) || 0)),
              }))
            }
          />
          <button type="button" onClick={() => setState({ params: {}, seed: 0 })}>
            {ui.reset}
          </button>
        </div>
        {!prep.ready && (
          <Preparing
            training={prep.prep?.lab !== 'tokenization'}
            total={
              prep.prep?.lab === 'cross-attention'
                ? prep.prep.config.steps
                : prep.prep?.lab === 'embedding'
                  ? prep.prep.config.epochs
                  : 1
            }
            progress={prep.progress}
            error={prep.error}
            lang={lang}
          />
        )}
        {computed.error && (
          <p className="lab-error" role="alert">
            {ui.error}: {computed.error}
          </p>
        )}
        {trace && editable.length > 0 && (
          <>
            <p className="lab-hint">{ui.editHint}</p>
            <div className="lab-input-grid">
              {editable.map((f) => {
                const t = trace.inputs[f.key];
                if (!t) return null;
                const value = t.shape.length === 2 ? rows(t) : t.data;
                return (
                  <div key={f.key} className="lab-input">
                    <h3>
                      <code>{f.key}</code> <span className="lab-shape">{t.shape.join('×')}</span>
                    </h3>
                    <MatrixEditor
                      name={f.key}
                      value={value}
                      rowLabels={f.key === 'X' || f.key === 'x' ? trace.tokens : undefined}
                      onChange={(v) => {
                        // Keep the sentence's tokens as row labels once X is edited by hand.
                        if (
                          f.key === 'X' &&
                          params.text === undefined &&
                          trace.tokens &&
                          lab.fields.some((x) => x.key === 'text')
                        )
                          setState((st) => ({
                            ...st,
                            params: { ...st.params, text: trace.tokens!.join(' ') },
                          }));
                        // Keep the ids the run paired with these inputs (cross-entropy's targets):
                        // a lab may require them once its matrix is given.
                        for (const x of lab.fields)
                          if (
                            x.kind === 'ids' &&
                            params[x.key] === undefined &&
                            trace.inputs[x.key] !== undefined
                          )
                            change(x.key, Array.from(trace.inputs[x.key].data));
                        change(f.key, v);
                      }}
                    />
                  </div>
                );
              })}
            </div>
          </>
        )}
      </section>
      {trace && <LabExtra trace={trace} lang={lang} />}
      {trace && (
        <section className="lab-steps" aria-label={ui.steps}>
          <h2>{ui.steps}</h2>
          {trace.steps.some((s) => s.id === 'weights') && trace.steps.some((s) => s.id === 'Q') && (
            <p className="lab-hint">{ui.hoverHint}</p>
          )}
          <ol>
            {trace.steps.map((s) => (
              <StepView
                key={s.id}
                step={s}
                trace={trace}
                lang={lang}
                highlights={highlights}
                onHover={(index) => setHover(index ? { step: s.id, index } : null)}
                ui={ui}
              />
            ))}
          </ol>
        </section>
      )}
      <ExercisePanel lab={lab} lang={lang} />
    </article>
  );
}

/** The progress of a training in the worker (bar, step, loss curve), or the tokenizers loading. */
function Preparing({
  training,
  total,
  progress,
  error,
  lang,
}: {
  training: boolean;
  total: number;
  progress: ReturnType<typeof usePreparation>['progress'];
  error: string | null;
  lang: Lang;
}) {
  const ui = texts.ui[lang];
  if (error)
    return (
      <p className="lab-error" role="alert">
        {ui.error}: {error}
      </p>
    );
  if (!training)
    return (
      <p className="lab-preparing" role="status">
        {ui.loadingTokenizers}
      </p>
    );
  const last = progress?.losses[progress.losses.length - 1];
  return (
    <div className="lab-training" role="status" data-testid="lab-training">
      <p>
        {ui.training}{' '}
        <span className="lab-training-step">
          {progress?.step ?? 0} / {total}
          {last !== undefined && ` · ${ui.loss} ${last.toFixed(4)}`}
        </span>
      </p>
      <progress
        max={total}
        value={progress?.step ?? 0}
        aria-label={ui.training}
      />
      {progress && progress.losses.length > 1 && (
        <Curve values={progress.losses} label={ui.loss} />
      )}
    </div>
  );
}

function StepView({
  step,
  trace,
  lang,
  highlights,
  onHover,
  ui,
}: {
  step: Step;
  trace: Trace;
  lang: Lang;
  highlights: ReturnType<typeof highlightsFor>;
  onHover: (index: number[] | null) => void;
  ui: Record<string, string>;
}) {
  const tokens = trace.tokens;
  return (
    <li className="lab-step" data-step={step.id}>
      <h3>
        <code>{step.id}</code> {step.title[lang]}
      </h3>
      <div className="lab-step-body">
        <div className="lab-step-text">
          <Formula tex={step.formula} />
          {step.explanation[lang] && <p>{step.explanation[lang]}</p>}
        </div>
        <div className="lab-step-tensors">
          {Object.entries(step.tensors).map(([key, t]) => {
            const n = t.shape.length >= 2 ? t.shape[t.shape.length - 2] : t.shape[0];
            const square = t.shape.length >= 2 && t.shape[t.shape.length - 1] === n;
            const labels = tokens && tokens.length === n ? tokens : undefined;
            const rowLabels = t.shape.length >= 2 ? labels : undefined;
            const colLabels =
              t.shape.length === 1 && tokens && tokens.length === t.shape[0]
                ? tokens
                : square
                  ? labels
                  : undefined;
            return (
              <div key={key} className="lab-tensor">
                <p className="lab-tensor-name">
                  <code>{key}</code>{' '}
                  <span className="lab-shape">
                    {ui.shape} {t.shape.length ? t.shape.join('×') : 'scalar'}
                  </span>
                </p>
                <Heatmap
                  tensor={t}
                  name={key}
                  rowLabels={rowLabels}
                  colLabels={colLabels}
                  highlight={highlights[key]}
                  onHover={key === step.id ? onHover : undefined}
                  sliceLabel={(s) => `${ui.heads} ${s}`}
                />
              </div>
            );
          })}
        </div>
      </div>
    </li>
  );
}
