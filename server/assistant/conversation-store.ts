import type { ChatTurn } from './generators/types.ts';
import { boundState, type ConversationState, EMPTY_STATE } from './dialogue/state.ts';

/** One conversation's memory. `ownerId` is the principal that started it: nobody else may continue it. */
export interface Conversation {
  id: string;
  ownerId: string;
  mode: 'customer' | 'rm';
  customerId?: string;
  turns: ChatTurn[];
  /** What follow-ups refer to (focus client, listed products…); bounded by ConversationStateSchema. */
  state: ConversationState;
  updatedAt: number;
}

/**
 * Server-side conversation memory. In-memory by default; a shared store (Redis, SQL) implements
 * the same interface when several server instances run behind a load balancer.
 */
export interface ConversationStore {
  get(id: string): Promise<Conversation | undefined>;
  /**
   * Append turns (creating the conversation if new) and replace its state; keeps at most the
   * store's turn bound. The state is stored bounded (boundState).
   */
  append(
    conversation: Omit<Conversation, 'turns' | 'state' | 'updatedAt'>,
    turns: ChatTurn[],
    state?: ConversationState,
  ): Promise<Conversation>;
}

export interface InMemoryConversationOptions {
  /** Turns kept per conversation (oldest dropped first). */
  maxTurns: number;
  /** Idle time after which a conversation expires. */
  ttlMs: number;
  /** Conversations kept at most (least recently used dropped first). */
  maxConversations: number;
  now?: () => number;
}

export class InMemoryConversationStore implements ConversationStore {
  private readonly map = new Map<string, Conversation>();
  private readonly now: () => number;

  constructor(
    private readonly options: InMemoryConversationOptions = {
      maxTurns: 20,
      ttlMs: 30 * 60_000,
      maxConversations: 10_000,
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.map.size;
  }

  async get(id: string): Promise<Conversation | undefined> {
    const c = this.map.get(id);
    if (!c) return undefined;
    if (this.now() - c.updatedAt > this.options.ttlMs) {
      this.map.delete(id);
      return undefined;
    }
    return { ...c, turns: [...c.turns], state: structuredClone(c.state) };
  }

  async append(
    conversation: Omit<Conversation, 'turns' | 'state' | 'updatedAt'>,
    turns: ChatTurn[],
    state?: ConversationState,
  ): Promise<Conversation> {
    const existing = await this.get(conversation.id);
    const all = [...(existing?.turns ?? []), ...turns].slice(-this.options.maxTurns);
    const kept = state ? boundState(state) : (existing?.state ?? { ...EMPTY_STATE });
    const c: Conversation = { ...conversation, turns: all, state: kept, updatedAt: this.now() };
    this.map.delete(conversation.id); // re-insert: Map order = recency
    this.map.set(conversation.id, c);
    this.evict();
    return { ...c, turns: [...all], state: structuredClone(kept) };
  }

  private evict() {
    const now = this.now();
    for (const [id, c] of this.map) {
      if (this.map.size <= this.options.maxConversations && now - c.updatedAt <= this.options.ttlMs) break;
      this.map.delete(id);
    }
  }
}
