// Plan page: weekly hours and study days in, the week-by-week schedule out (re-planned from
// progress and the log), optimistic and pessimistic finish, milestones in their weeks, the
// burndown chart, a kind banner when behind, and the plan as an .ics calendar.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { RoadmapDto } from '../../shared/api.ts';
import {
  ApiFailure,
  DAY_NAMES,
  api,
  type ConceptListItem,
  type DayName,
  type PlanDto,
  type PlanWeek,
} from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { Loaded } from '../components/states.tsx';
import { formatHours } from '../components/badges.tsx';
import { useDocumentTitle } from '../components/document-title.ts';
import { formatDay, formatLongDay, addDays } from '../components/dates.ts';
import { BurndownChart } from './burndown.tsx';

export function PlanPage() {
  const { id = '' } = useParams();
  const { t } = useLocale();
  const [data, ctl] = useApi(`plan:${id}`, (s) =>
    Promise.all([api.roadmap(id, s), api.plan(id, s), api.concepts(s)]),
  );
  return (
    <Loaded result={data} retry={ctl.reload} notFound={t('notFound.roadmap', { id })}>
      {([roadmap, plan, concepts]) => (
        <PlanView
          roadmap={roadmap}
          plan={plan}
          concepts={concepts}
          onPlan={(next) => ctl.setData(([r, , c]) => [r, next, c])}
        />
      )}
    </Loaded>
  );
}

