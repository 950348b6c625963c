// Export and import of everything the learner database holds, as one JSON document. Generic over
// tables (found by introspection), so a table added by a later migration is included without
// changes here. Import replaces the whole database in one transaction: a file that fails any
// check changes nothing.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Db } from './open.ts';
import { migrations } from './migrations.ts';
import { isIsoDate } from '../../curriculum/log-markdown.ts';
import { STATUSES } from '../../shared/progress.ts';
import type { BackupDto, ImportResultDto } from '../../shared/api.ts';
import { MAX_MINUTES } from './log.ts';
import { linkSchema } from './milestones.ts';

type Cell = string | number | null;
type Row = Record<string, Cell>;
type AnyDb = Kysely<Record<string, Row>>;

export class BackupError extends Error {
  override name = 'BackupError';
}

const day = z.string().refine(isIsoDate, 'expected a real date as YYYY-MM-DD');
const status = z.enum(STATUSES);

/** Checks beyond column types, for the tables this version knows. Later tables get the generic ones. */
const semantic: Record<string, Record<string, z.ZodType>> = {
  progress: { status },
  progress_event: { status },
  log_entry: { date: day, minutes: z.number().int().min(0).max(MAX_MINUTES) },
  log_entry_concept: { date: day },
  milestone_check: { completed_on: z.union([day, z.null()]), link: linkSchema.refine((x) => x !== undefined) },
};

const backupShape = z.strictObject({
  format: z.literal('shirube-backup'),
  version: z.literal(1),
  exportedAt: z.string(),
  migrations: z.array(z.string()),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))),
});

async function appliedMigrations(db: Db): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return r.rows.map((x) => x.name);
}

export async function exportAll(db: Db, now: Date = new Date()): Promise<BackupDto> {
  const tables: BackupDto['tables'] = {};
  const any = db as unknown as AnyDb;
  for (const t of (await db.introspection.getTables()).sort((a, b) => a.name.localeCompare(b.name))) {
    const rows = (await any.selectFrom(t.name).selectAll().execute()) as Row[];
    // A stable order, so two exports of the same data are the same file.
    tables[t.name] = rows.map((r) => ({ s: JSON.stringify(r), r })).sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0)).map((x) => x.r);
  }
  return { format: 'shirube-backup', version: 1, exportedAt: now.toISOString(), migrations: await appliedMigrations(db), tables };
}

/**
 * Replaces every table with the file's rows (a table the file lacks is emptied: the database
 * becomes the backup). Throws BackupError naming the table, row and column; nothing is changed then.
 */
export async function importAll(db: Db, data: unknown): Promise<ImportResultDto> {
  const parsed = backupShape.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new BackupError(`${i.path.length ? i.path.join('.') + ': ' : ''}${i.message} (expected a file written by \`shirube export\` or GET /api/export)`);
  }
  const backup = parsed.data;
  const known = new Set(Object.keys(migrations));
  const newer = backup.migrations.filter((m) => !known.has(m));
  if (newer.length) throw new BackupError(`migrations: the file comes from a newer Shirube (unknown migrations: ${newer.join(', ')})`);

  const meta = await db.introspection.getTables();
  const byName = new Map(meta.map((t) => [t.name, t]));
  for (const name of Object.keys(backup.tables)) {
    if (!byName.has(name)) throw new BackupError(`tables.${name}: unknown table (expected one of: ${[...byName.keys()].sort().join(', ')})`);
  }
  for (const [name, rows] of Object.entries(backup.tables)) {
    const t = byName.get(name)!;
    const columns = new Map(t.columns.map((c) => [c.name, c]));
    rows.forEach((row, i) => {
      const where = `tables.${name}[${i}]`;
      for (const key of Object.keys(row)) {
        if (!columns.has(key)) throw new BackupError(`${where}.${key}: unknown column (expected: ${[...columns.keys()].join(', ')})`);
      }
      for (const c of t.columns) {
        const v = row[c.name];
        if (v === undefined || v === null) {
          if (!c.isNullable && !c.isAutoIncrementing && !c.hasDefaultValue) throw new BackupError(`${where}.${c.name}: expected a value (the column is required)`);
          continue;
        }
        const type = c.dataType.toLowerCase();
        if (type.includes('int') && !Number.isInteger(v)) throw new BackupError(`${where}.${c.name}: expected an integer`);
        if (type.includes('text') && typeof v !== 'string') throw new BackupError(`${where}.${c.name}: expected a string`);
        if (c.name.endsWith('_at') && typeof v === 'string' && Number.isNaN(Date.parse(v))) {
          throw new BackupError(`${where}.${c.name}: expected an ISO 8601 timestamp`);
        }
        const check = semantic[name]?.[c.name]?.safeParse(v);
        if (check && !check.success) throw new BackupError(`${where}.${c.name}: ${check.error.issues[0].message}`);
      }
    });
  }
  const entries = new Set((backup.tables.log_entry ?? []).map((r) => `${r.learner_id}/${r.date}`));
  (backup.tables.log_entry_concept ?? []).forEach((r, i) => {
    if (!entries.has(`${r.learner_id}/${r.date}`)) throw new BackupError(`tables.log_entry_concept[${i}]: no log_entry for ${r.learner_id} on ${r.date}`);
  });

  const any = db as unknown as AnyDb;
  const counts: Record<string, number> = {};
  let current = '';
  try {
    await any.transaction().execute(async (tx) => {
      for (const t of meta) {
        current = t.name;
        await tx.deleteFrom(t.name).execute();
        const rows = backup.tables[t.name] ?? [];
        for (let i = 0; i < rows.length; i += 100) await tx.insertInto(t.name).values(rows.slice(i, i + 100)).execute();
        counts[t.name] = rows.length;
      }
    });
  } catch (err) {
    throw new BackupError(`tables.${current}: ${(err as Error).message}`);
  }
  return { tables: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))) };
}
