/**
 * The chat stream as it goes over the wire: the Vercel AI SDK UI-message stream protocol v1 —
 * Server-Sent Events whose `data:` lines are JSON chunks (`start`, `text-start`, `text-delta`,
 * `text-end`, `data-*`, `finish`, `error`), ended by `data: [DONE]` — and the payloads of our
 * data parts (`data-meta`, `data-recommendations`, `data-citations`); tool activity as the SDK's own
 * tool parts (`tool-input-available`, `tool-output-available`, `tool-output-error`). Dependency-free so that clients (web widget,
 * eval runner) import these types, not copies.
 */

export type UIMessageChunk =
  | { type: 'start'; messageId?: string; messageMetadata?: unknown }
  | { type: 'start-step' }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'tool-input-available'; toolCallId: string; toolName: string; input: unknown }
  | { type: 'tool-output-available'; toolCallId: string; output: unknown }
  | { type: 'tool-output-error'; toolCallId: string; errorText: string }
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
  /** What the dialogue-understanding step planned: the intent, the kind of answer, the tools it called. */
  plan: ChatPlan;
  /** True when the customer's message was flagged for a person (the answer starts with ESCALATION_NOTICE). */
  escalated: boolean;
}

export interface ChatPlan {
  intent: string;
  kind: 'answer' | 'clarify' | 'chitchat' | 'out_of_scope' | 'handoff';
  /** `deterministic` or `llm`. */
  source: string;
  tools: string[];
  /** Why the LLM's plan was not used, when it was not. */
  fallback?: string;
}

/** `data-citations`: the passages an answer rests on, shown as cards (title + snippet), never as bare markers. */
export interface CitationsData {
  items: { id: string; title: string; snippet: string; source: 'products' | 'knowledge' }[];
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
  /** The customer the items were chosen for (in RM mode, the client the answer is about). */
  customerId?: string;
  clients?: { customerId: string; score: number; reason: string }[];
}
