/**
 * The chat stream's data parts as they go over the wire (`data-meta`, `data-recommendations`).
 * Dependency-free so that clients (web widget, eval runner) import these types, not copies.
 */
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
  /** The message's banking77 intent and what the chat did with it (issue 8), when a classifier is loaded. */
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
