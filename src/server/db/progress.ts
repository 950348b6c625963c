// Reads and writes a learner's progress: the current status, its history, and sub-concept checks.
import type { Db } from './open.ts';
import type { ProgressDto, ProgressUpdate } from '../../shared/api.ts';
import type { Status } from '../../shared/progress.ts';

/** The single learner of the embedded, account-less mode. Team mode will add real ids. */
export const LOCAL_LEARNER = 'local';

function emptyProgress(conceptId: string): ProgressDto {
  return { conceptId, status: 'not_started', changedAt: null, startedAt: null, completedAt: null, subconcepts: {}, history: [] };
}

/** Every concept's progress that has ever been touched, keyed by concept id. */
export async function listProgress(db: Db, learner = LOCAL_LEARNER): Promise<Map<string, ProgressDto>> {
  const [rows, events, checks] = await Promise.all([
    db.selectFrom('progress').selectAll().where('learner_id', '=', learner).execute(),
    db.selectFrom('progress_event').selectAll().where('learner_id', '=', learner).orderBy('id').execute(),
    db.selectFrom('subconcept_check').selectAll().where('learner_id', '=', learner).execute(),
  ]);
  const out = new Map<string, ProgressDto>();
  const get = (id: string) => {
    let p = out.get(id);
    if (!p) out.set(id, (p = emptyProgress(id)));
    return p;
  };
  for (const r of rows) {
    Object.assign(get(r.concept_id), {
      status: r.status,
      changedAt: r.changed_at,
      startedAt: r.started_at,
      completedAt: r.completed_at,
    });
  }
  for (const e of events) get(e.concept_id).history.push({ status: e.status, at: e.at });
  for (const c of checks) get(c.concept_id).subconcepts[c.subconcept_id] = c.checked_at;
  return out;
}

export async function getProgress(db: Db, conceptId: string, learner = LOCAL_LEARNER): Promise<ProgressDto> {
  const [row, events, checks] = await Promise.all([
    db.selectFrom('progress').selectAll().where('learner_id', '=', learner).where('concept_id', '=', conceptId).executeTakeFirst(),
    db.selectFrom('progress_event').selectAll().where('learner_id', '=', learner).where('concept_id', '=', conceptId).orderBy('id').execute(),
    db.selectFrom('subconcept_check').selectAll().where('learner_id', '=', learner).where('concept_id', '=', conceptId).execute(),
  ]);
  const p = emptyProgress(conceptId);
  if (row) {
    p.status = row.status;
    p.changedAt = row.changed_at;
    p.startedAt = row.started_at;
    p.completedAt = row.completed_at;
  }
  p.history = events.map((e) => ({ status: e.status, at: e.at }));
  for (const c of checks) p.subconcepts[c.subconcept_id] = c.checked_at;
  return p;
}

/**
 * Applies a status change and sub-concept checks in one transaction. Setting the status it already
 * has changes no dates. startedAt is kept from the first start; completedAt is set on done and
 * cleared when the concept leaves done.
 */
export async function updateProgress(
  db: Db,
  conceptId: string,
  update: ProgressUpdate,
  now: Date = new Date(),
  learner = LOCAL_LEARNER,
): Promise<ProgressDto> {
  const at = now.toISOString();
  await db.transaction().execute(async (tx) => {
    if (update.status !== undefined) {
      const status: Status = update.status;
      const row = await tx
        .selectFrom('progress')
        .selectAll()
        .where('learner_id', '=', learner)
        .where('concept_id', '=', conceptId)
        .executeTakeFirst();
      if (row?.status !== status && !(row === undefined && status === 'not_started')) {
        const started = status === 'in_progress' || status === 'done' ? (row?.started_at ?? at) : (row?.started_at ?? null);
        const completed = status === 'done' ? at : null;
        await tx
          .insertInto('progress')
          .values({ learner_id: learner, concept_id: conceptId, status, changed_at: at, started_at: started, completed_at: completed })
          .onConflict((oc) =>
            oc.columns(['learner_id', 'concept_id']).doUpdateSet({ status, changed_at: at, started_at: started, completed_at: completed }),
          )
          .execute();
        await tx.insertInto('progress_event').values({ id: undefined, learner_id: learner, concept_id: conceptId, status, at }).execute();
      }
    }
    for (const [subId, checked] of Object.entries(update.subconcepts ?? {})) {
      if (checked) {
        await tx
          .insertInto('subconcept_check')
          .values({ learner_id: learner, concept_id: conceptId, subconcept_id: subId, checked_at: at })
          .onConflict((oc) => oc.columns(['learner_id', 'concept_id', 'subconcept_id']).doNothing())
          .execute();
      } else {
        await tx
          .deleteFrom('subconcept_check')
          .where('learner_id', '=', learner)
          .where('concept_id', '=', conceptId)
          .where('subconcept_id', '=', subId)
          .execute();
      }
    }
  });
  return getProgress(db, conceptId, learner);
}
