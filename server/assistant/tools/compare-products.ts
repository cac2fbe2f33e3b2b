import { z } from 'zod';
import { NotFoundError } from '../../../lib/errors/index.ts';
import { defineTool } from './types.ts';
import { productFactLine, productFacts, ProductFactsSchema } from './product-view.ts';

/** Two to four products side by side, with the differences that matter spelled out. */
export const compareProductsTool = defineTool({
  name: 'compare_products',
  description: 'Compare two to four catalog products: fee, APR or yield, term, risk, eligibility.',
  scope: 'any',
  input: z.object({ productIds: z.array(z.string()).min(2).max(4) }),
  output: z.object({
    products: z.array(ProductFactsSchema),
    /** Which product is lowest on fee and APR, and highest on yield, where they differ. */
    cheapestFee: z.string().optional(),
    lowestApr: z.string().optional(),
    highestYield: z.string().optional(),
  }),
  async run(ctx, input) {
    const products = input.productIds.map((id) => {
      const p = ctx.products.find((x) => x.id === id);
      if (!p) throw new NotFoundError(`no product ${id}`);
      return productFacts(p);
    });
    const best = (xs: typeof products, f: (p: (typeof products)[number]) => number | undefined, low: boolean) => {
      const withValue = xs.filter((p) => f(p) !== undefined);
      if (withValue.length < 2 || new Set(withValue.map(f)).size < 2) return undefined;
      return withValue.reduce((a, b) => ((low ? f(b)! < f(a)! : f(b)! > f(a)!) ? b : a)).id;
    };
    return {
      products,
      cheapestFee: best(products, (p) => p.annualFee, true),
      lowestApr: best(products, (p) => p.aprPct, true),
      highestYield: best(products, (p) => p.expectedYieldPct, false),
    };
  },
  facts: (out) => out.products.map(productFactLine),
});
