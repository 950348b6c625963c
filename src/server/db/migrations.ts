// Schema migrations, in order. Never edit a migration that has shipped; add a new one.
import { sql, type Kysely, type Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0001_progress': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('progress')
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('concept_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('completed_at', 'text')
        .addPrimaryKeyConstraint('progress_pk', ['learner_id', 'concept_id'])
        .execute();
      await db.schema
        .createTable('progress_event')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('concept_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('progress_event_by_concept')
        .on('progress_event')
        .columns(['learner_id', 'concept_id'])
        .execute();
      await db.schema
        .createTable('subconcept_check')
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('concept_id', 'text', (c) => c.notNull())
        .addColumn('subconcept_id', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('subconcept_check_pk', ['learner_id', 'concept_id', 'subconcept_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table subconcept_check`.execute(db);
      await sql`drop table progress_event`.execute(db);
      await sql`drop table progress`.execute(db);
    },
  },
};
