import { z } from 'zod';
import { ForbiddenError } from '../../../lib/errors/index.ts';
import { aggregateBookTool } from './aggregate-book.ts';
import { clientBriefTool } from './client-brief.ts';
import { compareClientsTool } from './compare-clients.ts';
import { compareProductsTool } from './compare-products.ts';
import { eligibilityCheckTool } from './eligibility-check.ts';
import { knowledgeAnswerTool } from './knowledge-answer.ts';
import { myAccountTool } from './my-account.ts';
import { productFactsTool } from './product-facts.ts';
import { rankBookTool } from './rank-book.ts';
import { recommendTool } from './recommend.ts';
import { searchBookTool } from './search-book.ts';
import { spendingInsightsTool } from './spending-insights.ts';
import type { Tool, ToolContext, ToolResult } from './types.ts';

/** Every tool, by name. The planner may only call these; the LLM is offered the ones its mode allows. */
export const TOOLS = {
  product_facts: productFactsTool,
  compare_products: compareProductsTool,
  knowledge_answer: knowledgeAnswerTool,
  my_account: myAccountTool,
  spending_insights: spendingInsightsTool,
  recommend: recommendTool,
  eligibility_check: eligibilityCheckTool,
  search_book: searchBookTool,
  aggregate_book: aggregateBookTool,
  rank_book: rankBookTool,
  client_brief: clientBriefTool,
  compare_clients: compareClientsTool,
} as const satisfies Record<string, Tool>;
export type ToolName = keyof typeof TOOLS;
export const TOOL_NAMES = Object.keys(TOOLS) as ToolName[];

/** The tools a mode may use: customer mode has no book tools, RM mode no "my account" tools. */
export function toolsFor(mode: 'customer' | 'rm'): ToolName[] {
  return TOOL_NAMES.filter((n) => TOOLS[n].scope === 'any' || TOOLS[n].scope === mode);
}

export const ToolCallSchema = z.object({
  tool: z.enum(TOOL_NAMES as [ToolName, ...ToolName[]]),
  input: z.record(z.string(), z.unknown()).default({}),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

/**
 * Validate a call against its tool's input schema and the principal's mode, before anything
 * runs: a customer-mode plan naming a book tool is refused, whoever wrote the plan.
 */
export function authorizeCall(call: ToolCall, mode: 'customer' | 'rm'): { tool: Tool; input: unknown } {
  const tool: Tool = TOOLS[call.tool];
  if (!toolsFor(mode).includes(call.tool))
    throw new ForbiddenError(`tool ${call.tool} is not available in ${mode} mode`);
  const parsed = tool.input.safeParse(call.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`${call.tool}.${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  return { tool, input: parsed.data };
}

/** Run the calls (concurrently), each output validated against its schema; a failing tool is reported, not fatal. */
export async function runTools(ctx: ToolContext, calls: readonly ToolCall[]): Promise<ToolResult[]> {
  return Promise.all(
    calls.map(async (call, i): Promise<ToolResult> => {
      const id = `call-${i + 1}`;
      try {
        const { tool, input } = authorizeCall(call, ctx.mode);
        const output = tool.output.parse(await tool.run(ctx, input));
        return { id, tool: call.tool, input, ok: true, output };
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        if (err instanceof ForbiddenError) throw err;
        ctx.log.warn({ tool: call.tool, err: (err as Error).message }, 'tool failed');
        return { id, tool: call.tool, input: call.input, ok: false, error: (err as Error).message };
      }
    }),
  );
}

/** Grounding lines of every successful result (what the model and the guardrails see). */
export function toolFacts(results: readonly ToolResult[], ctx: Pick<ToolContext, 'products' | 'mode'>): string[] {
  return results.flatMap((r) => {
    if (!r.ok) return [`[${r.tool}] failed: ${r.error}`];
    const tool: Tool = TOOLS[r.tool as ToolName];
    return [`[${r.tool}]`, ...tool.facts(r.output, ctx)];
  });
}
