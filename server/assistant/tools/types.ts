import type { z } from 'zod';
import type { Customer, Product } from '../../../domain/index.ts';
import type { Logger } from '../../../lib/log/index.ts';
import type { IntentService } from '../../../ml/intent/classifier.ts';
import type { Recommender } from '../../../ml/recommender/types.ts';
import type { CustomerBook } from '../../book/book.ts';
import type { BookScores } from '../../book/scores.ts';
import type { InsightsService } from '../../insights/service.ts';
import type { FilterParser } from '../../retrieval/filter/index.ts';
import type { RetrievalService } from '../../retrieval/service.ts';

/**
 * What a tool may use. In customer mode `customer` is the token's customer and is the only
 * customer any tool can read (the customer-scoped tools take no customer id at all); RM tools
 * read the book, limited by `canSee` (an RM's own book; everything for a supervisor).
 */
export interface ToolContext {
  mode: 'customer' | 'rm';
  customer?: Customer;
  products: readonly Product[];
  recommender?: Recommender;
  retrieval?: Pick<RetrievalService, 'search' | 'retrievePassages'>;
  insights?: InsightsService;
  intent?: IntentService;
  book?: CustomerBook;
  bookScores?: BookScores;
  parser: FilterParser;
  canSee: (customer: Customer) => boolean;
  /** An RM principal's book: the text search is limited to it before its top k (`canSee` still checks). */
  rmId?: string;
  log: Logger;
  signal: AbortSignal;
}

type ToolScope = 'customer' | 'rm' | 'any';

/**
 * One tool: a typed input (what the planner may ask for), a typed output (what the composer and
 * the model may use), and `facts`: the output as grounding lines — every figure an answer may
 * state appears there, so the guardrails can check it.
 */
export interface Tool<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  scope: ToolScope;
  input: I;
  output: O;
  run(ctx: ToolContext, input: z.infer<I>): Promise<z.infer<O>>;
  facts(output: z.infer<O>, ctx: Pick<ToolContext, 'products' | 'mode'>): string[];
}

/** A tool that ran: its call and its validated output (or the error it raised). */
export type ToolResult =
  | { id: string; tool: string; input: unknown; ok: true; output: unknown }
  | { id: string; tool: string; input: unknown; ok: false; error: string };

export function defineTool<I extends z.ZodType, O extends z.ZodType>(tool: Tool<I, O>): Tool<I, O> {
  return tool;
}
