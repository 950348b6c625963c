// The page of one lab: editable inputs, every step of the trace in order with its formula (KaTeX)
// beside its numbers (heat maps), the "why", linked concepts, and a generated exercise. The trace is
// computed in the browser by the lab's own pure run, on every change; params and seed live in the
// URL hash so any state is a link. Step-through: "previous/next step" (or a click, a tap, the arrow
// keys in a focused map) selects a cell, and the cells it was computed from light up, back to the
// inputs. The embedding lab trains by default on the curriculum's own text (fetched, not in the hash).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { getLab, runLab, type LabDef } from '../../labs/catalogue.ts';
import { parseParams } from '../../labs/params.ts';
import { rows, type Step, type Trace } from '../../labs/trace.ts';
import { applyChange, Controls, type Params } from './controls.tsx';
import { ExercisePanel } from './exercise-panel.tsx';
import { Formula } from './formula.tsx';
import { Heatmap } from './heatmap.tsx';
import { useCurriculumCorpus } from './curriculum-corpus.ts';
import { fmt } from './heatmap.tsx';
import { highlightsFor, selectableSteps, type Hover } from './highlight.ts';
import { Curve, LabExtra } from './lab-views.tsx';
import { MatrixEditor } from './matrix-editor.tsx';
import { usePreparation } from './training.ts';
import texts from './texts.json';
import './labs.css';

export type Lang = 'ja' | 'en';

/** The embedding lab's corpus: the curriculum's text, the hand-written one, or the learner's. */
type Corpus = 'curriculum' | 'builtin';

function readHash(): { params: Params; seed: number; corpus: Corpus } {
  const h = new URLSearchParams(typeof location === 'undefined' ? '' : location.hash.slice(1));
  let params: Params = {};
  try {
    const p = JSON.parse(h.get('params') ?? '{}');
    if (p && typeof p === 'object' && !Array.isArray(p)) params = p;
  } catch {
    /* a bad link starts from the defaults */
  }
  const seed = Number(h.get('seed') ?? 0);
  return {
    params,
    seed: Number.isInteger(seed) && seed >= 0 ? seed : 0,
    corpus: h.get('corpus') === 'builtin' ? 'builtin' : 'curriculum',
  };
}