function PlanView({
  roadmap: r,
  plan,
  concepts,
  onPlan,
}: {
  roadmap: RoadmapDto;
  plan: PlanDto;
  concepts: ConceptListItem[];
  onPlan: (p: PlanDto) => void;
}) {
  const { t, l, lang } = useLocale();
  useDocumentTitle(t('plan.title', { title: l(r.title) }));
  const titles = new Map(concepts.map((c) => [c.id, l(c.title)]));
  const milestoneTitle = (id: string) => {
    const m = r.milestones.find((x) => x.id === id);
    return m ? l(m.title) : id;
  };
  const current = plan.current;
  // The re-planned weeks count from the current week; show them in the original numbering.
  const offset = current.weeks.length
    ? Math.max(0, Math.round(daysBetween(plan.settings.start, current.weeks[0].start) / 7))
    : 0;

  return (
    <article className="plan" data-roadmap={r.id}>
      <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('nav.home')}</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/roadmaps/${r.id}`}>{l(r.title)}</Link> <span aria-hidden="true">›</span>{' '}
        <span>{t('plan.crumb')}</span>
      </nav>
      <header className="page-header">
        <h1>{t('plan.title', { title: l(r.title) })}</h1>
        <p className="description">{t('plan.intro')}</p>
      </header>

      <PlanForm roadmap={r} plan={plan} onPlan={onPlan} />

      {plan.hoursBehind > 0 && (
        <aside
          className="behind-banner"
          role="note"
          data-testid="behind-banner"
          aria-labelledby="behind-title"
        >
          <h2 id="behind-title">{t('plan.behindTitle')}</h2>
          <p>{t('plan.behindBody', { hours: round1(plan.hoursBehind) })}</p>
          {plan.suggestions.length > 0 && (
            <>
              <p>{t('plan.suggestIntro')}</p>
              <ul className="suggestions">
                {plan.suggestions.map((s) => (
                  <li key={s.conceptId}>
                    <Link to={`/concepts/${s.conceptId}`}>
                      {titles.get(s.conceptId) ?? s.conceptId}
                    </Link>{' '}
                    <span className="meta-inline">
                      {t('common.importance', { n: s.importance })}・
                      {t('plan.hours', { n: round1(s.hours) })}
                    </span>
                  </li>
                ))}
              </ul>
              <p className="hint">{t('plan.suggestHint')}</p>
            </>
          )}
        </aside>
      )}

      <section aria-labelledby="finish-title" className="plan-summary card">
        <h2 id="finish-title">{t('plan.finishTitle')}</h2>
        <dl className="finish">
          <div>
            <dt>{t('plan.optimistic')}</dt>
            <dd data-testid="optimistic-finish">
              {formatLongDay(lang, current.optimistic_finish)}
            </dd>
          </div>
          <div>
            <dt>{t('plan.pessimistic')}</dt>
            <dd data-testid="pessimistic-finish">
              {formatLongDay(lang, current.pessimistic_finish)}
            </dd>
          </div>
          <div>
            <dt>{t('plan.weeksLeft')}</dt>
            <dd data-testid="plan-weeks">{t('common.weeks', { n: current.weeks.length })}</dd>
          </div>
        </dl>
        <p className="hint">{t('plan.finishHint')}</p>
        {plan.saved && (plan.settings.days?.length ?? 0) > 0 ? (
          <p>
            <a
              className="button"
              href={api.planIcsUrl(r.id, lang)}
              download={`shirube-${r.id}.ics`}
              data-testid="ics-link"
            >
              {t('plan.ics')}
            </a>{' '}
            <span className="hint">{t('plan.icsHint')}</span>
          </p>
        ) : (
          <p className="hint">{t('plan.icsNeedsSave')}</p>
        )}
      </section>

      <section aria-labelledby="schedule-title" className="schedule">
        <h2 id="schedule-title">{t('plan.schedule')}</h2>
        {current.weeks.length === 0 ? (
          <p className="empty">{t('plan.allDone')}</p>
        ) : (
          <ol className="plan-weeks" data-testid="plan-weeks-list">
            {current.weeks.map((w, i) => (
              <WeekCard
                key={w.week}
                week={w}
                weeks={current.weeks}
                index={i}
                offset={offset}
                today={plan.today}
                showDays={(plan.settings.days?.length ?? 7) < 7}
                titles={titles}
                milestones={current.milestones
                  .filter((m) => m.week === w.week)
                  .map((m) => milestoneTitle(m.id))}
              />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="burndown-title" className="burndown">
        <h2 id="burndown-title">{t('plan.burndown')}</h2>
        <p className="hint">{t('plan.burndownHint')}</p>
        <BurndownChart
          points={plan.burndown}
          total={plan.original.weeks.reduce((a, w) => a + w.hours, 0)}
          currentWeek={plan.currentWeek}
        />
      </section>
    </article>
  );
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const daysBetween = (a: string, b: string) =>
  (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

function PlanForm({
  roadmap: r,
  plan,
  onPlan,
}: {
  roadmap: RoadmapDto;
  plan: PlanDto;
  onPlan: (p: PlanDto) => void;
}) {
  const { t } = useLocale();
  const [start, setStart] = useState(plan.settings.start);
  const [hours, setHours] = useState(String(plan.settings.hoursPerWeek));
  const [days, setDays] = useState<Set<DayName>>(() => {
    const saved = (plan.settings.days ?? []).filter((d): d is DayName =>
      DAY_NAMES.includes(d as DayName),
    );
    // Every day is how "no day chosen" is saved; show it as no box ticked.
    return new Set(saved.length === DAY_NAMES.length ? [] : saved);
  });
  const [state, setState] = useState<
    { s: 'idle' | 'saving' | 'saved' } | { s: 'failed'; message: string }
  >({
    s: 'idle',
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const h = Number(hours);
    if (!Number.isFinite(h) || h <= 0) {
      setState({ s: 'failed', message: t('plan.hoursInvalid') });
      return;
    }
    setState({ s: 'saving' });
    try {
      const next = await api.savePlan(r.id, {
        start,
        hoursPerWeek: h,
        // No day ticked means every day (the calendar export needs study days).
        days: days.size ? DAY_NAMES.filter((d) => days.has(d)) : DAY_NAMES,
      });
      onPlan(next);
      setState({ s: 'saved' });
    } catch (err) {
      setState({ s: 'failed', message: err instanceof ApiFailure ? err.message : String(err) });
    }
  };

  return (
    <form className="card plan-form" onSubmit={(e) => void submit(e)} data-testid="plan-form">
      <h2>{t('plan.settings')}</h2>
      {!plan.saved && <p className="hint">{t('plan.notSaved')}</p>}
      <div className="form-row">
        <label className="field">
          <span>{t('plan.start')}</span>
          <input
            type="date"
            required
            value={start}
            onChange={(e) => setStart(e.target.value)}
            name="start"
          />
        </label>
        <label className="field">
          <span>{t('plan.hoursPerWeek')}</span>
          <input
            type="number"
            min={0.5}
            max={168}
            step={0.5}
            required
            inputMode="decimal"
            value={hours}
            onChange={(e) => setHours(e.target.value)}
            name="hoursPerWeek"
            aria-describedby="hours-hint"
          />
        </label>
      </div>
      <p className="hint" id="hours-hint">
        {t('plan.hoursHint', { recommended: formatHours(t, r.weeklyHours.recommended) })}
        {r.weeklyHours.minimum &&
          t('plan.hoursHintMin', { minimum: formatHours(t, r.weeklyHours.minimum) })}
      </p>
      <fieldset className="days">
        <legend>{t('plan.days')}</legend>
        <p className="hint">{t('plan.daysHint')}</p>
        <div className="day-boxes">
          {DAY_NAMES.map((d) => (
            <label key={d} className="day-box">
              <input
                type="checkbox"
                name="days"
                value={d}
                checked={days.has(d)}
                onChange={(e) =>
                  setDays((prev) => {
                    const next = new Set(prev);
                    if (e.target.checked) next.add(d);
                    else next.delete(d);
                    return next;
                  })
                }
              />
              <span>{t(`days.${d}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={state.s === 'saving'}>
          {t('plan.save')}
        </button>
        <span className="save-state" role="status" aria-live="polite" data-testid="plan-save-state">
          {state.s === 'saving' && t('editor.saving')}
          {state.s === 'saved' && t('plan.saved')}
          {state.s === 'failed' && (
            <span className="error-text">{t('error.saveFailed', { message: state.message })}</span>
          )}
        </span>
      </div>
    </form>
  );
}

