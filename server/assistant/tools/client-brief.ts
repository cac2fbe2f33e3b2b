import { z } from 'zod';
import type { Customer } from '../../../domain/index.ts';
import { ForbiddenError, NotFoundError } from '../../../lib/errors/index.ts';
import { productFactLine, productFacts, ProductFactsSchema } from './product-view.ts';
import { profileLines, profileOf, ProfileSchema } from './profile-view.ts';
import type { ToolContext } from './types.ts';
import { reasonWords } from './reason-words.ts';
import { defineTool } from './types.ts';

/** A client of the book by id, checked against what this principal may see. */
export function visibleClient(ctx: ToolContext, id: string): Customer {
  const c = ctx.book?.get(id) ?? (ctx.customer?.id === id ? ctx.customer : undefined);
  if (!c || !ctx.canSee(c)) throw new NotFoundError(`no client ${id} in your book`);
  return c;
}

/** Everything an RM needs before a meeting: profile, holdings, the note, the best next products and spending alerts. */
export const clientBriefTool = defineTool({
  name: 'client_brief',
  description:
    'Brief on one client: profile, products held, the RM note, top suitable products with reasons, spending alerts.',
  scope: 'rm',
  input: z.object({ clientId: z.string().min(1).max(64) }),
  output: z.object({
    profile: ProfileSchema,
    next: z.array(z.object({ product: ProductFactsSchema, score: z.number(), reasons: z.array(z.string()) })),
    alerts: z.array(z.string()),
  }),
  async run(ctx, input) {
    if (ctx.mode !== 'rm') throw new ForbiddenError('client briefs are for relationship managers');
    const c = visibleClient(ctx, input.clientId);
    const byId = new Map(ctx.products.map((p) => [p.id, p]));
    const [rec, insights] = await Promise.all([
      ctx.recommender?.recommend(c, { k: 3, explain: true, signal: ctx.signal }),
      ctx.insights?.forChat(c).catch(() => undefined),
    ]);
    return {
      profile: profileOf(c, ctx.products, { withNotes: true }),
      next: (rec?.items ?? [])
        .filter((i) => byId.has(i.productId))
        .map((i) => ({
          product: productFacts(byId.get(i.productId)!),
          score: i.score,
          reasons: [...(i.explanation?.contributions ?? [])]
            .filter((x) => x.value > 0)
            .sort((a, b) => b.value - a.value)
            .slice(0, 2)
            .map((x) => reasonWords(x.group, c, 'rm')),
        })),
      alerts: (insights?.alerts ?? []).map((a) => a.text),
    };
  },
  facts: (out) => [
    ...profileLines(out.profile, 'client'),
    ...out.next.map(
      (n, i) =>
        `next best #${i + 1}: ${productFactLine(n.product)} | score ${n.score.toFixed(3)} | reasons ${n.reasons.join('; ')}`,
    ),
    ...out.alerts.map((a) => `spending alert: ${a}`),
  ],
});
