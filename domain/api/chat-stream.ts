/**
 * The chat stream as it goes over the wire: the Vercel AI SDK UI-message stream protocol v1 —
 * Server-Sent Events whose `data:` lines are JSON chunks (`start`, `text-start`, `text-delta`,
 * `text-end`, `data-*`, `finish`, `error`), ended by `data: [DONE]` — and the payloads of our
 * data parts (`data-meta`, `data-recommendations`). Dependency-free so that clients (web widget,
 * eval runner) import these types, not copies.
 */

export type UIMessageChunk =
  | { type: 'start'; messageId?: string; messageMetadata?: unknown }
  | { type: 'start-step' }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: `data-${string}`; id?: string; data: unknown; transient?: boolean }
  | { type: 'finish-step' }
  | { type: 'finish'; messageMetadata?: unknown }
  | { type: 'error'; errorText: string };

/** The `data:` payload that ends a stream. */
export const STREAM_DONE = '[DONE]';
export interface ChatMeta {
  generator: string;
  model: string;
  promptId: string;
  promptVersion: string;
  auditId: string;
  template: boolean;
  groundingIds: string[];
  conversationId: string;
  disclaimer: boolean;
  guardrailEvents: number;
  attempts: number;
  fallback?: string;
  /** Tokens of the answer that was used (prompt + completion), when the generator counts them. */
  usage?: { promptTokens: number; completionTokens: number };
  timings: Record<string, number | undefined>;
  /** The message's banking77 intent and what the chat did with it, when a classifier is loaded. */
  intent?: { label: string; confidence: number; route?: string; escalate: boolean; escalationReason?: string };
  /** True when the customer's message was flagged for a person (the answer starts with ESCALATION_NOTICE). */
  escalated: boolean;
}

export interface RecommendationsData {
  items: {
    productId: string;
    productName: string;
    category?: string;
    score?: number;
    why: string;
    risks: string;
    disclaimer?: string;
  }[];
  excluded: { productId: string; productName: string; rule: string; detail: string }[];
  clients?: { customerId: string; score: number; reason: string }[];
}
