import type { Config } from '../../lib/config/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import { Database } from './database.ts';
import { migrate } from './migrate.ts';

export { Database } from './database.ts';

/**
 * Connects to DATABASE_URL and applies pending migrations. Fails (naming the database, never
 * its password) when it cannot be reached, so a misconfigured instance does not start serving.
 */
export async function openDatabase(config: Config & { databaseUrl: string }, log: Logger): Promise<Database> {
  const db = new Database({ url: config.databaseUrl, poolMax: config.dbPoolMax, timeoutMs: config.dbTimeoutMs, log });
  try {
    await db.ping();
    const applied = await migrate(db);
    log.info({ db: db.where, applied }, applied.length ? 'database migrated' : 'database schema up to date');
    return db;
  } catch (err) {
    await db.close().catch(() => undefined);
    const reason = ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
    throw new Error(`database ${db.where} (DATABASE_URL): ${reason}`, { cause: err });
  }
}
