import { type FeedbackInput, type FeedbackRecord, type FeedbackStore, newFeedbackRecord } from '../feedback/store.ts';
import type { Database } from './database.ts';

interface Row {
  id: string;
  audit_id: string;
  rating: 'up' | 'down';
  comment: string | null;
  by_role: 'rm' | 'supervisor' | 'customer';
  by_id: string;
  created_at: Date;
}

/** Ratings in PostgreSQL, insert-only like the JSONL file: a second rating is a new row, the latest wins when read. */
export class PgFeedbackStore implements FeedbackStore {
  constructor(private readonly db: Database) {}

  async add(input: FeedbackInput, by: FeedbackRecord['by']): Promise<FeedbackRecord> {
    const record = newFeedbackRecord(input, by);
    await this.db.query(
      `INSERT INTO feedback (id, audit_id, rating, comment, by_role, by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [record.id, record.auditId, record.rating, record.comment ?? null, by.role, by.id, record.createdAt],
    );
    return record;
  }

  async prune(before: Date): Promise<number> {
    const r = await this.db.query('DELETE FROM feedback WHERE created_at < $1', [before.toISOString()]);
    return r.rowCount ?? 0;
  }

  async list(): Promise<FeedbackRecord[]> {
    const { rows } = await this.db.query<Row>(
      'SELECT id, audit_id, rating, comment, by_role, by_id, created_at FROM feedback ORDER BY seq',
    );
    return rows.map((r) => ({
      schemaVersion: 1,
      id: r.id,
      createdAt: r.created_at.toISOString(),
      by: { role: r.by_role, id: r.by_id },
      auditId: r.audit_id,
      rating: r.rating,
      ...(r.comment === null ? {} : { comment: r.comment }),
    }));
  }
}
