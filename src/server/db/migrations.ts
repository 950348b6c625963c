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

  // The learning loop: one log entry per learner and day (002's template fields, Markdown), the
  // concepts it touched, milestone checklists (deliverables and conditions) with a link and a
  // completion date, and one Markdown note per concept. Dates of days are YYYY-MM-DD text.
  '0002_learning_loop': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('log_entry')
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('minutes', 'integer', (c) => c.notNull())
        .addColumn('learned', 'text', (c) => c.notNull())
        .addColumn('implemented', 'text', (c) => c.notNull())
        .addColumn('blockers', 'text', (c) => c.notNull())
        .addColumn('next', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('log_entry_pk', ['learner_id', 'date'])
        .execute();
      await db.schema
        .createTable('log_entry_concept')
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('concept_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('log_entry_concept_pk', ['learner_id', 'date', 'concept_id'])
        .execute();
      await db.schema
        .createIndex('log_entry_concept_by_concept')
        .on('log_entry_concept')
        .columns(['learner_id', 'concept_id'])
        .execute();
      await db.schema
        .createTable('milestone_check')
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('roadmap_id', 'text', (c) => c.notNull())
        .addColumn('milestone_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('completed_on', 'text')
        .addColumn('link', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('milestone_check_pk', ['learner_id', 'roadmap_id', 'milestone_id', 'item_id'])
        .execute();
      await db.schema
        .createTable('note')
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('concept_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('note_pk', ['learner_id', 'concept_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table note`.execute(db);
      await sql`drop table milestone_check`.execute(db);
      await sql`drop table log_entry_concept`.execute(db);
      await sql`drop table log_entry`.execute(db);
    },
  },
  // Self-check reviews (FSRS via ts-fsrs): one card per learner and reviewable item
  // ('question:<conceptId>/<questionId>' or 'lab:<labId>') with its scheduling state, and one log
  // row per answer. Times are ISO 8601 timestamps; `reviewed_on` is the learner's calendar day.
  '0003_reviews': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('review_card')
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('item', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('due', 'text', (c) => c.notNull())
        .addColumn('stability', 'real', (c) => c.notNull())
        .addColumn('difficulty', 'real', (c) => c.notNull())
        .addColumn('elapsed_days', 'integer', (c) => c.notNull())
        .addColumn('scheduled_days', 'integer', (c) => c.notNull())
        .addColumn('learning_steps', 'integer', (c) => c.notNull())
        .addColumn('reps', 'integer', (c) => c.notNull())
        .addColumn('lapses', 'integer', (c) => c.notNull())
        .addColumn('last_review', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('review_card_pk', ['learner_id', 'item'])
        .execute();
      await db.schema.createIndex('review_card_by_due').on('review_card').columns(['learner_id', 'due']).execute();
      await db.schema
        .createTable('review_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('item', 'text', (c) => c.notNull())
        .addColumn('answer', 'text')
        .addColumn('correct', 'integer', (c) => c.notNull())
        .addColumn('rating', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('due', 'text', (c) => c.notNull())
        .addColumn('stability', 'real', (c) => c.notNull())
        .addColumn('difficulty', 'real', (c) => c.notNull())
        .addColumn('elapsed_days', 'integer', (c) => c.notNull())
        .addColumn('last_elapsed_days', 'integer', (c) => c.notNull())
        .addColumn('scheduled_days', 'integer', (c) => c.notNull())
        .addColumn('learning_steps', 'integer', (c) => c.notNull())
        .addColumn('reviewed_at', 'text', (c) => c.notNull())
        .addColumn('reviewed_on', 'text', (c) => c.notNull())
        .addColumn('next_due', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('review_log_by_day').on('review_log').columns(['learner_id', 'reviewed_on']).execute();
      await db.schema.createIndex('review_log_by_item').on('review_log').columns(['learner_id', 'item']).execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table review_log`.execute(db);
      await sql`drop table review_card`.execute(db);
    },
  },
  '0004_plan_settings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('plan_setting')
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('roadmap_id', 'text', (c) => c.notNull())
        .addColumn('start', 'text', (c) => c.notNull())
        .addColumn('hours_per_week', 'real', (c) => c.notNull())
        .addColumn('days', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('plan_setting_pk', ['learner_id', 'roadmap_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table plan_setting`.execute(db);
    },
  },
};
