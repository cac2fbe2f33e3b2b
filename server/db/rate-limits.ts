import type { Logger } from '../../lib/log/index.ts';
import { localRateLimits, type RateLimitStore } from '../http/rate-limit.ts';
import type { Database } from './database.ts';

/** Buckets idle this long are deleted (a full bucket carries no information). */
const IDLE_MS = 600_000;
const SWEEP_EVERY_MS = 60_000;
/** At most one "falling back" warning per this interval while the database is down. */
const WARN_EVERY_MS = 30_000;

/**
 * Token buckets shared by every instance, in PostgreSQL: one upsert refills (on the database
 * clock) and takes a token atomically, so concurrent requests on different instances draw from
 * the same bucket. While the database is unreachable the limit falls back to this process's own
 * buckets: search and profiles, which do not need the database, keep answering, each instance
 * enforcing the limit on its own until the database is back.
 */
export class PgRateLimits implements RateLimitStore {
  private readonly local: RateLimitStore;
  private lastSweep = 0;
  private lastWarn = 0;

  constructor(
    private readonly db: Database,
    private readonly perMinute: number,
    private readonly log: Logger,
  ) {
    this.local = localRateLimits(perMinute);
  }

  async take(key: string): Promise<number> {
    const rate = this.perMinute / 60_000;
    try {
      const { rows } = await this.db.query<{ tokens: number; allowed: boolean }>(
        `WITH now_ms AS (SELECT extract(epoch from clock_timestamp()) * 1000 AS t)
         INSERT INTO rate_limit_buckets AS b (key, tokens, at_ms, allowed)
         SELECT $1, $2::float8 - 1, t, true FROM now_ms
         ON CONFLICT (key) DO UPDATE SET
           tokens = CASE WHEN LEAST($2::float8, b.tokens + (EXCLUDED.at_ms - b.at_ms) * $3::float8) >= 1
                         THEN LEAST($2::float8, b.tokens + (EXCLUDED.at_ms - b.at_ms) * $3::float8) - 1
                         ELSE LEAST($2::float8, b.tokens + (EXCLUDED.at_ms - b.at_ms) * $3::float8) END,
           allowed = LEAST($2::float8, b.tokens + (EXCLUDED.at_ms - b.at_ms) * $3::float8) >= 1,
           at_ms = EXCLUDED.at_ms
         RETURNING tokens, allowed`,
        [key, this.perMinute, rate],
      );
      void this.sweep();
      const row = rows[0]!;
      return row.allowed ? 0 : Math.max(1, Math.ceil((1 - row.tokens) / rate / 1000));
    } catch (err) {
      const now = Date.now();
      if (now - this.lastWarn > WARN_EVERY_MS) {
        this.lastWarn = now;
        this.log.warn({ err: (err as Error).message }, 'shared rate limit unavailable; limiting per instance');
      }
      return this.local.take(key);
    }
  }

  private async sweep() {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.db
      .query('DELETE FROM rate_limit_buckets WHERE at_ms < extract(epoch from clock_timestamp()) * 1000 - $1', [
        IDLE_MS,
      ])
      .catch(() => undefined);
  }
}
