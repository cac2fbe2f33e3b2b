import { z } from 'zod';
import type { Constraint } from '../../../domain/api/search.ts';
import type { Customer } from '../../../domain/index.ts';
import { matchesConstraints } from '../../retrieval/filter/index.ts';
import type { ToolContext } from './types.ts';

export const ConstraintOutSchema = z.object({
  field: z.string(),
  op: z.string(),
  value: z.union([z.number(), z.string(), z.array(z.string())]),
  text: z.string(),
});

/**
 * The RM's filter words → constraints (the search's own parser, so book answers and search
 * results agree on what "retired clients with a mortgage" means) and a predicate over the book,
 * limited to the clients this principal may see. Words that looked like a constraint but were
 * not understood come back as `unparsed`, for the answer to say rather than ignore.
 */
export function bookFilter(
  ctx: ToolContext,
  text: string | undefined,
  within?: readonly string[],
): { constraints: Constraint[]; unparsed: string[]; include: (c: Customer) => boolean } {
  const parsed = text ? ctx.parser.parse(text) : { constraints: [], warnings: [] };
  const constraints = parsed.constraints;
  const ids = within?.length ? new Set(within) : undefined;
  return {
    constraints,
    unparsed: parsed.warnings.map((w) => w.text),
    include: (c) => (!ids || ids.has(c.id)) && ctx.canSee(c) && matchesConstraints(c, constraints),
  };
}

/** Restrict a book tool to the clients of an earlier answer ("which of those are retired?"). */
export const WithinSchema = z.array(z.string().min(1).max(64)).max(50).optional();

export const constraintLine = (cs: readonly { text: string }[]) =>
  cs.length ? cs.map((c) => c.text).join('; ') : 'no filter (the whole book)';
