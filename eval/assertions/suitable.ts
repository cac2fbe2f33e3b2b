import { z } from 'zod';
import { SUITABILITY_RULES } from '../../ml/recommender/types.ts';
import { defineAssertion, verdict } from './types.ts';

const Value = z
  .object({ rules: z.array(z.enum(SUITABILITY_RULES)).min(1).optional() })
  .strict()
  .default({});

/**
 * No recommended product violates the customer's suitability rules. The rules are the recommender's own
 * (ml/recommender, wired in as `knowledge.suitability`), never a copy.
 */
export default defineAssertion({
  type: 'suitable',
  description: "No structured recommendation violates a suitability rule for the case's customer profile.",
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    if (ctx.recommendations.length === 0) return verdict(true, 'nothing recommended');
    if (!ctx.customer) return verdict(false, 'products recommended but no customer profile to judge them against');
    const violations: string[] = [];
    const unknown: string[] = [];
    for (const r of ctx.recommendations) {
      const product = ctx.knowledge.catalog.get(r.productId);
      if (!product) {
        unknown.push(r.productId);
        continue;
      }
      for (const x of ctx.knowledge.suitability(ctx.customer, product)) {
        if (!v.rules || (v.rules as string[]).includes(x.rule))
          violations.push(`${r.productId}: ${x.rule} (${x.detail})`);
      }
    }
    if (unknown.length) violations.push(`not in catalog: ${unknown.join(', ')}`);
    return verdict(
      violations.length === 0,
      violations.length ? violations.join('; ') : `${ctx.recommendations.length} recommendation(s), all suitable`,
    );
  },
});
