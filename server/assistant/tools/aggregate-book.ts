import { z } from 'zod';
import { formatEnum, formatMoney, formatNumber, formatShare } from '../../../domain/format.ts';
import { UnavailableError } from '../../../lib/errors/index.ts';
import { aggregate, GROUP_FIELDS, METRICS, NUMERIC_FIELDS, type NumericField } from '../../book/aggregate.ts';
import { bookFilter, constraintLine, ConstraintOutSchema, WithinSchema } from './book-filter.ts';
import { defineTool } from './types.ts';

/** How each aggregated field is written: money, a share, or a plain number. */
export function formatField(field: NumericField, value: number): string {
  if (field === 'income' || field === 'savingsBalance' || field === 'loanAmount') return formatMoney(value);
  if (field === 'creditUtilization' || field === 'digitalEngagement') return formatShare(value);
  return formatNumber(Math.round(value * 10) / 10);
}

/** Product groups carry the product and its name (unknown ids keep theirs). */
function labelled<G extends { key: string }>(
  groups: G[],
  groupBy: string | undefined,
  products: readonly { id: string; name: string }[],
): (G & { productId?: string; label?: string })[] {
  if (groupBy !== 'productsHeld') return groups;
  const names = new Map(products.map((p) => [p.id, p.name]));
  return groups.map((g) => (names.has(g.key) ? { ...g, productId: g.key, label: names.get(g.key) } : g));
}

/** Counts and aggregates over every client of the book matching the RM's filter (exact, not a search's top hits). */
export const aggregateBookTool = defineTool({
  name: 'aggregate_book',
  description:
    'Count clients in the book matching a filter, or the sum/mean/median/min/max of a field over them, optionally grouped by segment, life stage, risk tolerance, horizon, products held or goals.',
  scope: 'rm',
  input: z.object({
    filter: z.string().max(500).optional(),
    within: WithinSchema,
    metric: z.enum(METRICS).default('count'),
    field: z.enum(NUMERIC_FIELDS).optional(),
    groupBy: z.enum(GROUP_FIELDS).optional(),
    /** Also list the k clients with the highest (or lowest) value of `field`. */
    top: z.number().int().min(1).max(25).optional(),
    order: z.enum(['desc', 'asc']).default('desc'),
  }),
  output: z.object({
    metric: z.enum(METRICS),
    field: z.enum(NUMERIC_FIELDS).optional(),
    groupBy: z.enum(GROUP_FIELDS).optional(),
    count: z.number(),
    value: z.number().optional(),
    groups: z
      .array(
        z.object({
          key: z.string(),
          /** Grouped by products held: the product (so the turn grounds it) and its name. */
          productId: z.string().optional(),
          label: z.string().optional(),
          count: z.number(),
          value: z.number().optional(),
        }),
      )
      .optional(),
    /** Clients visible to this RM in all. */
    total: z.number(),
    constraints: z.array(ConstraintOutSchema),
    unparsed: z.array(z.string()),
    top: z.array(z.object({ customerId: z.string(), name: z.string(), value: z.number() })).optional(),
  }),
  async run(ctx, input) {
    if (!ctx.book) throw new UnavailableError('the customer book is still loading', 5);
    const metric = input.metric !== 'count' && !input.field ? 'count' : input.metric;
    const f = bookFilter(ctx, input.filter, input.within);
    const r = aggregate(ctx.book.all(), f.include, { metric, field: input.field, groupBy: input.groupBy });
    const within = input.within?.length ? new Set(input.within) : undefined;
    let total = 0;
    for (const c of ctx.book.all()) if (ctx.canSee(c) && (!within || within.has(c.id))) total++;
    const field = input.field;
    const top =
      input.top && field
        ? ctx.book
            .all()
            .filter(f.include)
            .sort(
              (a, b) => (input.order === 'asc' ? a[field] - b[field] : b[field] - a[field]) || a.id.localeCompare(b.id),
            )
            .slice(0, input.top)
            .map((c) => ({ customerId: c.id, name: c.name, value: c[field] }))
        : undefined;
    return {
      metric,
      ...(input.field ? { field: input.field } : {}),
      ...(input.groupBy ? { groupBy: input.groupBy } : {}),
      count: r.count,
      ...(r.value !== undefined ? { value: r.value } : {}),
      ...(r.groups ? { groups: labelled(r.groups, input.groupBy, ctx.products) } : {}),
      total,
      constraints: f.constraints,
      unparsed: f.unparsed,
      ...(top ? { top } : {}),
    };
  },
  facts: (out) => {
    const lines = [
      `book: ${formatNumber(out.total)} clients in all | filter: ${constraintLine(out.constraints)} | matching: ${formatNumber(out.count)} (${out.total ? formatShare(out.count / out.total, 1) : '0%'})`,
    ];
    if (out.value !== undefined && out.field)
      lines.push(`${out.metric} ${out.field}: ${formatField(out.field, out.value)}`);
    for (const g of out.groups ?? [])
      lines.push(
        `group ${g.label ?? formatEnum(g.key)}: ${formatNumber(g.count)} clients${out.groupBy === 'productsHeld' || out.groupBy === 'goals' ? ` (${formatShare(g.count / Math.max(1, out.count))} of those matching)` : ''}${g.value !== undefined && out.field ? ` | ${out.metric} ${out.field} ${formatField(out.field, g.value)}` : ''}`,
      );
    if (out.field) {
      const field = out.field;
      for (const [i, t] of (out.top ?? []).entries())
        lines.push(`${i + 1}. ${t.customerId} ${t.name} | ${field} ${formatField(field, t.value)}`);
    }
    if (out.unparsed.length) lines.push(`not understood: ${out.unparsed.join('; ')}`);
    return lines;
  },
});
