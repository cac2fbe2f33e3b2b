import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '../../../lib/errors/index.ts';
import { eligibilityWords, productFacts } from './product-view.ts';
import { failedRules, ruleWords } from './suitability-words.ts';
import { defineTool } from './types.ts';

/** Could the customer in focus get these products? Every rule checked, each failure in plain words. */
export const eligibilityCheckTool = defineTool({
  name: 'eligibility_check',
  description:
    'Check whether the customer meets the eligibility and suitability rules of products, with each rule in words.',
  scope: 'any',
  input: z.object({ productIds: z.array(z.string()).min(1).max(6) }),
  output: z.object({
    results: z.array(
      z.object({
        productId: z.string(),
        name: z.string(),
        eligible: z.boolean(),
        /** The product's own rules in words, whether or not they are met. */
        rules: z.string().optional(),
        failed: z.array(z.object({ rule: z.string(), why: z.string() })),
      }),
    ),
  }),
  async run(ctx, input) {
    const c = ctx.customer;
    if (!c) throw new ForbiddenError('eligibility needs a customer in focus');
    return {
      results: input.productIds.map((id) => {
        const p = ctx.products.find((x) => x.id === id);
        if (!p) throw new NotFoundError(`no product ${id}`);
        const failed = failedRules(c, p).map((rule) => ({ rule, why: ruleWords(rule, c, p, ctx.mode) }));
        return {
          productId: p.id,
          name: p.name,
          eligible: failed.length === 0,
          rules: eligibilityWords(productFacts(p).eligibility),
          failed,
        };
      }),
    };
  },
  facts: (out) =>
    out.results.map(
      (r) =>
        `eligibility ${r.name}: ${r.eligible ? 'meets every rule' : r.failed.map((f) => f.why).join('; ')} | rules: ${r.rules ?? 'any adult'}`,
    ),
});