function writeHash(params: Params, seed: number, corpus: Corpus): void {
  const h = new URLSearchParams({ params: JSON.stringify(params), seed: String(seed) });
  if (corpus === 'builtin') h.set('corpus', corpus);
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
  const [{ params, seed, corpus }, setState] = useState(readHash);
  const [hover, setHover] = useState<Hover | null>(null);
  const [selection, setSelection] = useState<Hover | null>(null);
  const lastGood = useRef<Trace | null>(null);
  // The embedding lab's corpus: the learner's text when typed, else the curriculum's (fetched; the
  // hand-written corpus if that fails) or the hand-written one. undefined while it loads.
  const source = lab.id !== 'embedding' ? null : params.text !== undefined ? 'own' : corpus;
  const curriculum = useCurriculumCorpus(source === 'curriculum');
  const runParams = useMemo(() => {
    // Rendered on the server (tests) there is nothing to fetch from: the hand-written corpus.
    if (source !== 'curriculum' || typeof document === 'undefined') return params;
    if (curriculum.text) return { ...params, text: curriculum.text };
    return curriculum.error ? params : undefined;
  }, [params, source, curriculum.text, curriculum.error]);
  // Training (cross-attention, embedding) runs in a worker and the tokenizers load first; until then
  // the page keeps showing the last trace.
  const prep = usePreparation(lab, runParams, seed);
  const computed = useMemo(() => {
    if (!prep.ready || !runParams) return { trace: null, error: null };
    try {
      return { trace: runLab(lab.id, runParams, seed), error: null };
    } catch (e) {
      return { trace: null, error: (e as Error).message };
    }
  }, [lab.id, runParams, seed, prep.ready]);
  if (computed.trace) lastGood.current = computed.trace;
  const trace = computed.trace ?? lastGood.current;
  useEffect(() => writeHash(params, seed, corpus), [params, seed, corpus]);
  const change = useCallback(
    (key: string, value: unknown) =>
      setState((s) => ({ ...s, params: applyChange(lab.fields, s.params, key, value) })),
    [lab.fields],
  );
  const selectable = useMemo(() => (trace ? selectableSteps(trace) : []), [trace]);
  const selected = selection && selectable.includes(selection.step) ? selection : null;
  const active = hover ?? selected;
  const highlights = useMemo(() => (trace ? highlightsFor(trace, active) : {}), [trace, active]);
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
        {source && (
          <div className="lab-control">
            <label htmlFor="lab-corpus">{ui.corpus}</label>
            <select
              id="lab-corpus"
              value={source}
              onChange={(e) =>
                setState((s) => {
                  // Another corpus: the learner's text and words go (they may not be in it).
                  const rest = { ...s.params };
                  for (const k of ['text', 'a', 'b', 'query']) delete rest[k];
                  return { ...s, params: rest, corpus: e.target.value as Corpus };
                })
              }
            >
              <option value="curriculum">{ui.corpusCurriculum}</option>
              <option value="builtin">{ui.corpusBuiltin}</option>
              {source === 'own' && (
                <option value="own" disabled>
                  {ui.corpusOwn}
                </option>
              )}
            </select>
          </div>
        )}
        {source === 'curriculum' && (
          <p className="lab-hint">
            {curriculum.error ? `${ui.curriculumFailed} (${curriculum.error})` : ui.corpusNote}
          </p>
        )}
        <Controls
          multiline={source ? MULTILINE : undefined}
          fields={lab.fields}
          params={params}
          trace={trace}
          onChange={change}
          t={ui}
          defaults={trace ? undefined : withDefaults(lab, runParams ?? params)}
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
          <button
            type="button"
            onClick={() => setState({ params: {}, seed: 0, corpus: 'curriculum' })}
          >
            {ui.reset}
          </button>
        </div>
        {!runParams && (
          <p className="lab-preparing" role="status">
            {ui.loadingCurriculum}
          </p>
        )}
        {runParams && !prep.ready && (
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
                      highlight={highlights[f.key]}
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
          {selectable.length > 0 && (
            <>
              <p className="lab-hint">{ui.hoverHint}</p>
              <StepThrough
                trace={trace}
                steps={selectable}
                selection={selected}
                highlights={highlights}
                onSelect={setSelection}
                ui={ui}
              />
            </>
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
                selection={selected}
                onSelect={
                  selectable.includes(s.id)
                    ? (index) => {
                        setHover(null);
                        setSelection({ step: s.id, index });
                      }
                    : undefined
                }
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
      <progress max={total} value={progress?.step ?? 0} aria-label={ui.training} />
      {progress && progress.losses.length > 1 && <Curve values={progress.losses} label={ui.loss} />}
    </div>
  );
}

const MULTILINE = new Set(['text']);

const tensorOf = (trace: Trace, id: string) => trace.steps.find((s) => s.id === id)?.tensors[id];

/** "weights[0][1] = 0.42 ← Q row 0, K row 1": the selected cell and where it came from. */
function describe(
  trace: Trace,
  sel: Hover,
  highlights: ReturnType<typeof highlightsFor>,
  ui: Record<string, string>,
): string {
  const t = tensorOf(trace, sel.step);
  if (!t) return '';
  let flat = 0;
  sel.index.forEach((v, k) => (flat = flat * t.shape[k] + v));
  const from = Object.entries(highlights)
    .filter(([k, h]) => k !== sel.step && (h.rows || h.cols))
    .map(([k, h]) => {
      const parts: string[] = [];
      if (h.rows) parts.push(`${ui.row} ${h.rows.join(', ')}`);
      if (h.cols)
        parts.push(
          h.cols[1] - h.cols[0] === 1
            ? `${ui.col} ${h.cols[0]}`
            : `${ui.col} ${h.cols[0]}–${h.cols[1] - 1}`,
        );
      return `${k} ${parts.join(' ')}`;
    });
  return `${sel.step}[${sel.index.join('][')}] = ${fmt(t.data[flat])}${from.length ? ` ← ${from.join(', ')}` : ''}`;
}

/** Previous / next step: selects the first cell of the step before or after, and focuses its map. */
function StepThrough({
  trace,
  steps,
  selection,
  highlights,
  onSelect,
  ui,
}: {
  trace: Trace;
  steps: string[];
  selection: Hover | null;
  highlights: ReturnType<typeof highlightsFor>;
  onSelect: (h: Hover) => void;
  ui: Record<string, string>;
}) {
  const k = selection ? steps.indexOf(selection.step) : -1;
  const go = (dir: 1 | -1) => {
    const id = steps[k < 0 ? (dir > 0 ? 0 : steps.length - 1) : k + dir];
    const t = tensorOf(trace, id);
    if (!t) return;
    onSelect({ step: id, index: t.shape.map(() => 0) });
    requestAnimationFrame(() =>
      document
        .querySelector<HTMLElement>(`[data-step="${id}"] [data-tensor="${id}"]`)
        ?.focus({ preventScroll: false }),
    );
  };
  return (
    <div className="lab-stepper" role="toolbar" aria-label={ui.stepThrough}>
      <button type="button" onClick={() => go(-1)} disabled={k === 0} data-testid="step-prev">
        ◀ {ui.stepPrev}
      </button>
      <button
        type="button"
        onClick={() => go(1)}
        disabled={k === steps.length - 1}
        data-testid="step-next"
      >
        {ui.stepNext} ▶
      </button>
      <span className="lab-stepper-status" role="status" aria-live="polite">
        {selection ? describe(trace, selection, highlights, ui) : ui.stepNone}
      </span>
    </div>
  );
}

function StepView({
  step,
  trace,
  lang,
  highlights,
  onHover,
  selection,
  onSelect,
  ui,
}: {
  step: Step;
  trace: Trace;
  lang: Lang;
  highlights: ReturnType<typeof highlightsFor>;
  onHover: (index: number[] | null) => void;
  selection: Hover | null;
  onSelect?: (index: number[]) => void;
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
                  onSelect={key === step.id ? onSelect : undefined}
                  selected={key === step.id && selection?.step === step.id ? selection.index : null}
                  selectLabel={`${key} ${t.shape.join('×')}: ${ui.selectKeys}`}
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
