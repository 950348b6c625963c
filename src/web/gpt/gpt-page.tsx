// The tiny-GPT page: pick a text, set the model up, train it in a worker with live curves, keep
// checkpoints, generate with every strategy and see why each token came, look inside, time the KV
// cache. Every computation happens in src/web/worker/gpt-worker.ts; this page only draws.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { configs } from '../../models/config.ts';
import { CharTokenizer } from '../../models/tokenizer.ts';
import type { BeamStep } from '../../labs/beam-search/beam.ts';
import { defaultSettings, type GenSettings, type Why } from '../../labs/tiny-gpt/generation.ts';
import type { Inspection } from '../../labs/tiny-gpt/inspect.ts';
import { run as kvRun } from '../../labs/kv-cache/lab.ts';
import {
  checkPlan,
  memoryEstimate,
  paramCount,
  PlanError,
  presetPlan,
  type EvalPoint,
  type Plan,
} from '../../labs/tiny-gpt/trainer.ts';
import { BUILTIN_TEXT } from './builtin-text.ts';
import { kvLengths } from './kv-lengths.ts';
import { AttentionMap, LineChart } from './charts.tsx';
import type { FromWorker, ModelInfo, RunState, ToWorker } from './protocol.ts';
import * as store from './store.ts';
import texts from './texts.json';
import './gpt.css';

type Lang = 'ja' | 'en';
type Source = 'curriculum' | 'builtin' | 'file' | 'text';
type Gen = { id: number; text: string; why: Why };

const show = (s: string) => (s === '\n' ? '↵' : s === ' ' ? '␣' : s);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const time = (s: number) =>
  !Number.isFinite(s)
    ? '—'
    : s < 60
      ? `${s.toFixed(0)} s`
      : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

async function curriculumText(signal: AbortSignal): Promise<string> {
  const list = (await (await fetch('/api/concepts', { signal })).json()) as { id: string }[];
  const bodies: string[] = [];
  for (let i = 0; i < list.length; i += 8) {
    const batch = await Promise.all(
      list.slice(i, i + 8).map(async (c) => {
        const r = await fetch(`/api/concepts/${encodeURIComponent(c.id)}`, { signal });
        if (!r.ok) return '';
        const d = (await r.json()) as { title?: { ja?: string }; body?: { ja?: string } };
        return `${d.title?.ja ?? ''}\n${d.body?.ja ?? ''}`;
      }),
    );
    bodies.push(...batch);
  }
  return bodies.filter(Boolean).join('\n\n');
}

