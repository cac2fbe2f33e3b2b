import { z } from 'zod';
import { productsNamed } from './listing.ts';
import { defineAssertion, verdict } from './types.ts';

const Value = z
  .object({
    /** Longest acceptable answer, in words (small talk is short). */
    maxWords: z.number().int().min(1).default(60),
  })
  .strict()
  .default({ maxWords: 60 });

/** Small talk, out-of-scope and hand-offs: a short answer with no recommendations and no product named. */
export default defineAssertion({
  type: 'no-selling',
  description: 'No recommendations, no product named, and a short answer.',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    const problems: string[] = [];
    if (ctx.recommendations.length)
      problems.push(`recommends ${ctx.recommendations.map((r) => r.productId).join(', ')}`);
    const named = productsNamed(ctx.text, ctx.knowledge.catalog);
    if (named.length) problems.push(`names ${named.map((p) => p.name).join(', ')}`);
    const words = ctx.text.trim().split(/\s+/).filter(Boolean).length;
    if (words > v.maxWords) problems.push(`${words} words (at most ${v.maxWords})`);
    if (words === 0) problems.push('empty answer');
    return problems.length ? verdict(false, problems.join('; ')) : verdict(true, `${words} words, nothing sold`);
  },
});
