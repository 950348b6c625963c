// One raw-Markdown note per learner and concept. Stored as written; the web app sanitizes when it
// renders. Saving is idempotent (the same body again changes nothing, not even updatedAt) and the
// last write wins.
import type { Db } from './open.ts';
import { LOCAL_LEARNER } from './progress.ts';
import type { NoteDto } from '../../shared/api.ts';

/** The most UTF-8 bytes a note may have (100 kB). */
export const NOTE_MAX_BYTES = 100_000;

export async function getNote(db: Db, conceptId: string, learner = LOCAL_LEARNER): Promise<NoteDto> {
  const row = await db
    .selectFrom('note')
    .selectAll()
    .where('learner_id', '=', learner)
    .where('concept_id', '=', conceptId)
    .executeTakeFirst();
  return row
    ? { conceptId, body: row.body, createdAt: row.created_at, updatedAt: row.updated_at }
    : { conceptId, body: '', createdAt: null, updatedAt: null };
}

export async function listNotes(db: Db, learner = LOCAL_LEARNER): Promise<NoteDto[]> {
  const rows = await db.selectFrom('note').selectAll().where('learner_id', '=', learner).orderBy('concept_id').execute();
  return rows.map((r) => ({ conceptId: r.concept_id, body: r.body, createdAt: r.created_at, updatedAt: r.updated_at }));
}

export async function putNote(db: Db, conceptId: string, body: string, now: Date = new Date(), learner = LOCAL_LEARNER): Promise<NoteDto> {
  const at = now.toISOString();
  await db
    .insertInto('note')
    .values({ learner_id: learner, concept_id: conceptId, body, created_at: at, updated_at: at })
    // Only a different body moves updatedAt: saving twice is the same as saving once.
    .onConflict((oc) => oc.columns(['learner_id', 'concept_id']).doUpdateSet({ body, updated_at: at }).where('note.body', '!=', body))
    .execute();
  return getNote(db, conceptId, learner);
}

export async function deleteNote(db: Db, conceptId: string, learner = LOCAL_LEARNER): Promise<boolean> {
  const r = await db.deleteFrom('note').where('learner_id', '=', learner).where('concept_id', '=', conceptId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
