import type { Conversation, ConversationStore } from '../assistant/conversation-store.ts';
import { boundState, type ConversationState, EMPTY_STATE, readState } from '../assistant/dialogue/state.ts';
import type { ChatTurn } from '../assistant/generators/types.ts';
import type { Database } from './database.ts';

export interface PgConversationOptions {
  /** Turns kept per conversation (oldest dropped first). */
  maxTurns: number;
  /** Idle time after which a conversation expires. */
  ttlMs: number;
}

/** How often one instance deletes expired conversations (each instance sweeps; deletes are idempotent). */
const SWEEP_EVERY_MS = 5 * 60_000;

interface Row {
  id: string;
  owner_id: string;
  mode: 'customer' | 'rm';
  customer_id: string | null;
  turns: ChatTurn[];
  state: unknown;
  updated_ms: number;
}

const COLUMNS =
  'id, owner_id, mode, customer_id, turns, state, (extract(epoch from updated_at) * 1000)::float8 AS updated_ms';

/**
 * Conversations in PostgreSQL, shared by every instance: a follow-up may land anywhere. One
 * append is one statement (insert or append-and-trim), so concurrent turns never lose each other.
 * Expiry is on the database clock.
 */
export class PgConversationStore implements ConversationStore {
  private lastSweep = 0;

  constructor(
    private readonly db: Database,
    private readonly options: PgConversationOptions = { maxTurns: 20, ttlMs: 30 * 60_000 },
  ) {}

  async get(id: string): Promise<Conversation | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conversations WHERE id = $1 AND updated_at > now() - $2 * interval '1 millisecond'`,
      [id, this.options.ttlMs],
    );
    return rows[0] && toConversation(rows[0]);
  }

  async append(
    conversation: Omit<Conversation, 'turns' | 'state' | 'updatedAt'>,
    turns: ChatTurn[],
    state?: ConversationState,
  ): Promise<Conversation> {
    const { maxTurns, ttlMs } = this.options;
    const bounded = state === undefined ? null : JSON.stringify(boundState(state));
    // An expired row is started afresh (as if it had been swept), otherwise turns are appended and
    // the newest maxTurns kept; the state is replaced only when one is given.
    const { rows } = await this.db.query<Row>(
      `INSERT INTO conversations AS c (id, owner_id, mode, customer_id, turns, state, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, COALESCE($6::jsonb, $9::jsonb), now())
       ON CONFLICT (id) DO UPDATE SET
         turns = CASE WHEN c.updated_at <= now() - $8 * interval '1 millisecond' THEN EXCLUDED.turns ELSE (
           SELECT COALESCE(jsonb_agg(t ORDER BY i), '[]'::jsonb)
           FROM (SELECT t, i FROM jsonb_array_elements(c.turns || EXCLUDED.turns) WITH ORDINALITY AS x(t, i)
                 ORDER BY i DESC LIMIT $7) AS kept) END,
         state = CASE WHEN $6::jsonb IS NOT NULL THEN $6::jsonb
                      WHEN c.updated_at <= now() - $8 * interval '1 millisecond' THEN $9::jsonb
                      ELSE c.state END,
         updated_at = now()
       RETURNING ${COLUMNS}`,
      [
        conversation.id,
        conversation.ownerId,
        conversation.mode,
        conversation.customerId ?? null,
        JSON.stringify(turns.slice(-maxTurns)),
        bounded,
        maxTurns,
        ttlMs,
        JSON.stringify(EMPTY_STATE),
      ],
    );
    // Best effort: the append has committed; a failed sweep is retried on a later append.
    await this.sweep().catch(() => undefined);
    return toConversation(rows[0]!);
  }

  private async sweep() {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.db.query(`DELETE FROM conversations WHERE updated_at <= now() - $1 * interval '1 millisecond'`, [
      this.options.ttlMs,
    ]);
  }
}

function toConversation(row: Row): Conversation {
  return {
    id: row.id,
    ownerId: row.owner_id,
    mode: row.mode,
    ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
    turns: row.turns,
    // Read leniently: a row written by an older build starts with a fresh state instead of failing the turn.
    state: readState(row.state),
    updatedAt: row.updated_ms,
  };
}
