import type { Customer, Product } from '../../../domain/index.ts';
import type { Plan } from '../dialogue/plan.ts';
import type { ConversationState } from '../dialogue/state.ts';
import type { Answer } from '../generators/types.ts';
import type { PassageCard } from '../tools/knowledge-answer.ts';
import type { ToolResult } from '../tools/types.ts';

export interface ComposeInput {
  mode: 'customer' | 'rm';
  message: string;
  plan: Plan;
  results: readonly ToolResult[];
  products: readonly Product[];
  /** The customer the answer is about: the signed-in customer, or the RM's focus client. */
  customer?: Customer;
  state: ConversationState;
}

/** A composed answer: text (first sentence answers the question), structured recommendations, and what it listed. */
export interface Composed {
  text: string;
  recommendations: Answer['recommendations'];
  /** Passages the answer rests on, shown as cards (title + snippet). */
  citations: PassageCard[];
  listedProducts?: string[];
  listedClients?: string[];
}

export type Composer = (input: ComposeInput) => Composed;

/** The successful output of the first call to `tool`, typed by the caller. */
export function outputOf<T>(input: ComposeInput, tool: string): T | undefined {
  const r = input.results.find((x) => x.tool === tool);
  return r?.ok ? (r.output as T) : undefined;
}

export const composed = (text: string, extra: Partial<Composed> = {}): Composed => ({
  text,
  recommendations: [],
  citations: [],
  ...extra,
});
