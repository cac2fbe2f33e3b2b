import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Advisory lock key: instances starting together apply each migration once, one after another. */
const MIGRATION_LOCK = 0x6d657269; // "meri"

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `NNN_name.sql` in server/db/migrations, in version order; a badly named file is an error naming it. */
function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new Error(`${path.join(dir, file)}: migration files are named NNN_lower_snake.sql`);
    out.push({ version: Number(m[1]), name: m[2]!, sql: readFileSync(path.join(dir, file), 'utf8') });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${dir}: migration ${m.version} out of sequence (expected ${i + 1})`);
  });
  return out;
}

/**
 * Applies the migrations the database has not seen, with their schema_migrations rows, in one
 * transaction under an advisory lock (all or none). Returns the versions applied now.
 */
export async function migrate(db: Database): Promise<number[]> {
  const migrations = readMigrations();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length)
      throw new Error(
        `database ${db.where} has migration(s) ${unknown.join(', ')} this code does not know: it is newer than this build`,
      );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
