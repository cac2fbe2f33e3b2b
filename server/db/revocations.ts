import type { RevocationList } from '../http/revocation.ts';
import type { Database } from './database.ts';

/** Kept at least this long: no token the server mints lives longer (RM tokens: at most 12 h). */
const KEEP_MS = 24 * 3_600_000;

/**
 * Revoked token ids (a JWT's `jti`, or a key id) shared by every instance: a token revoked on one
 * is refused by all. Rows are kept until the token would have expired anyway, then deleted.
 */
export class PgRevocationList {
  constructor(private readonly db: Database) {}

  async revoke(tokenId: string, expiresAt: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO revoked_tokens (token_id, expires_at) VALUES ($1, $2)
       ON CONFLICT (token_id) DO UPDATE SET expires_at = GREATEST(revoked_tokens.expires_at, EXCLUDED.expires_at)`,
      [tokenId, expiresAt.toISOString()],
    );
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM revoked_tokens WHERE token_id = $1 AND expires_at > now()', [
      tokenId,
    ]);
    return rows.length > 0;
  }

  /** The list auth checks on every request, over this table (revoked from now for KEEP_MS). */
  asRevocationList(): RevocationList {
    return {
      isRevoked: (jti) => this.isRevoked(jti),
      revoke: (jti) => this.revoke(jti, new Date(Date.now() + KEEP_MS)),
    };
  }

  /** Deletes rows of tokens past their expiry; returns how many. */
  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM revoked_tokens WHERE expires_at <= now()');
    return rowCount ?? 0;
  }
}
