import { z } from 'zod';
import { formatNumber, formatShare, formatRule } from '../../../domain/format.ts';
import { UnavailableError } from '../../../lib/errors/index.ts';
import { bookFilter, constraintLine, ConstraintOutSchema, WithinSchema } from './book-filter.ts';
import { defineTool } from './types.ts';

/**
 * Every client of the book (optionally filtered) scored by the two-tower model for the product(s),
 * after suitability, best first: "who should I call about the new wealth product?" answered over
 * the whole book, not over a text search's top 20.
 */
export const rankBookTool = defineTool({
  name: 'rank_book',
  description:
    'Rank every client in the book for one product (or the best of several) by the recommender score after suitability rules, optionally filtered; top k.',
  scope: 'rm',
  input: z.object({
    productIds: z.array(z.string()).min(1).max(12),
    filter: z.string().max(500).optional(),
    within: WithinSchema,
    k: z.number().int().min(1).max(50).default(10),
  }),
  output: z.object({
    productIds: z.array(z.string()),
    clients: z.array(
      z.object({
        customerId: z.string(),
        name: z.string(),
        productId: z.string(),
        score: z.number(),
        percentile: z.number(),
        summary: z.string(),
        /** Why this client, in words an RM can act on (product, fit, score). */
        reason: z.string(),
      }),
    ),
    considered: z.number(),
    suitable: z.number(),
    excludedByRule: z.record(z.string(), z.number()),
    constraints: z.array(ConstraintOutSchema),
    unparsed: z.array(z.string()),
  }),
  async run(ctx, input) {
    if (!ctx.bookScores) throw new UnavailableError('book-wide ranking needs the recommender and the customer book', 5);
    const f = bookFilter(ctx, input.filter, input.within);
    const r = await ctx.bookScores.rank(input.productIds, f.include, input.k);
    return {
      productIds: input.productIds,
      clients: r.clients.map((x) => ({
        customerId: x.customer.id,
        name: x.customer.name,
        productId: x.productId,
        score: x.score,
        percentile: x.percentile,
        summary: `${x.customer.age}, ${x.customer.lifeStage.replace(/_/g, ' ')}, ${x.customer.riskTolerance} risk`,
        reason: `${ctx.products.find((p) => p.id === x.productId)?.name ?? x.productId} score ${x.score.toFixed(3)}, better fit than ${formatShare(x.percentile)} of suitable clients`,
      })),
      considered: r.considered,
      suitable: r.suitable,
      excludedByRule: r.excludedByRule,
      constraints: f.constraints,
      unparsed: f.unparsed,
    };
  },
  facts: (out, ctx) => {
    const name = (id: string) => ctx.products.find((p) => p.id === id)?.name ?? id;
    const excluded = Object.entries(out.excludedByRule)
      .map(([rule, n]) => `${formatNumber(n)} ${formatRule(rule)}`)
      .join(', ');
    return [
      `ranking for ${out.productIds.map(name).join(' / ')} | filter: ${constraintLine(out.constraints)} | clients considered ${formatNumber(out.considered)} | suitable ${formatNumber(out.suitable)}${excluded ? ` | left out: ${excluded}` : ''}`,
      ...out.clients.map(
        (c, i) =>
          `${i + 1}. ${c.customerId} ${c.name} | ${name(c.productId)} | score ${c.score.toFixed(3)} | better fit than ${formatShare(c.percentile)} of suitable clients | ${c.summary}`,
      ),
    ];
  },
});
