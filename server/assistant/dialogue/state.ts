import { z } from 'zod';

/** Lists kept in the state are bounded: follow-ups refer to what was just shown, not to a whole history. */
const MAX_LISTED_PRODUCTS = 10;
const MAX_LISTED_CLIENTS = 25;
const MAX_RECENT_PRODUCTS = 5;
const Id = z.string().min(1).max(64);

/**
 * What the conversation is about, stored with it so that follow-ups resolve on any instance:
 * "tell me about the first one" (listed products), "what about her savings?" (focus client),
 * "those clients" (the last client list or filter), "no, I meant the ISA" (the last intent, redone
 * with the corrected entity), and a pending clarification ("which card do you mean?").
 */
const ConversationStateSchema = z.object({
  /** RM mode: the client the conversation is about. */
  focusClientId: Id.optional(),
  /** The product the last answer was about. */
  focusProductId: Id.optional(),
  listedProducts: z.array(Id).max(MAX_LISTED_PRODUCTS).default([]),
  /** The products the last few answers were about, newest first: "which is better?" weighs the last two. */
  recentProducts: z.array(Id).max(MAX_RECENT_PRODUCTS).optional(),
  listedClients: z.array(Id).max(MAX_LISTED_CLIENTS).default([]),
  /** The product category or subject of the last answer. */
  topic: z.string().max(64).optional(),
  /** The last answered intent, with what it was asked about: a correction re-runs it. */
  lastIntent: z.string().max(64).optional(),
  /** The RM query text that produced the last client list ("how many of those …"). */
  lastClientQuery: z.string().max(500).optional(),
  /** A question the assistant asked back, and the candidates it offered. */
  pending: z
    .object({
      intent: z.string().max(64),
      kind: z.enum(['product', 'client']),
      candidates: z.array(Id).max(MAX_LISTED_CLIENTS),
    })
    .optional(),
});
export type ConversationState = z.infer<typeof ConversationStateSchema>;

export const EMPTY_STATE: ConversationState = { listedProducts: [], listedClients: [] };

/** A stored state read back: anything malformed (an older shape, a hand-edited row) starts fresh rather than failing the turn. */
export function readState(raw: unknown): ConversationState {
  const parsed = ConversationStateSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : { ...EMPTY_STATE };
}

/** Bounds applied before storing (lists trimmed to their limits, most recent first). */
export function boundState(state: ConversationState): ConversationState {
  return ConversationStateSchema.parse({
    ...state,
    listedProducts: state.listedProducts.slice(0, MAX_LISTED_PRODUCTS),
    recentProducts: state.recentProducts?.slice(0, MAX_RECENT_PRODUCTS),
    listedClients: state.listedClients.slice(0, MAX_LISTED_CLIENTS),
    pending: state.pending && { ...state.pending, candidates: state.pending.candidates.slice(0, MAX_LISTED_CLIENTS) },
  });
}
