import { z } from 'zod';
import { productById } from '../../../domain/catalog/index.ts';
import { NotFoundError } from '../../../lib/errors/index.ts';
import { defineTool } from './types.ts';
import { productFactLine, productFacts, ProductFactsSchema } from './product-view.ts';

/** `details`: the product's whole terms text (deposit, early repayment charges, conditions). */
const PRODUCT_ASPECTS = ['overview', 'fee', 'rate', 'term', 'eligibility', 'risk', 'details'] as const;

/** The catalog facts of named products (fee, rate, term, eligibility, risk) and their terms text. */
export const productFactsTool = defineTool({
  name: 'product_facts',
  description: 'Facts of one or more catalog products: fees, APR or yield, term, eligibility rules, risk level, terms.',
  scope: 'any',
  input: z.object({
    productIds: z.array(z.string()).min(1).max(5),
    aspects: z.array(z.enum(PRODUCT_ASPECTS)).default(['overview']),
  }),
  output: z.object({ products: z.array(ProductFactsSchema), aspects: z.array(z.enum(PRODUCT_ASPECTS)) }),
  async run(ctx, input) {
    const products = input.productIds.map((id) => {
      const p = ctx.products.find((x) => x.id === id) ?? productById(id);
      if (!p) throw new NotFoundError(`no product ${id}`);
      return productFacts(p);
    });
    return { products, aspects: input.aspects };
  },
  facts: (out) => out.products.map(productFactLine),
});
