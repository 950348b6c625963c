// Opens the embedded SQLite database (WAL, fully synchronous commits) and runs pending migrations.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import envPaths from 'env-paths';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import type { Database } from './schema.ts';
import { migrations } from './migrations.ts';

export type Db = Kysely<Database>;

/** SHIRUBE_DB, or shirube.db in the user's data directory (e.g. ~/.local/share/shirube-nodejs). */
export function defaultDbFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHIRUBE_DB || join(envPaths('shirube').data, 'shirube.db');
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function openDb(file: string): Promise<Db> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // NOTE: FULL makes every acknowledged commit durable even if the machine loses power, not only
  // when the process is killed; the cost is one fsync per write, which a learner never notices.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
  return db;
}
