// The roadmap's milestones as checklists: each deliverable and condition is a checkbox with a link
// to the learner's work (repository, slides) and a 完了日. Every change is saved at once
// (PUT /api/milestones/:roadmap/:milestone/:item); the link on blur or Enter.
import { useId, useState } from 'react';
import type {
  MilestoneChecklistDto,
  MilestoneDto,
  MilestoneItemDto,
  MilestoneItemUpdate,
  RoadmapConceptDto,
} from '../../shared/api.ts';
import { ApiFailure, api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { ConceptChip } from './roadmap-parts.tsx';

export function MilestoneList({
  roadmapId,
  milestones,
  byId,
}: {
  roadmapId: string;
  milestones: MilestoneDto[];
  byId: Map<string, RoadmapConceptDto>;
}) {
  const { t, l } = useLocale();
  const [checklists, ctl] = useApi(`milestones:${roadmapId}`, (s) => api.milestones(roadmapId, s));
  const lists = new Map(
    checklists.state === 'ok' ? checklists.data.milestones.map((m) => [m.milestoneId, m]) : [],
  );
  const replace = (next: MilestoneChecklistDto) =>
    ctl.setData((prev) => ({
      ...prev,
      milestones: prev.milestones.map((m) => (m.milestoneId === next.milestoneId ? next : m)),
    }));

  return (
    <section aria-labelledby="milestones-title" className="milestones">
      <h2 id="milestones-title">{t('roadmap.milestones')}</h2>
      <p className="hint">{t('milestones.hint')}</p>
      {checklists.state === 'error' && (
        <p className="error-text" role="alert">
          {t('milestones.loadFailed', { message: checklists.error.message })}{' '}
          <button type="button" className="button" onClick={ctl.reload}>
            {t('common.retry')}
          </button>
        </p>
      )}
      <ol className="milestone-list">
        {[...milestones]
          .sort((a, b) => a.week - b.week)
          .map((m) => {
            const list = lists.get(m.id);
            const deliverables = list?.items.filter((i) => i.kind === 'deliverable') ?? [];
            const conditions = list?.items.filter((i) => i.kind === 'condition') ?? [];
            return (
              <li key={m.id} className="card milestone" data-milestone={m.id}>
                <h3>
                  <span className="milestone-week">{t('common.week', { n: m.week })}</span>{' '}
                  {l(m.title)}
                  {list && list.total > 0 && (
                    <span className="count">
                      {' '}
                      {t('milestones.count', { done: list.doneCount, total: list.total })}
                    </span>
                  )}
                </h3>
                {!list && checklists.state === 'loading' && (
                  <p className="hint">{t('common.loading')}</p>
                )}
                {deliverables.length > 0 && (
                  <>
                    <h4>{t('roadmap.deliverables')}</h4>
                    <ul className="milestone-items">
                      {deliverables.map((item) => (
                        <MilestoneItem
                          key={item.id}
                          roadmapId={roadmapId}
                          milestoneId={m.id}
                          item={item}
                          onSaved={replace}
                        />
                      ))}
                    </ul>
                  </>
                )}
                {conditions.length > 0 && (
                  <>
                    <h4>{t('roadmap.conditions')}</h4>
                    <ul className="milestone-items conditions">
                      {conditions.map((item) => (
                        <MilestoneItem
                          key={item.id}
                          roadmapId={roadmapId}
                          milestoneId={m.id}
                          item={item}
                          onSaved={replace}
                        />
                      ))}
                    </ul>
                  </>
                )}
                {m.concepts.length > 0 && (
                  <>
                    <h4>{t('roadmap.milestoneConcepts')}</h4>
                    <ul className="chip-list">
                      {m.concepts.map((cid) => (
                        <li key={cid}>
                          <ConceptChip id={cid} concept={byId.get(cid)} />
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <p className="source-note">{m.source}</p>
              </li>
            );
          })}
      </ol>
    </section>
  );
}

function MilestoneItem({
  roadmapId,
  milestoneId,
  item,
  onSaved,
}: {
  roadmapId: string;
  milestoneId: string;
  item: MilestoneItemDto;
  onSaved: (list: MilestoneChecklistDto) => void;
}) {
  const { t, l } = useLocale();
  const id = useId();
  // null: show the saved link; a string: what the learner is typing.
  const [draft, setLink] = useState<string | null>(null);
  const link = draft ?? item.link ?? '';
  const [state, setState] = useState<
    { s: 'idle' | 'saving' | 'saved' } | { s: 'failed'; message: string }
  >({
    s: 'idle',
  });

  // The box follows the click at once; the server's answer then replaces it.
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  const save = async (update: MilestoneItemUpdate) => {
    setState({ s: 'saving' });
    try {
      onSaved(await api.saveMilestoneItem(roadmapId, milestoneId, item.id, update));
      setOptimistic(null);
      if ('link' in update) setLink(null);
      setState({ s: 'saved' });
    } catch (err) {
      setOptimistic(null);
      setState({ s: 'failed', message: err instanceof ApiFailure ? err.message : String(err) });
    }
  };
  const saveLink = () => {
    const v = link.trim();
    if (v === (item.link ?? '')) {
      setLink(null);
      return;
    }
    if (v && !/^https?:\/\/\S+$/.test(v)) {
      setState({ s: 'failed', message: t('milestones.linkInvalid') });
      return;
    }
    void save({ link: v || null });
  };

  return (
    <li className={`milestone-item${item.done ? ' done' : ''}`} data-item={item.id}>
      <label className="milestone-check">
        <input
          type="checkbox"
          checked={optimistic ?? item.done}
          onChange={(e) => {
            setOptimistic(e.target.checked);
            void save({ done: e.target.checked });
          }}
          data-testid={`item-${item.id}`}
        />
        <span>
          {l(item.title)}
          {item.artifact && (
            <>
              {' '}
              <code>{item.artifact}</code>
            </>
          )}
        </span>
      </label>
      <div className="milestone-fields">
        <label htmlFor={`${id}-link`} className="visually-hidden">
          {t('milestones.linkLabel', { title: l(item.title) })}
        </label>
        <input
          id={`${id}-link`}
          type="url"
          inputMode="url"
          placeholder={t('milestones.linkPlaceholder')}
          value={link}
          onChange={(e) => setLink(e.target.value)}
          onBlur={saveLink}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              saveLink();
            }
          }}
          data-testid={`link-${item.id}`}
        />
        {item.link && /^https?:/.test(item.link) && (
          <a href={item.link} target="_blank" rel="noopener noreferrer" className="open-link">
            {t('milestones.open')}
          </a>
        )}
        <label className="completed-at">
          <span>{t('milestones.completedAt')}</span>
          <input
            type="date"
            value={item.completedAt ?? ''}
            onChange={(e) =>
              void save(e.target.value ? { completedAt: e.target.value } : { done: false })
            }
            data-testid={`date-${item.id}`}
          />
        </label>
        <span className="save-state" role="status" aria-live="polite">
          {state.s === 'saving' && t('editor.saving')}
          {state.s === 'saved' && t('editor.saved')}
          {state.s === 'failed' && (
            <span className="error-text">{t('error.saveFailed', { message: state.message })}</span>
          )}
        </span>
      </div>
    </li>
  );
}
