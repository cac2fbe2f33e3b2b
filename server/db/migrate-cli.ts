/**
 * npm run db:migrate — applies the migrations in server/db/migrations to DATABASE_URL (the server
 * also does this at start; this is for deploying the schema before rolling out instances).
 */
import { ConfigError, loadConfig } from '../../lib/config/index.ts';
import { createLogger } from '../../lib/log/index.ts';
import { openDatabase } from './index.ts';

async function main() {
  const config = loadConfig();
  const { databaseUrl } = config;
  if (!databaseUrl)
    throw new ConfigError('DATABASE_URL', 'not set; nothing to migrate (postgres://user:pass@host:5432/db)');
  const db = await openDatabase({ ...config, databaseUrl }, createLogger(config.logLevel));
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
