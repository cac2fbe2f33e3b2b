import { z } from 'zod';
import { productById } from '../../../domain/catalog/index.ts';
import { NotFoundError } from '../../../lib/errors/index.ts';
import { defineTool } from './types.ts';
import { formatMoney, formatRate } from '../../../domain/format.ts';
import { productFactLine, productFacts, type ProductFacts, ProductFactsSchema } from './product-view.ts';

/** `details`: the product's whole terms text (deposit, early repayment charges, conditions). */
const PRODUCT_ASPECTS = ['overview', 'fee', 'rate', 'term', 'eligibility', 'risk', 'details'] as const;

const IllustrationSchema = z.object({
  productId: z.string(),
  amount: z.number(),
  months: z.number(),
  ratePct: z.number(),
  /** Interest at the stated yearly rate, compounded yearly (AER), rounded to whole pounds. */
  interest: z.number(),
});

/** The catalog facts of named products (fee, rate, term, eligibility, risk) and their terms text. */
export const productFactsTool = defineTool({
  name: 'product_facts',
  description: 'Facts of one or more catalog products: fees, APR or yield, term, eligibility rules, risk level, terms.',
  scope: 'any',
  input: z.object({
    productIds: z.array(z.string()).min(1).max(5),
    aspects: z.array(z.enum(PRODUCT_ASPECTS)).default(['overview']),
    /** "How much would I earn on £5,000 over a year?": the sum and how long. */
    illustrate: z
      .object({ amount: z.number().positive().max(100_000_000), months: z.number().int().min(1).max(600) })
      .optional(),
  }),
  output: z.object({
    products: z.array(ProductFactsSchema),
    aspects: z.array(z.enum(PRODUCT_ASPECTS)),
    illustrations: z.array(IllustrationSchema).optional(),
  }),
  async run(ctx, input) {
    const products = input.productIds.map((id) => {
      const p = ctx.products.find((x) => x.id === id) ?? productById(id);
      if (!p) throw new NotFoundError(`no product ${id}`);
      return productFacts(p);
    });
    const illustrations = input.illustrate
      ? products.flatMap((p) => {
          const i = illustrateInterest(p, input.illustrate!.amount, input.illustrate!.months);
          return i ? [i] : [];
        })
      : undefined;
    return { products, aspects: input.aspects, ...(illustrations ? { illustrations } : {}) };
  },
  facts: (out) => [
    ...out.products.map(productFactLine),
    ...(out.illustrations ?? []).map(
      (i) =>
        `illustration ${i.productId}: ${formatMoney(i.amount)} for ${i.months} months at ${formatRate(i.ratePct)} a year earns ${formatMoney(i.interest)} before tax, ${formatMoney(i.amount + i.interest)} in all`,
    ),
  ],
});

/**
 * What a sum would earn at the product's stated rate: savings and deposits only — an investment's
 * target return is no rate to multiply, and a loan's APR is a cost, not earnings.
 */
export function illustrateInterest(
  p: ProductFacts,
  amount: number,
  months: number,
): z.infer<typeof IllustrationSchema> | undefined {
  if (p.expectedYieldPct === undefined || p.investment || p.aprPct !== undefined) return undefined;
  const interest = Math.round(amount * ((1 + p.expectedYieldPct / 100) ** (months / 12) - 1));
  return { productId: p.id, amount, months, ratePct: p.expectedYieldPct, interest };
}
