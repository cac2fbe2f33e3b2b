import { z } from 'zod';
import { ToolCallSchema } from '../tools/registry.ts';

/**
 * What the dialogue-understanding step decides, before any business logic runs: the intent, the
 * tool calls that fetch the facts it needs, or that no tool is needed (a greeting, a question
 * outside banking, a hand-off to a person, a question back to the user). Both planners — the
 * deterministic default and the LLM — produce this type, and it is validated and authorised
 * before anything executes.
 */
const INTENTS = [
  // Customer and RM
  'product_facts',
  'compare_products',
  'knowledge',
  'recommend',
  'eligibility',
  'guarantee',
  // Customer only
  'my_account',
  'spending',
  // RM only
  'search_book',
  'count_book',
  'aggregate_book',
  'rank_book',
  'client_brief',
  'compare_clients',
  // Dialogue
  'chitchat',
  'clarify',
  'out_of_scope',
  'handoff',
] as const;
export type Intent = (typeof INTENTS)[number];

const CHITCHAT_KINDS = ['greeting', 'thanks', 'goodbye', 'wellbeing', 'capabilities', 'acknowledgement'] as const;

export const PlanSchema = z.object({
  kind: z.enum(['answer', 'clarify', 'chitchat', 'out_of_scope', 'handoff']),
  intent: z.enum(INTENTS),
  calls: z.array(ToolCallSchema).max(4).default([]),
  chitchat: z.enum(CHITCHAT_KINDS).optional(),
  clarify: z
    .object({
      /** What is ambiguous. */
      about: z.enum(['product', 'client', 'filter']),
      /** The intent to resume once the user picks. */
      intent: z.enum(INTENTS),
      candidates: z.array(z.object({ id: z.string(), label: z.string() })).max(25),
      /** Words that were not understood (a filter the parser could not read). */
      unparsed: z.array(z.string()).default([]),
    })
    .optional(),
  handoff: z.object({ reason: z.enum(['fraud', 'dispute', 'complaint', 'request']) }).optional(),
  /** The product / client the answer is about, for the conversation state. */
  focus: z.object({ productIds: z.array(z.string()).default([]), clientIds: z.array(z.string()).default([]) }).default({
    productIds: [],
    clientIds: [],
  }),
  /** The planner that produced it, and why a fallback was taken. */
  source: z.enum(['deterministic', 'llm']),
  fallback: z.string().optional(),
});
export type Plan = z.infer<typeof PlanSchema>;
