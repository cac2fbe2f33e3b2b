import { z } from 'zod';
import { meetsEligibility } from '../../domain/catalog/index.ts';
import { PRODUCT_CATEGORIES } from '../../domain/product.ts';
import type { Customer, Product } from '../../domain/index.ts';
import { productsNamed } from './listing.ts';
import type { AssertionContext } from './types.ts';
import { defineAssertion, verdict } from './types.ts';

const Value = z
  .object({
    /** Every product offered is of one of these categories. */
    categories: z.array(z.enum(PRODUCT_CATEGORIES)).min(1).optional(),
    /** Every product offered is at most this risk level (1 = capital safe). */
    maxRisk: z.number().int().min(1).max(5).optional(),
    /** Every product offered is one the customer meets the eligibility rules of. */
    eligible: z.boolean().default(false),
    /** Not one the customer already holds. */
    notHeld: z.boolean().default(false),
    min: z.number().int().min(0).default(1),
  })
  .strict();

/** Rules that are about holdings, not about whether a product suits the customer. */
const HOLDING_RULES = new Set(['already_held', 'category_already_held']);

/**
 * Recommend by topic: the products the answer offers (recommended, or named in its text) are on
 * the topic asked — category, risk, eligibility and holdings judged from the catalog and profile.
 */
export default defineAssertion({
  type: 'recommends-category',
  description: 'Every product offered fits the topic asked (categories, max risk, eligible, not already held).',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    // What is offered: the structured recommendations; without any, the products the text names.
    const offered = ctx.recommendations.length
      ? ctx.recommendations.map((r) => ctx.knowledge.catalog.get(r.productId)).filter((p): p is Product => !!p)
      : productsNamed(ctx.text, ctx.knowledge.catalog);
    const fits = (p: Product, c: Customer | undefined) =>
      (!v.categories || v.categories.includes(p.category)) &&
      (v.maxRisk === undefined || p.riskLevel <= v.maxRisk) &&
      (!c ||
        ((!v.eligible || meetsEligibility(c, p)) &&
          (!v.notHeld || !c.productsHeld.includes(p.id)) &&
          ctx.knowledge.suitability(c, p).every((x) => HOLDING_RULES.has(x.rule))));
    if (v.min > 0 && ![...ctx.knowledge.catalog.values()].some((p) => fits(p, ctx.customer)))
      return noneFits(v.categories, ctx);
    if (offered.length < v.min)
      return verdict(false, `offers ${offered.length} product(s), expected at least ${v.min}`);
    const problems: string[] = [];
    for (const p of offered) {
      if (v.categories && !v.categories.includes(p.category)) problems.push(`${p.name} is ${p.category}`);
      if (v.maxRisk !== undefined && p.riskLevel > v.maxRisk) problems.push(`${p.name} is risk ${p.riskLevel}`);
      if (v.eligible && ctx.customer && !meetsEligibility(ctx.customer, p)) problems.push(`${p.name}: not eligible`);
      if (v.notHeld && ctx.customer?.productsHeld.includes(p.id)) problems.push(`${p.name}: already held`);
    }
    return problems.length
      ? verdict(false, problems.slice(0, 5).join('; '))
      : verdict(true, `${offered.length} product(s) on topic: ${offered.map((p) => p.name).join(', ')}`);
  },
});

/**
 * Nothing in the catalog fits the topic for this customer: the answer must say so, and may then
 * offer what does suit them (of other categories) — but nothing of the topic itself.
 */
function noneFits(categories: readonly string[] | undefined, ctx: AssertionContext) {
  const onTopic = ctx.recommendations.filter((r) =>
    categories?.includes(ctx.knowledge.catalog.get(r.productId)?.category ?? ''),
  );
  if (onTopic.length)
    return verdict(
      false,
      `nothing on the topic suits the customer, yet recommends ${onTopic.map((r) => r.productId).join(', ')}`,
    );
  if (!/\b(none|no products?|not suitable|not available|isn't suitable|can't|cannot|unfortunately)\b/i.test(ctx.text))
    return verdict(false, 'nothing on the topic suits the customer, and the answer does not say so');
  return verdict(true, 'nothing on the topic suits the customer; says so');
}
