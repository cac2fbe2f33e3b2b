import { type AuditLog, type AuditRecord, redactForAudit } from '../audit/index.ts';
import { type ChainVerdict, GENESIS_HASH, canonicalJson, chainHash, verifyChain } from './audit-chain.ts';
import type { Database } from './database.ts';

/** Rows read per round trip when verifying the whole chain (bounded memory on a long log). */
const VERIFY_BATCH = 1000;

/**
 * The audit log in PostgreSQL: one hash chain across every instance. An append locks the chain
 * head row, links the record to the head's hash, inserts it and moves the head — one transaction,
 * so appends are serialised by the database and a record never exists without its link.
 */
export class PgAuditLog implements AuditLog {
  constructor(private readonly db: Database) {}

  async append(raw: AuditRecord): Promise<void> {
    // Stored without PII, exactly like the file log.
    const record = redactForAudit(raw);
    const text = canonicalJson(record);
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE',
      );
      const head = rows[0];
      if (!head) throw new Error('audit_chain_head row missing (run npm run db:migrate)');
      const seq = BigInt(head.seq) + 1n;
      const hash = chainHash(head.hash, text);
      await tx.query(
        `INSERT INTO audit_records (seq, audit_id, at, mode, customer_id, escalation, record, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          seq.toString(),
          record.auditId,
          record.at,
          record.mode,
          record.customerId ?? null,
          record.mode === 'customer' && record.intent?.escalate === true,
          text,
          head.hash,
          hash,
        ],
      );
      await tx.query('UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1', [seq.toString(), hash]);
    });
  }

  async get(auditId: string): Promise<AuditRecord | undefined> {
    const { rows } = await this.db.query<{ record: string }>('SELECT record FROM audit_records WHERE audit_id = $1', [
      auditId,
    ]);
    return rows[0] && (JSON.parse(rows[0].record) as AuditRecord);
  }

  async escalations(limit: number): Promise<AuditRecord[]> {
    const { rows } = await this.db.query<{ record: string }>(
      'SELECT record FROM audit_records WHERE escalation ORDER BY seq DESC LIMIT $1',
      [limit],
    );
    return rows.map((r) => JSON.parse(r.record) as AuditRecord);
  }

  /** Walks the whole chain in order, a batch at a time, and checks every link (verifyChain). */
  async verify(): Promise<ChainVerdict> {
    let verdict: ChainVerdict = { ok: true, length: 0, head: GENESIS_HASH };
    let after = '0';
    for (;;) {
      const { rows } = await this.db.query<{ seq: string; record: string; prev_hash: string; hash: string }>(
        'SELECT seq, record, prev_hash, hash FROM audit_records WHERE seq > $1 ORDER BY seq LIMIT $2',
        [after, VERIFY_BATCH],
      );
      verdict = verifyChain(
        rows.map((r) => ({ record: r.record, prevHash: r.prev_hash, hash: r.hash })),
        verdict,
      );
      if (!verdict.ok || rows.length < VERIFY_BATCH) return verdict;
      after = rows[rows.length - 1]!.seq;
    }
  }
}