export function GptPage({ lang }: { lang: Lang }) {
  const t = texts[lang];
  const worker = useRef<Worker | null>(null);
  const [source, setSource] = useState<Source>('curriculum');
  const [sourceText, setSourceText] = useState<Record<Source, string>>({
    curriculum: '',
    builtin: BUILTIN_TEXT,
    file: '',
    text: '',
  });
  const [loadingText, setLoadingText] = useState(false);
  const [preset, setPreset] = useState('tiny');
  const [plan, setPlan] = useState<Plan>(() => presetPlan('tiny'));
  const [state, setState] = useState<RunState>('idle');
  const [info, setInfo] = useState<ModelInfo | null>(null);
  const [evals, setEvals] = useState<EvalPoint[]>([]);
  const [steps, setSteps] = useState<[number, number][]>([]);
  const [speed, setSpeed] = useState<{
    tps: number;
    eta: number;
    iter: number;
    kernels: string;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<store.Saved[]>([]);
  const [prompt, setPrompt] = useState('');
  const [settings, setSettings] = useState<GenSettings>(defaultSettings);
  const [generated, setGenerated] = useState<Gen[]>([]);
  const [beams, setBeams] = useState<{
    history: BeamStep[];
    best: { tokens: number[]; score: number };
  } | null>(null);
  const [dropped, setDropped] = useState<string[]>([]);
  const [whyAt, setWhyAt] = useState<number | null>(null);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [layerHead, setLayerHead] = useState<[number, number]>([0, 0]);
  const [kv, setKv] = useState<{ n: number; withMs: number; withoutMs: number }[]>([]);
  const [busy, setBusy] = useState(false);
  const pending = useRef<((b: Uint8Array) => void) | null>(null);

  const text = sourceText[source];
  const refreshSaved = useCallback(() => {
    store.listCheckpoints().then(setSaved, () => setSaved([]));
  }, []);

  useEffect(() => {
    const w = new Worker(new URL('../worker/gpt-worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      switch (m.type) {
        case 'model':
          setInfo(m.info);
          setEvals(m.info.history);
          setSteps([]);
          setError(null);
          break;
        case 'state':
          setState(m.state);
          break;
        case 'eval':
          setEvals((e) => [...e.filter((p) => p.iter !== m.point.iter), m.point]);
          break;
        case 'step':
          setSteps((s) => [...s, [m.iter, m.loss]]);
          setSpeed({ tps: m.tokensPerS, eta: m.etaS, iter: m.iter, kernels: m.kernels });
          setInfo((i) => (i ? { ...i, iter: m.iter } : i));
          break;
        case 'error':
          setError(m.message[lang]);
          setBusy(false);
          break;
        case 'checkpoint':
          pending.current?.(m.bytes);
          pending.current = null;
          break;
        case 'token':
          setGenerated((g) => [...g, { id: m.id, text: m.text, why: m.why }]);
          break;
        case 'beam':
          setBeams({ history: m.history, best: m.best });
          break;
        case 'generated':
          setDropped(m.dropped);
          setBusy(false);
          break;
        case 'inspection':
          setInspection(m.data);
          setLayerHead([0, 0]);
          setBusy(false);
          break;
        case 'kv':
          setKv((k) => [...k, { n: m.n, withMs: m.withMs, withoutMs: m.withoutMs }]);
          break;
        case 'kvdone':
          setBusy(false);
          break;
      }
    };
    refreshSaved();
    return () => w.terminate();
  }, [lang, refreshSaved]);

  const send = (m: ToWorker, transfer: Transferable[] = []) =>
    worker.current?.postMessage(m, transfer);

  useEffect(() => {
    if (source !== 'curriculum' || sourceText.curriculum) return;
    const ac = new AbortController();
    setLoadingText(true);
    curriculumText(ac.signal)
      .then((s) => setSourceText((x) => ({ ...x, curriculum: s || BUILTIN_TEXT })))
      .catch(() => {
        // Left the curriculum before it arrived: fetch again next time. Offline: the built-in text.
        if (!ac.signal.aborted)
          setSourceText((x) => ({ ...x, curriculum: x.curriculum || BUILTIN_TEXT }));
      })
      .finally(() => setLoadingText(false));
    return () => ac.abort();
  }, [source, sourceText.curriculum]);

  const vocabSize = useMemo(() => CharTokenizer.fromText(text).vocabSize, [text]);
  const chars = useMemo(() => Array.from(text).length, [text]);
  const planError = useMemo(() => {
    try {
      checkPlan(plan, vocabSize, chars);
      return null;
    } catch (e) {
      return e instanceof PlanError ? e.text[lang] : (e as Error).message;
    }
  }, [plan, vocabSize, chars, lang]);

  const choosePreset = (name: string) => {
    setPreset(name);
    if (name !== 'custom') setPlan(presetPlan(name));
  };
  const setModel = (k: keyof Plan['model'], v: number) => {
    setPreset('custom');
    setPlan((p) => ({ ...p, model: { ...p.model, [k]: v } }));
  };
  const setTrain = (k: 'batch_size' | 'max_iters' | 'lr', v: number) => {
    setPreset('custom');
    setPlan((p) => {
      const train = { ...p.train, [k]: v };
      if (k === 'max_iters') {
        train.lr_decay_iters = v;
        train.eval_interval = Math.max(1, Math.round(v / 8));
      }
      return { ...p, train };
    });
  };

  const readFile = (f: File | undefined) => {
    if (!f) return;
    f.text().then((s) => {
      setSourceText((x) => ({ ...x, file: s }));
      setSource('file');
    });
  };

  const getCheckpoint = () =>
    new Promise<Uint8Array>((resolve) => {
      pending.current = resolve;
      send({ type: 'checkpoint' });
    });
  const download = async () => {
    const bytes = await getCheckpoint();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(
      new Blob([bytes as BlobPart], { type: 'application/octet-stream' }),
    );
    a.download = `tiny-gpt-${info?.iter ?? 0}.ckpt`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const saveLocal = async () => {
    const bytes = await getCheckpoint();
    await store.saveCheckpoint(
      `${info?.plan.configName ?? 'model'}-${info?.iter ?? 0}-${new Date().toLocaleString()}`,
      bytes,
    );
    refreshSaved();
  };
  const loadBytes = (bytes: Uint8Array) => send({ type: 'load', bytes }, [bytes.buffer]);

  const running = state === 'running';
  const hasModel = info !== null;
  const whyToken = whyAt !== null ? generated[whyAt] : null;

  return (
    <article className="gpt-page" data-testid="gpt-page">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>

      <section aria-labelledby="gpt-data">
        <h2 id="gpt-data">{t.data}</h2>
        <div className="gpt-row" role="radiogroup">
          {(['curriculum', 'builtin', 'file', 'text'] as Source[]).map((s) => (
            <label key={s}>
              <input
                type="radio"
                name="source"
                checked={source === s}
                onChange={() => setSource(s)}
                data-testid={`source-${s}`}
              />{' '}
              {t[`src_${s}` as const]}
            </label>
          ))}
        </div>
        {source === 'file' && (
          <label
            className="gpt-drop"
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              readFile(e.dataTransfer.files[0]);
            }}
          >
            {t.drop}
            <input
              type="file"
              accept=".txt,.md,text/*"
              onChange={(e) => readFile(e.target.files?.[0])}
              data-testid="text-file"
            />
          </label>
        )}
        {source === 'text' && (
          <textarea
            rows={6}
            value={sourceText.text}
            onChange={(e) => setSourceText((x) => ({ ...x, text: e.target.value }))}
            data-testid="text-area"
            aria-label={t.src_text}
          />
        )}
        <p data-testid="text-stats">
          {loadingText
            ? t.loading
            : `${chars.toLocaleString()} ${t.chars} · ${t.vocab}: ${vocabSize}`}
        </p>
        {text && <pre className="gpt-preview">{text.slice(0, 300)}…</pre>}
      </section>

      <section aria-labelledby="gpt-config">
        <h2 id="gpt-config">{t.config}</h2>
        <label>
          {t.preset}{' '}
          <select
            value={preset}
            onChange={(e) => choosePreset(e.target.value)}
            data-testid="preset"
          >
            {Object.keys(configs).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
            <option value="custom">{t.custom}</option>
          </select>
        </label>
        <div className="gpt-grid">
          {(['n_layer', 'n_head', 'n_embd', 'block_size'] as const).map((k) => (
            <label key={k}>
              {k}
              <input
                type="number"
                min={1}
                value={plan.model[k]}
                onChange={(e) => setModel(k, Number(e.target.value))}
                data-testid={`cfg-${k}`}
              />
            </label>
          ))}
          {(['batch_size', 'max_iters', 'lr'] as const).map((k) => (
            <label key={k}>
              {k}
              <input
                type="number"
                min={0}
                step={k === 'lr' ? 0.0005 : 1}
                value={plan.train[k]}
                onChange={(e) => setTrain(k, Number(e.target.value))}
                data-testid={`cfg-${k}`}
              />
            </label>
          ))}
        </div>
        <p data-testid="plan-size">
          {t.params}: <strong>{paramCount(plan.model, vocabSize).toLocaleString()}</strong> ·{' '}
          {t.memory}:{' '}
          <strong>{mib(memoryEstimate(plan.model, vocabSize, plan.train.batch_size))}</strong>
        </p>
        {planError && (
          <p className="gpt-error" role="alert" data-testid="plan-error">
            {planError}
          </p>
        )}
      </section>

      <section aria-labelledby="gpt-train">
        <h2 id="gpt-train">{t.train}</h2>
        <div className="gpt-row">
          <button
            type="button"
            disabled={!!planError || running || loadingText}
            onClick={() => {
              setError(null);
              send({ type: 'start', text, plan });
            }}
            data-testid="start"
          >
            {t.start}
          </button>
          <button
            type="button"
            disabled={!running}
            onClick={() => send({ type: 'pause' })}
            data-testid="pause"
          >
            {t.pause}
          </button>
          <button
            type="button"
            disabled={running || !hasModel || state === 'done' || state === 'stopped'}
            onClick={() => send({ type: 'resume', text })}
            data-testid="resume"
          >
            {t.resume}
          </button>
          <button
            type="button"
            disabled={!running && state !== 'paused'}
            onClick={() => send({ type: 'stop' })}
            data-testid="stop"
          >
            {t.stop}
          </button>
          <span className="gpt-state" data-testid="state" data-state={state}>
            {t[`state_${state}` as const]}
          </span>
        </div>
        {state === 'stopped' && (
          <p className="gpt-note" data-testid="stopped-note">
            {t.stopped_note}
          </p>
        )}
        {error && (
          <p className="gpt-error" role="alert" data-testid="train-error">
            {error}
          </p>
        )}
        {info && (
          <p data-testid="progress">
            {t.iter} <span data-testid="iter">{info.iter}</span> / {info.maxIters} · {t.params}{' '}
            {info.params.toLocaleString()} · {t.tps}{' '}
            <span data-testid="tps">{speed ? speed.tps.toFixed(0) : '—'}</span> · {t.eta}{' '}
            {speed ? time(speed.eta) : '—'} · kernels{' '}
            <span data-testid="kernels">{speed?.kernels ?? info.kernels}</span>
          </p>
        )}
        <LineChart
          testId="loss-chart"
          xLabel={t.iter}
          yLabel={t.loss}
          xMax={info?.maxIters}
          series={[
            { label: t.step_loss, color: '#cbd5e1', points: steps },
            {
              label: t.train_loss,
              color: '#2563eb',
              points: evals.map((e) => [e.iter, e.train_loss]),
              dots: true,
            },
            {
              label: t.val_loss,
              color: '#dc2626',
              points: evals.map((e) => [e.iter, e.val_loss]),
              dots: true,
            },
          ]}
        />
        <h3>{t.ckpt}</h3>
        <div className="gpt-row">
          <button
            type="button"
            disabled={!hasModel || running}
            onClick={saveLocal}
            data-testid="save"
          >
            {t.save}
          </button>
          <button
            type="button"
            disabled={!hasModel || running}
            onClick={download}
            data-testid="download"
          >
            {t.download}
          </button>
          <label>
            {t.load_file}{' '}
            <input
              type="file"
              data-testid="load-file"
              onChange={(e) =>
                e.target.files?.[0]?.arrayBuffer().then((b) => loadBytes(new Uint8Array(b)))
              }
            />
          </label>
        </div>
        {saved.length > 0 && (
          <ul className="gpt-saved" data-testid="saved-list">
            {saved.map((s) => (
              <li key={s.name}>
                {s.name} ({mib(s.size)}){' '}
                <button
                  type="button"
                  onClick={() =>
                    store.loadCheckpoint(s.name).then((b) => b && loadBytes(new Uint8Array(b)))
                  }
                >
                  {t.load}
                </button>{' '}
                <button
                  type="button"
                  onClick={() => store.deleteCheckpoint(s.name).then(refreshSaved)}
                >
                  {t.delete}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      {!hasModel ? (
        <p className="gpt-note">{t.no_model}</p>
      ) : (
        <>
          <section aria-labelledby="gpt-gen">
            <h2 id="gpt-gen">{t.generate}</h2>
            <div className="gpt-grid">
              <label>
                {t.prompt}
                <input
                  value={prompt}
                  onChange={(e) => setPrompt(e.target.value)}
                  data-testid="prompt"
                />
              </label>
              <label>
                {t.strategy}
                <select
                  value={settings.strategy}
                  onChange={(e) =>
                    setSettings((s) => ({
                      ...s,
                      strategy: e.target.value as GenSettings['strategy'],
                    }))
                  }
                  data-testid="strategy"
                >
                  <option value="greedy">{t.greedy}</option>
                  <option value="sample">{t.sample}</option>
                  <option value="beam">{t.beam}</option>
                </select>
              </label>
              <label>
                {t.temperature}: {settings.temperature.toFixed(2)}
                <input
                  type="range"
                  min={Math.log(0.05)}
                  max={Math.log(10)}
                  step={0.01}
                  value={Math.log(settings.temperature)}
                  onChange={(e) =>
                    setSettings((s) => ({
                      ...s,
                      temperature: Number(Math.exp(Number(e.target.value)).toFixed(2)),
                    }))
                  }
                  data-testid="temperature"
                />
              </label>
              {(
                [
                  ['top_k', 0, 200, 1],
                  ['top_p', 0.05, 1, 0.05],
                  ['repetition_penalty', 1, 3, 0.1],
                  ['seed', 0, 1e6, 1],
                  ['tokens', 1, 400, 1],
                  ['beams', 1, 8, 1],
                ] as const
              ).map(([k, min, max, step]) => (
                <label key={k}>
                  {k === 'repetition_penalty' ? t.rep : t[k]}
                  <input
                    type="number"
                    min={min}
                    max={max}
                    step={step}
                    value={settings[k]}
                    onChange={(e) => setSettings((s) => ({ ...s, [k]: Number(e.target.value) }))}
                    data-testid={`gen-${k}`}
                  />
                </label>
              ))}
            </div>
            <button
              type="button"
              disabled={busy || running}
              data-testid="generate"
              onClick={() => {
                setGenerated([]);
                setBeams(null);
                setWhyAt(null);
                setBusy(true);
                send({ type: 'generate', prompt, settings });
              }}
            >
              {t.run_generate}
            </button>
            {dropped.length > 0 && (
              <p className="gpt-note">
                {t.dropped}: {dropped.join(' ')}
              </p>
            )}
            <p className="gpt-hint">{t.why_hint}</p>
            <div className="gpt-output" data-testid="output">
              <span className="gpt-prompt">{prompt}</span>
              {generated.map((g, i) => (
                <button
                  type="button"
                  key={i}
                  className={whyAt === i ? 'gpt-tok sel' : 'gpt-tok'}
                  onClick={() => setWhyAt(i)}
                >
                  {g.text === '\n' ? '↵\n' : g.text}
                </button>
              ))}
            </div>
            {beams && <BeamView beams={beams} vocab={info.vocab} />}
            {whyToken && (
              <WhyView why={whyToken.why} chosen={whyToken.id} vocab={info.vocab} t={t} />
            )}
          </section>

          <section aria-labelledby="gpt-inside">
            <h2 id="gpt-inside">{t.inside}</h2>
            <button
              type="button"
              disabled={busy || running}
              data-testid="inspect"
              onClick={() => {
                setBusy(true);
                send({ type: 'inspect', prompt: prompt || info.vocab.slice(0, 1).join('') });
              }}
            >
              {t.run_inspect}
            </button>
            {inspection && (
              <InsideView
                ins={inspection}
                vocab={info.vocab}
                lh={layerHead}
                setLh={setLayerHead}
                t={t}
              />
            )}
          </section>

          <section aria-labelledby="gpt-kv">
            <h2 id="gpt-kv">{t.kv}</h2>
            <p>{t.kv_intro}</p>
            <KvFormula info={info} t={t} />
            <button
              type="button"
              disabled={busy || running}
              data-testid="kv-run"
              onClick={() => {
                setKv([]);
                setBusy(true);
                send({ type: 'kvbench', ns: kvLengths(info.plan.model.block_size), repeats: 3 });
              }}
            >
              {t.run_kv}
            </button>
            {kv.length > 0 && (
              <>
                <LineChart
                  testId="kv-chart"
                  xLabel="N"
                  yLabel="ms"
                  series={[
                    {
                      label: t.without_cache,
                      color: '#dc2626',
                      points: kv.map((k) => [k.n, k.withoutMs]),
                      dots: true,
                    },
                    {
                      label: t.with_cache,
                      color: '#2563eb',
                      points: kv.map((k) => [k.n, k.withMs]),
                      dots: true,
                    },
                  ]}
                />
                <table className="gpt-table" data-testid="kv-table">
                  <thead>
                    <tr>
                      <th>N</th>
                      <th>{t.without_cache}</th>
                      <th>{t.with_cache}</th>
                      <th>{t.speedup}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {kv.map((k) => (
                      <tr key={k.n}>
                        <td>{k.n}</td>
                        <td>{k.withoutMs.toFixed(1)} ms</td>
                        <td>{k.withMs.toFixed(1)} ms</td>
                        <td>{(k.withoutMs / k.withMs).toFixed(1)}×</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
        </>
      )}
      <section>
        <h2>{t.more}</h2>
        <ul>
          {[
            'tiny-gpt',
            'softmax-sampling',
            'beam-search',
            'kv-cache',
            'pretraining-objectives',
          ].map((id) => (
            <li key={id}>
              <Link to={`/labs/${id}`}>{id}</Link>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

function KvFormula({ info, t }: { info: ModelInfo; t: (typeof texts)['ja'] }) {
  const m = info.plan.model;
  const tr = kvRun(
    {
      n_layer: m.n_layer,
      n_head: m.n_head,
      d_model: m.n_embd,
      seq_len: m.block_size,
      batch: 1,
      bytes_per_value: 4,
    },
    0,
  );
  const v = (id: string) => tr.steps.find((s) => s.id === id)!.tensors[id].data[0];
  return (
    <p data-testid="kv-formula">
      {t.formula}: per_token_bytes = 2·{m.n_layer}·{m.n_embd}·4 = {v('per_token_bytes')} B;
      total_bytes (seq_len {m.block_size}) = {v('total_bytes').toLocaleString()} B; FLOPs{' '}
      {v('flops_without_cache').toExponential(2)} → {v('flops_with_cache').toExponential(2)}
    </p>
  );
}

function WhyView({
  why,
  chosen,
  vocab,
  t,
}: {
  why: Why;
  chosen: number;
  vocab: string[];
  t: (typeof texts)['ja'];
}) {
  const order = why.probs.map((_, i) => i).sort((a, b) => why.probs[b] - why.probs[a] || a - b);
  const rows = [...new Set([chosen, ...order.slice(0, 12)])];
  const f = (v: number) =>
    Number.isNaN(v)
      ? 'NaN'
      : !Number.isFinite(v)
        ? '∞'
        : Math.abs(v) >= 1000
          ? v.toExponential(2)
          : v.toFixed(3);
  const naiveBroken = why.naive.some((v) => !Number.isFinite(v));
  return (
    <div className="gpt-why" data-testid="why">
      <h3>
        {t.why}: 「{show(vocab[chosen])}」
      </h3>
      <table className="gpt-table">
        <thead>
          <tr>
            <th>{t.token}</th>
            <th>logit</th>
            <th>penalized</th>
            <th>scaled (z/T)</th>
            <th>{t.naive}</th>
            <th>probs</th>
            <th>top_k_probs</th>
            <th>top_p_probs</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((i) => (
            <tr key={i} className={i === chosen ? 'sel' : ''}>
              <td>{show(vocab[i])}</td>
              <td>{f(why.logits[i])}</td>
              <td>{f(why.penalized[i])}</td>
              <td>{f(why.scaled[i])}</td>
              <td>{f(why.naive[i])}</td>
              <td>{f(why.probs[i])}</td>
              <td>{f(why.top_k_probs[i])}</td>
              <td>{f(why.top_p_probs[i])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {naiveBroken && <p className="gpt-error">{t.naive_note}</p>}
    </div>
  );
}

function BeamView({
  beams,
  vocab,
}: {
  beams: { history: BeamStep[]; best: { tokens: number[]; score: number } };
  vocab: string[];
}) {
  const say = (ts: number[]) => ts.map((x) => show(vocab[x])).join('');
  return (
    <ol className="gpt-beams" data-testid="beams">
      {beams.history.map((h, s) => (
        <li key={s}>
          {h.beams.map((b, i) => (
            <span key={i} className={i === 0 ? 'gpt-beam best' : 'gpt-beam'}>
              {say(b.tokens)} <small>{b.score.toFixed(2)}</small>
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}

function InsideView({
  ins,
  vocab,
  lh,
  setLh,
  t,
}: {
  ins: Inspection;
  vocab: string[];
  lh: [number, number];
  setLh: (v: [number, number]) => void;
  t: (typeof texts)['ja'];
}) {
  const labels = ins.tokens.map((id) => vocab[id]);
  const [l, h] = lh;
  const T = ins.tokens.length;
  const norms = ins.residualNorms.map((n) => n[T - 1]);
  const maxNorm = Math.max(...norms);
  return (
    <div className="gpt-inside" data-testid="inside">
      <div className="gpt-row">
        <label>
          {t.layer}{' '}
          <select
            value={l}
            onChange={(e) => setLh([Number(e.target.value), h])}
            data-testid="inside-layer"
          >
            {ins.attention.map((_, i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.head}{' '}
          <select
            value={h}
            onChange={(e) => setLh([l, Number(e.target.value)])}
            data-testid="inside-head"
          >
            {ins.attention[0].map((_, i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p>{t.attention}</p>
      <AttentionMap weights={ins.attention[l][h]} labels={labels} />
      <h3>{t.resid}</h3>
      <table className="gpt-table" data-testid="resid">
        <tbody>
          {norms.map((n, i) => (
            <tr key={i}>
              <td>{i === 0 ? t.embed : `${t.layer} ${i - 1}`}</td>
              <td>{n.toFixed(3)}</td>
              <td>
                <span className="gpt-bar" style={{ width: `${(100 * n) / maxNorm}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t.next}</h3>
      <p data-testid="next">
        {ins.next.map((x) => `${show(vocab[x.id])} ${(100 * x.p).toFixed(1)}%`).join(' · ')}
      </p>
      <h3>{t.lens}</h3>
      <table className="gpt-table" data-testid="lens">
        <tbody>
          {ins.lens.map((row, i) => (
            <tr key={i}>
              <td>{i === 0 ? t.embed : `${t.layer} ${i - 1}`}</td>
              {row.map((x) => (
                <td key={x.id}>
                  {show(vocab[x.id])} {(100 * x.p).toFixed(1)}%
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