function WeekCard({
  week: w,
  weeks,
  index,
  offset,
  today,
  showDays,
  titles,
  milestones,
}: {
  week: PlanWeek;
  weeks: PlanWeek[];
  index: number;
  offset: number;
  today: string;
  showDays: boolean;
  titles: Map<string, string>;
  milestones: string[];
}) {
  const { t, lang } = useLocale();
  const end = addDays(w.start, 6);
  const isNow = today >= w.start && today <= end;
  const before = new Set(
    weeks
      .slice(0, index)
      .flatMap((x) => x.items.filter((i) => i.hours > 0).map((i) => i.conceptId)),
  );
  const after = new Set(
    weeks
      .slice(index + 1)
      .flatMap((x) => x.items.filter((i) => i.hours > 0).map((i) => i.conceptId)),
  );
  // Items of 0 hours are sub-concepts learned inside the item before them.
  const rows: { id: string; hours: number; inside: string[]; days?: string[] }[] = [];
  for (const item of w.items) {
    if (item.hours === 0 && rows.length > 0) rows[rows.length - 1].inside.push(item.conceptId);
    else
      rows.push({
        id: item.conceptId,
        hours: item.hours,
        inside: [],
        days: item.days?.map((d) => d.day),
      });
  }
  return (
    <li
      className={`card plan-week${isNow ? ' current' : ''}`}
      data-week={w.week}
      aria-current={isNow ? 'date' : undefined}
    >
      <h3>
        {t('common.week', { n: w.week + offset })}{' '}
        <span className="week-dates">
          {formatDay(lang, w.start)} – {formatDay(lang, end)}
        </span>
        {isNow && <span className="tag now-tag">{t('plan.thisWeek')}</span>}
        <span className="week-hours">{t('plan.hours', { n: round1(w.hours) })}</span>
      </h3>
      <ul className="plan-items">
        {rows.map((row) => (
          <li key={row.id} data-concept={row.id}>
            <Link to={`/concepts/${row.id}`}>{titles.get(row.id) ?? row.id}</Link>{' '}
            {row.hours > 0 && (
              <span className="item-hours">{t('plan.hours', { n: round1(row.hours) })}</span>
            )}
            {before.has(row.id) && <span className="tag continued">{t('plan.continued')}</span>}
            {after.has(row.id) && <span className="tag continues">{t('plan.continues')}</span>}
            {showDays && row.days && row.days.length > 0 && (
              <span className="item-days">{row.days.map((d) => t(`days.${d}`)).join('・')}</span>
            )}
            {row.inside.length > 0 && (
              <p className="inside">
                {t('plan.inside')}{' '}
                {row.inside.map((id, i) => (
                  <span key={id}>
                    {i > 0 && '、'}
                    <Link to={`/concepts/${id}`}>{titles.get(id) ?? id}</Link>
                  </span>
                ))}
              </p>
            )}
          </li>
        ))}
      </ul>
      {milestones.map((m) => (
        <p key={m} className="plan-milestone" data-testid="plan-milestone">
          <span aria-hidden="true">◆ </span>
          {t('plan.milestone', { title: m })}
        </p>
      ))}
    </li>
  );
}
