import type { ChatMeta as WireChatMeta } from '../../domain/api/chat-stream.ts';
import type { z } from 'zod';
import type { Customer, Product } from '../../domain/index.ts';
import type { ParsedQuery, SearchResult } from '../../domain/api/search.ts';
import type { EvalCase } from '../suite/case.ts';

/** One structured recommendation as streamed in `data-recommendations` (normalized). */
export interface RecommendationItem {
  productId: string;
  why?: string;
  risks?: string;
  [extra: string]: unknown;
}

/** The `data-meta` part of a chat answer, as the server sends it; unknown extra fields are kept. */
export type ChatMeta = Partial<WireChatMeta> & { [extra: string]: unknown };

/** One tool call of a turn, joined from its `tool-input-*` and `tool-output-*` stream parts. */
export interface ToolCall {
  id: string;
  name: string;
  input?: unknown;
  output?: unknown;
  error?: string;
}

/** A `data-*` part of a turn (recommendations and meta included), in stream order. */
export interface DataPart {
  type: `data-${string}`;
  data: unknown;
}

export interface TurnOutcome {
  user: string;
  status: number;
  text: string;
  recommendations: RecommendationItem[];
  meta?: ChatMeta;
  /** Tool activity the turn streamed. */
  tools: ToolCall[];
  /** Every `data-*` part the turn streamed. */
  data: DataPart[];
  latencyMs: number;
  /** Transport/HTTP error, if the turn did not produce an answer stream. */
  error?: string;
}

export interface SearchOutcome {
  status: number;
  body: unknown;
  parsed?: ParsedQuery;
  results: SearchResult[];
  /** The full profiles of the returned customers, fetched separately (GET /api/customers/:id). */
  profiles: Record<string, Customer | undefined>;
  latencyMs: number;
  error?: string;
}

/** One bank-FAQ passage as ingested into the knowledge collection. */
export interface FaqPassage {
  id: string;
  question: string;
  answer: string;
  class: string;
}

/** What an assertion may consult besides the answer itself. */
export interface Knowledge {
  /** The product catalog, by id. */
  catalog: Map<string, Product>;
  /** Customers known to the stack (id + name), for the no-foreign-pii check; profiles when known. */
  customers: Map<string, Pick<Customer, 'id' | 'name'> & Partial<Customer>>;
  /**
   * The RM's whole book: every full customer record the server holds (empty when unknown), so
   * counts and aggregates are computed from the data rather than written into a case.
   */
  book: readonly Customer[];
  /** The FAQ passages in the knowledge collection (how-to answers are judged against them). */
  faqs: readonly FaqPassage[];
  /** The suitability rules: the violations of offering `product` to `customer`. */
  suitability: (customer: Customer, product: Product) => { rule: string; detail: string }[];
}

export interface AssertionContext {
  case: EvalCase;
  kind: 'chat' | 'search';
  /** Chat: the last turn's answer text. Search: the JSON response. */
  text: string;
  /** Chat: {text, recommendations, meta} of the last turn. Search: the response body. */
  output: unknown;
  /** Last turn's structured recommendations. */
  recommendations: RecommendationItem[];
  meta?: ChatMeta;
  /** Slowest turn (or the search), ms. */
  latencyMs: number;
  turns: TurnOutcome[];
  search?: SearchOutcome;
  /** The case's customer profile (ad-hoc, or fetched from the server), when there is one. */
  customer?: Customer;
  knowledge: Knowledge;
}

export interface AssertionOutcome {
  pass: boolean;
  /** 0…1; binary assertions give 0 or 1. */
  score: number;
  reason: string;
}

/** Extra settings every assertion receives besides its value. */
export interface AssertionOptions {
  threshold?: number;
}

/** One assertion type = one file exporting one of these. */
export interface AssertionType<V = unknown> {
  readonly type: string;
  readonly description: string;
  /** Which kinds of case it applies to. */
  readonly appliesTo: readonly ('chat' | 'search')[];
  /** Validates (and may compile) the YAML `value`; errors map to file:line. */
  readonly value: z.ZodType<V>;
  evaluate(value: V, ctx: AssertionContext, options: AssertionOptions): AssertionOutcome | Promise<AssertionOutcome>;
}

export const defineAssertion = <V>(def: AssertionType<V>): AssertionType<V> => def;

/** Binary result helper. */
export const verdict = (pass: boolean, reason: string): AssertionOutcome => ({ pass, score: pass ? 1 : 0, reason });

/** Scored result: passes when score ≥ threshold (default 1). */
export const scored = (score: number, options: AssertionOptions, reason: string): AssertionOutcome => ({
  pass: score >= (options.threshold ?? 1) - 1e-9,
  score,
  reason,
});
