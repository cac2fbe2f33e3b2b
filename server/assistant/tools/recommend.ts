import { z } from 'zod';
import { PRODUCT_CATEGORIES } from '../../../domain/product.ts';
import { ForbiddenError } from '../../../lib/errors/index.ts';
import { productFactLine, productFacts, ProductFactsSchema } from './product-view.ts';
import { ruleWords } from './suitability-words.ts';
import { reasonWords } from './reason-words.ts';
import { defineTool } from './types.ts';

const ReasonSchema = z.object({ label: z.string(), value: z.string(), contribution: z.number() });

/**
 * The recommender's suitable products for the customer in focus, optionally limited to the
 * categories asked about, each with the profile facts that raised its score most (exact group
 * SHAP), and the products of those categories that are not available, with why in words.
 */
export const recommendTool = defineTool({
  name: 'recommend',
  description:
    'Suitable products for the customer (the two-tower recommender after suitability rules), optionally in given categories, with reasons.',
  scope: 'any',
  input: z.object({
    categories: z.array(z.enum(PRODUCT_CATEGORIES)).default([]),
    k: z.number().int().min(1).max(5).default(3),
    /** The highest risk level the customer said they would accept, below what their profile allows. */
    maxRisk: z.number().int().min(1).max(5).optional(),
    /** Particular products to assess ("is the Cash ISA right for me?", "why that one?"): each comes back suitable, with its rank and reasons, or not available, with the rule. */
    productIds: z.array(z.string()).max(5).default([]),
  }),
  output: z.object({
    items: z.array(
      z.object({
        product: ProductFactsSchema,
        rank: z.number(),
        /** Rank among the suitable products of its own category ("the best fit among our savings products"). */
        categoryRank: z.number(),
        score: z.number(),
        reasons: z.array(ReasonSchema),
      }),
    ),
    /** Products (of the asked categories, when given) that are not available, and why. */
    unavailable: z.array(z.object({ productId: z.string(), name: z.string(), rule: z.string(), why: z.string() })),
    categories: z.array(z.string()),
    /** The products asked about by id, when the question named them. */
    assessed: z.array(z.string()).default([]),
    /** When nothing in the asked categories suits: the best suitable products of any category. */
    alternatives: z.array(z.object({ product: ProductFactsSchema, rank: z.number(), score: z.number() })).default([]),
    modelVersion: z.string().optional(),
    /** False when the recommender is not loaded: the answer must say it cannot recommend now. */
    available: z.boolean(),
  }),
  async run(ctx, input) {
    const c = ctx.customer;
    if (!c) throw new ForbiddenError('recommend needs a customer in focus');
    if (!ctx.recommender)
      return {
        items: [],
        unavailable: [],
        categories: input.categories,
        assessed: input.productIds,
        alternatives: [],
        available: false,
      };
    const byId = new Map(ctx.products.map((p) => [p.id, p]));
    const rec = await ctx.recommender.recommend(c, { k: ctx.products.length, explain: true, signal: ctx.signal });
    const wanted = new Set<string>(input.categories);
    const assessed = new Set(input.productIds.filter((id) => byId.has(id)));
    const withinRisk = (id: string) => input.maxRisk === undefined || (byId.get(id)?.riskLevel ?? 5) <= input.maxRisk;
    const inTopic = (id: string) =>
      assessed.size ? assessed.has(id) : (!wanted.size || wanted.has(byId.get(id)?.category ?? '')) && withinRisk(id);
    const items = rec.items
      .filter((i) => inTopic(i.productId) && byId.has(i.productId))
      .slice(0, Math.max(input.k, assessed.size))
      .map((i) => ({
        product: productFacts(byId.get(i.productId)!),
        rank: i.rank,
        categoryRank:
          1 +
          rec.items.filter(
            (o) => o.rank < i.rank && byId.get(o.productId)?.category === byId.get(i.productId)?.category,
          ).length,
        score: i.score,
        reasons: [...(i.explanation?.contributions ?? [])]
          .filter((x) => x.value > 0)
          .sort((a, b) => b.value - a.value)
          .slice(0, 2)
          .map((x) => ({ label: x.label, value: reasonWords(x.group, c, ctx.mode), contribution: x.value })),
      }));
    const unavailable = rec.excluded
      .filter((e) => inTopic(e.productId) && byId.has(e.productId))
      .map((e) => {
        const p = byId.get(e.productId)!;
        return { productId: p.id, name: p.name, rule: e.rule, why: ruleWords(e.rule, c, p, ctx.mode) };
      });
    // Nothing asked about suits: the best suitable products instead (of the asked products' kinds first).
    const assessedCategories = new Set<string>([...assessed].map((id) => byId.get(id)!.category));
    const alternatives = items.length
      ? []
      : [
          ...rec.items.filter((i) => assessedCategories.has(byId.get(i.productId)?.category ?? '')),
          ...rec.items.filter((i) => !assessedCategories.has(byId.get(i.productId)?.category ?? '')),
        ]
          .filter((i) => byId.has(i.productId) && withinRisk(i.productId) && !assessed.has(i.productId))
          .slice(0, 2)
          .map((i) => ({ product: productFacts(byId.get(i.productId)!), rank: i.rank, score: i.score }));
    return {
      items,
      unavailable,
      categories: input.categories,
      assessed: [...assessed],
      alternatives,
      modelVersion: rec.modelVersion,
      available: true,
    };
  },
  facts: (out) => [
    ...out.items.map(
      (i) =>
        `suitable #${i.rank}: ${productFactLine(i.product)} | reasons: ${i.reasons.map((r) => r.value).join('; ') || 'overall fit'}`,
    ),
    ...out.unavailable.map((u) => `not available: ${u.name}: ${u.why}`),
    ...out.alternatives.map((a) => `suitable instead #${a.rank}: ${productFactLine(a.product)}`),
  ],
});
