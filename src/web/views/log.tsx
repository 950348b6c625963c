// Learning log: the day's entry in seed 002's template (autosaved, with a local draft), the
// streak, a heat map of minutes, weekly totals against the plan, past entries, and export/import
// of the log (Markdown) and of everything (JSON).
import { useRef, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import type { BackupDto, LogEntryDto, LogEntryInput, LogStatsDto } from '../../shared/api.ts';
import { ApiFailure, api, localDay, type ConceptListItem } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { Loaded } from '../components/states.tsx';
import { useDocumentTitle } from '../components/document-title.ts';
import { clearDraft, useAutosave } from '../components/autosave.ts';
import { MarkdownEditor, SaveStatus } from '../components/markdown-editor.tsx';
import { ConceptPicker } from '../components/concept-picker.tsx';
import { Markdown } from '../components/markdown.tsx';
import { addDays, formatLongDay, formatDay, weekdayIndex } from '../components/dates.ts';
import { HeatMap } from './heatmap.tsx';
import { formatMinutes } from './log-format.ts';

const FIELDS = ['learned', 'implemented', 'blockers', 'next'] as const;
type Entry = Required<LogEntryInput>;
const EMPTY: Entry = {
  minutes: 0,
  learned: '',
  implemented: '',
  blockers: '',
  next: '',
  concepts: [],
};
const HEAT_DAYS = 182;
const WEEKS_SHOWN = 8;

const toInput = (e: LogEntryDto | undefined): Entry =>
  e
    ? {
        minutes: e.minutes,
        learned: e.learned,
        implemented: e.implemented,
        blockers: e.blockers,
        next: e.next,
        concepts: e.concepts,
      }
    : EMPTY;
const sameEntry = (a: Entry, b: Entry) => JSON.stringify(a) === JSON.stringify(b);
const isEmpty = (e: Entry) => sameEntry(e, EMPTY);

interface Target {
  roadmapId: string;
  title: { ja: string; en: string };
  minutes: number;
  saved: boolean;
}

export function LogPage() {
  const { t, lang } = useLocale();
  useDocumentTitle(t('log.title'));
  const today = localDay();
  const from = addDays(today, -HEAT_DAYS);
  const [base, baseCtl] = useApi('log-page', async (s) => {
    const [entries, concepts, roadmaps] = await Promise.all([
      api.log(s),
      api.concepts(s),
      api.roadmaps(s),
    ]);
    // The weekly target: the first roadmap with a saved plan, else the shortest roadmap's default.
    const sorted = [...roadmaps].sort((a, b) => a.weeks - b.weeks);
    const plans = await Promise.all(sorted.map((r) => api.plan(r.id, s).catch(() => null)));
    const i = Math.max(
      0,
      plans.findIndex((p) => p?.saved),
    );
    const plan = plans[i];
    const target: Target | null =
      plan && sorted[i]
        ? {
            roadmapId: sorted[i].id,
            title: sorted[i].title,
            minutes: plan.settings.hoursPerWeek * 60,
            saved: plan.saved,
          }
        : null;
    return { entries, concepts, target };
  });
  const [statsVersion, setStatsVersion] = useState(0);
  const [stats, statsCtl] = useApi(`log-stats:${statsVersion}`, (s) =>
    api.logStats(today, from, null, s),
  );
  const [date, setDate] = useState(today);
  const formRef = useRef<HTMLHeadingElement>(null);

  const refresh = () => setStatsVersion((v) => v + 1);

  return (
    <div className="log-page">
      <header className="page-header">
        <h1>{t('log.title')}</h1>
        <p className="description">{t('log.intro')}</p>
      </header>
      <Loaded result={base} retry={baseCtl.reload}>
        {({ entries, concepts, target }) => {
          const entry = entries.find((e) => e.date === date);
          return (
            <div className="log-layout">
              <section aria-labelledby="entry-title" className="card log-entry-card">
                <h2 id="entry-title" ref={formRef} tabIndex={-1}>
                  {date === today
                    ? t('log.todayTitle')
                    : t('log.dayTitle', { date: formatLongDay(lang, date) })}
                </h2>
                <EntryForm
                  key={date}
                  date={date}
                  today={today}
                  existing={entry}
                  concepts={concepts}
                  onDate={setDate}
                  onSaved={(saved) => {
                    baseCtl.setData((d) => ({
                      ...d,
                      entries: [...d.entries.filter((e) => e.date !== saved.date), saved].sort(
                        (a, b) => a.date.localeCompare(b.date),
                      ),
                    }));
                    refresh();
                  }}
                />
              </section>

              <aside className="log-side">
                <Loaded result={stats} retry={statsCtl.reload}>
                  {(st) => <StatsPanel stats={st} from={from} target={target} />}
                </Loaded>
              </aside>

              <PastEntries
                entries={entries}
                concepts={concepts}
                editing={date}
                onEdit={(d) => {
                  setDate(d);
                  formRef.current?.scrollIntoView({ block: 'start' });
                  formRef.current?.focus({ preventScroll: true });
                }}
                onDeleted={(d) => {
                  clearDraft(`log.${d}`);
                  baseCtl.setData((x) => ({
                    ...x,
                    entries: x.entries.filter((e) => e.date !== d),
                  }));
                  refresh();
                }}
              />

              <DataTools
                onImported={() => {
                  baseCtl.reload();
                  refresh();
                }}
              />
            </div>
          );
        }}
      </Loaded>
    </div>
  );
}

function EntryForm({
  date,
  today,
  existing,
  concepts,
  onDate,
  onSaved,
}: {
  date: string;
  today: string;
  existing: LogEntryDto | undefined;
  concepts: ConceptListItem[];
  onDate: (d: string) => void;
  onSaved: (e: LogEntryDto) => void;
}) {
  const { t } = useLocale();
  const hasEntry = useRef(Boolean(existing));
  const entry = useAutosave<Entry>({
    draftKey: `log.${date}`,
    initial: toInput(existing),
    same: sameEntry,
    save: async (v) => {
      // An untouched empty day is not an entry.
      if (isEmpty(v) && !hasEntry.current) return;
      const saved = await api.saveLog(date, v);
      hasEntry.current = true;
      onSaved(saved);
    },
  });
  const v = entry.value;
  const set = <K extends keyof Entry>(key: K, value: Entry[K]) =>
    entry.set((prev) => ({ ...prev, [key]: value }));

  return (
    <form
      className="log-form"
      onSubmit={(e) => {
        e.preventDefault();
        entry.flush();
      }}
      data-testid="log-form"
    >
      <div className="form-row">
        <label className="field">
          <span>{t('log.date')}</span>
          <input
            type="date"
            value={date}
            max={today}
            onChange={(e) => e.target.value && onDate(e.target.value)}
            name="date"
          />
        </label>
        <label className="field">
          <span>{t('log.minutes')}</span>
          <input
            type="number"
            min={0}
            max={1440}
            step={5}
            inputMode="numeric"
            name="minutes"
            value={v.minutes === 0 ? '' : v.minutes}
            placeholder="0"
            onChange={(e) =>
              set('minutes', Math.max(0, Math.min(1440, Math.round(Number(e.target.value) || 0))))
            }
            onBlur={entry.flush}
          />
        </label>
        <div className="quick-add" role="group" aria-label={t('log.quickAdd')}>
          {[15, 30, 60].map((m) => (
            <button
              key={m}
              type="button"
              className="button"
              onClick={() => set('minutes', Math.min(1440, v.minutes + m))}
            >
              {t('log.plus', { m })}
            </button>
          ))}
        </div>
      </div>
      {FIELDS.map((f) => (
        <MarkdownEditor
          key={f}
          name={f}
          label={t(`log.field.${f}`)}
          placeholder={t(`log.placeholder.${f}`)}
          value={v[f]}
          onChange={(text) => set(f, text)}
          onBlur={entry.flush}
          rows={f === 'next' ? 2 : 4}
        />
      ))}
      {v.blockers.trim() && (
        <p className="stuck-help" data-testid="stuck-help">
          {t('log.stuckHelp')} <Link to="/guides/stuck-checklists">{t('log.stuckLink')}</Link>
          {' ・ '}
          <Link to="/guides/common-errors">{t('log.errorsLink')}</Link>
        </p>
      )}
      <ConceptPicker
        label={t('log.concepts')}
        concepts={concepts}
        value={v.concepts}
        onChange={(ids) => set('concepts', ids)}
      />
      <div className="form-actions">
        <SaveStatus status={entry.status} error={entry.error} testId="log-save-state" />
        <span className="hint">{t('log.autosaveHint')}</span>
      </div>
    </form>
  );
}

function StatsPanel({
  stats,
  from,
  target,
}: {
  stats: LogStatsDto;
  from: string;
  target: Target | null;
}) {
  const { t, l, lang } = useLocale();
  const s = stats.streak;
  // The last WEEKS_SHOWN Monday-start weeks, with 0 for weeks without entries.
  const thisMonday = addDays(stats.today, -weekdayIndex(stats.today));
  const byWeek = new Map(stats.weeks.map((w) => [w.weekStart, w]));
  const weeks = Array.from({ length: WEEKS_SHOWN }, (_, i) =>
    addDays(thisMonday, -7 * (WEEKS_SHOWN - 1 - i)),
  ).map((ws) => ({
    weekStart: ws,
    minutes: byWeek.get(ws)?.minutes ?? 0,
    days: byWeek.get(ws)?.days ?? 0,
  }));
  const maxMinutes = Math.max(target?.minutes ?? 0, ...weeks.map((w) => w.minutes), 60);

  return (
    <>
      <section aria-labelledby="streak-title" className="card streak-card">
        <h2 id="streak-title">{t('log.streak')}</h2>
        <p className="streak-number" data-testid="streak">
          <strong data-testid="streak-count">{s.current}</strong>
          <span>{t('log.days')}</span>
        </p>
        <p className="hint">{t('log.longest', { n: s.longest })}</p>
        <p className="encourage">
          {s.current > 0 ? t('log.keepGoing', { n: s.current }) : t('log.startToday')}
        </p>
      </section>

      <section aria-labelledby="heatmap-title" className="card">
        <h2 id="heatmap-title">{t('log.heatmap')}</h2>
        <HeatMap stats={stats} from={from} />
      </section>

      <section aria-labelledby="weekly-title" className="card weekly-card">
        <h2 id="weekly-title">{t('log.weekly')}</h2>
        {target && (
          <p className="hint">
            {target.saved
              ? t('log.targetPlan', { hours: target.minutes / 60, title: l(target.title) })
              : t('log.targetDefault', { hours: target.minutes / 60, title: l(target.title) })}{' '}
            <Link to={`/roadmaps/${target.roadmapId}/plan`}>{t('log.toPlan')}</Link>
          </p>
        )}
        <ul className="weekly-bars" data-testid="weekly-totals">
          {weeks.map((w) => {
            const reached = target ? w.minutes >= target.minutes : false;
            return (
              <li key={w.weekStart} className={reached ? 'reached' : undefined}>
                <span className="weekly-label">
                  {t('log.weekOf', {
                    date: formatDay(lang, w.weekStart, { month: 'numeric', day: 'numeric' }),
                  })}
                </span>
                <span className="weekly-bar" aria-hidden="true">
                  <span
                    className="weekly-fill"
                    style={{ width: `${(100 * w.minutes) / maxMinutes}%` }}
                  />
                  {target && (
                    <span
                      className="weekly-target"
                      style={{ left: `${(100 * target.minutes) / maxMinutes}%` }}
                    />
                  )}
                </span>
                <span className="weekly-value">
                  {formatMinutes(t, w.minutes)}
                  {target && (
                    <span className="visually-hidden">
                      {t('log.ofTarget', { target: formatMinutes(t, target.minutes) })}
                    </span>
                  )}
                  {reached && <span className="reached-mark"> {t('log.reached')}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}

function PastEntries({
  entries,
  concepts,
  editing,
  onEdit,
  onDeleted,
}: {
  entries: LogEntryDto[];
  concepts: ConceptListItem[];
  editing: string;
  onEdit: (date: string) => void;
  onDeleted: (date: string) => void;
}) {
  const { t, l, lang } = useLocale();
  const titles = new Map(concepts.map((c) => [c.id, l(c.title)]));
  const [error, setError] = useState<string | null>(null);
  const sorted = [...entries].sort((a, b) => b.date.localeCompare(a.date));
  const remove = async (date: string) => {
    if (!window.confirm(t('log.confirmDelete', { date: formatLongDay(lang, date) }))) return;
    try {
      await api.deleteLog(date);
      setError(null);
      onDeleted(date);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : String(err));
    }
  };
  return (
    <section aria-labelledby="past-title" className="past-entries">
      <h2 id="past-title">{t('log.past')}</h2>
      {error && (
        <p className="error-text" role="alert">
          {t('log.deleteFailed', { message: error })}
        </p>
      )}
      {sorted.length === 0 ? (
        <p className="empty">{t('log.pastEmpty')}</p>
      ) : (
        <ol className="entry-list" data-testid="entry-list">
          {sorted.map((e) => (
            <li
              key={e.date}
              className={`card entry${e.date === editing ? ' editing' : ''}`}
              data-date={e.date}
            >
              <details>
                <summary>
                  <span className="entry-date">{formatLongDay(lang, e.date)}</span>
                  <span className="entry-minutes">{formatMinutes(t, e.minutes)}</span>
                  {e.concepts.length > 0 && (
                    <span className="entry-concepts">
                      {e.concepts.map((c) => titles.get(c) ?? c).join('、')}
                    </span>
                  )}
                </summary>
                {FIELDS.filter((f) => e[f].trim()).map((f) => (
                  <div key={f} className="entry-field">
                    <h3>{t(`log.field.${f}`)}</h3>
                    <Markdown source={e[f]} />
                  </div>
                ))}
              </details>
              <div className="entry-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => onEdit(e.date)}
                  aria-label={t('log.editLabel', { date: formatLongDay(lang, e.date) })}
                >
                  {t('log.edit')}
                </button>
                <button
                  type="button"
                  className="button danger"
                  onClick={() => void remove(e.date)}
                  aria-label={t('log.deleteLabel', { date: formatLongDay(lang, e.date) })}
                >
                  {t('log.delete')}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function DataTools({ onImported }: { onImported: () => void }) {
  const { t, lang } = useLocale();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const readFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    return file ? file.text() : Promise.resolve(null);
  };
  const fail = (err: unknown) =>
    setMessage({
      ok: false,
      text: t('log.importFailed', {
        message: err instanceof ApiFailure ? err.message : String(err),
      }),
    });

  const importMarkdown = async (e: ChangeEvent<HTMLInputElement>) => {
    const text = await readFile(e);
    if (text === null) return;
    try {
      const r = await api.importLog(text);
      setMessage({ ok: true, text: t('log.importedLog', { ...r }) });
      onImported();
    } catch (err) {
      fail(err);
    }
  };
  const importAll = async (e: ChangeEvent<HTMLInputElement>) => {
    const text = await readFile(e);
    if (text === null) return;
    let backup: BackupDto;
    try {
      backup = JSON.parse(text) as BackupDto;
    } catch {
      setMessage({ ok: false, text: t('log.notJson') });
      return;
    }
    if (!window.confirm(t('log.confirmReplace'))) return;
    try {
      const r = await api.importAll(backup);
      const rows = Object.values(r.tables).reduce((a, n) => a + n, 0);
      setMessage({ ok: true, text: t('log.importedAll', { rows }) });
      onImported();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <section aria-labelledby="data-title" className="card data-tools">
      <h2 id="data-title">{t('log.data')}</h2>
      <div className="data-group">
        <h3>{t('log.logData')}</h3>
        <p className="hint">{t('log.logDataHint')}</p>
        <a className="button" href={api.logExportUrl(lang)} download data-testid="export-md">
          {t('log.exportMd')}
        </a>{' '}
        <label className="button file-button">
          {t('log.importMd')}
          <input
            type="file"
            accept=".md,text/markdown,text/plain"
            className="visually-hidden"
            onChange={(e) => void importMarkdown(e)}
            data-testid="import-md"
          />
        </label>
      </div>
      <div className="data-group">
        <h3>{t('log.allData')}</h3>
        <p className="hint">{t('log.allDataHint')}</p>
        <a className="button" href={api.exportAllUrl()} download data-testid="export-all">
          {t('log.exportAll')}
        </a>{' '}
        <label className="button file-button danger">
          {t('log.importAll')}
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            onChange={(e) => void importAll(e)}
            data-testid="import-all"
          />
        </label>
      </div>
      {message && (
        <p className={message.ok ? 'ok-text' : 'error-text'} role="status" aria-live="polite">
          {message.text}
        </p>
      )}
    </section>
  );
}
