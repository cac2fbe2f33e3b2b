import { z } from 'zod';
import { meetsEligibility } from '../../domain/catalog/index.ts';
import { formatMoney } from '../../domain/format.ts';
import { PRODUCT_CATEGORIES, type Product } from '../../domain/product.ts';
import type { Customer } from '../../domain/index.ts';
import { productsNamed } from './listing.ts';
import { defineAssertion, verdict } from './types.ts';

/** The eligibility rules a customer fails for a product, each with the threshold as people write it. */
function failedRules(c: Customer, p: Product): { rule: string; shown: string[] }[] {
  const e = p.eligibility;
  const out: { rule: string; shown: string[] }[] = [];
  if (c.creditScore < e.minCreditScore) out.push({ rule: 'min_credit_score', shown: [String(e.minCreditScore)] });
  if (c.income < e.minIncome) out.push({ rule: 'min_income', shown: [formatMoney(e.minIncome)] });
  if (c.age < e.minAge) out.push({ rule: 'min_age', shown: [String(e.minAge)] });
  if (c.age > e.maxAge) out.push({ rule: 'max_age', shown: [String(e.maxAge)] });
  return out;
}

const HOLDING_RULES = new Set(['already_held', 'category_already_held']);

const NO =
  /\b(not at the moment|none of|not available|not suitable|isn't suitable|not eligible|wouldn't|would not|won't|can't|cannot|unable|unfortunately|don't meet|do not meet|doesn't meet|below|under the|too (young|old)|over the (maximum|age))\b/i;
const YES = /\b(yes|eligible|you (could|can|would|meet|qualify)|qualif(y|ies))\b/i;

const Value = z
  .object({ category: z.enum(PRODUCT_CATEGORIES).optional(), product: z.string().min(1).optional() })
  .strict()
  .refine((v) => !v.category !== !v.product, 'give `category` or `product`');

/**
 * "Could I get a mortgage?": the verdict the eligibility and suitability rules give for the case's customer. When
 * some product qualifies, the answer says so and names one that does (and recommends none that
 * does not); when none does, it says no and states a rule the customer misses, in plain words.
 */
export default defineAssertion({
  type: 'eligibility-verdict',
  description: "The answer gives the eligibility rules' verdict for the customer, with the rule in plain words.",
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    const c = ctx.customer;
    if (!c) return verdict(false, "the case's customer profile is unknown");
    const products = [...ctx.knowledge.catalog.values()].filter((p) =>
      v.product ? p.id === v.product : p.category === v.category,
    );
    if (products.length === 0) return verdict(false, `no catalog product for ${v.product ?? v.category}`);
    // Available = the eligibility rules and the suitability rules (holdings aside: "you already have it" is a yes).
    const blocking = (p: Product) => ctx.knowledge.suitability(c, p).filter((x) => !HOLDING_RULES.has(x.rule));
    const eligible = products.filter((p) => meetsEligibility(c, p) && blocking(p).length === 0);
    if (eligible.length) {
      const named = productsNamed(ctx.text, ctx.knowledge.catalog);
      const recommendedIneligible = ctx.recommendations.filter(
        (r) => products.some((p) => p.id === r.productId) && !eligible.some((p) => p.id === r.productId),
      );
      if (!YES.test(ctx.text))
        return verdict(false, `eligible for ${eligible.map((p) => p.name).join(', ')} but does not say so`);
      if (!named.some((p) => eligible.includes(p)))
        return verdict(false, `names none of the eligible ${eligible.map((p) => p.name).join(', ')}`);
      if (recommendedIneligible.length)
        return verdict(false, `recommends ${recommendedIneligible.map((r) => r.productId).join(', ')}, not eligible`);
      return verdict(true, `eligible for ${eligible.length} of ${products.length}; says so`);
    }
    if (!NO.test(ctx.text)) return verdict(false, 'eligible for none but does not say no');
    const thresholds = products.flatMap((p) => failedRules(c, p).flatMap((r) => r.shown));
    const riskReason = products.some((p) => blocking(p).length > 0) && /\brisk\b/i.test(ctx.text);
    if (!riskReason && !thresholds.some((t) => ctx.text.includes(t)))
      return verdict(false, `states none of the rules missed (${[...new Set(thresholds)].join(', ')})`);
    return verdict(true, 'eligible for none; says no with the rule');
  },
});
