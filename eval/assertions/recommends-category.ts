import { z } from 'zod';
import { meetsEligibility } from '../../domain/catalog/index.ts';
import { PRODUCT_CATEGORIES } from '../../domain/product.ts';
import { productsListed } from './listing.ts';
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
    const offered = productsListed(ctx, ctx.knowledge.catalog);
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
