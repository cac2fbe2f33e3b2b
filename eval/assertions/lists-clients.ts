import { z } from 'zod';
import { meetsEligibility } from '../../domain/catalog/index.ts';
import { resolveProduct, selectClients } from './figures.ts';
import { clientsListed } from './listing.ts';
import { ConditionSchema } from './ops.ts';
import { defineAssertion, verdict } from './types.ts';

const Value = z
  .object({
    /** Every client listed meets these conditions (judged on the book's full records). */
    where: z.array(ConditionSchema).default([]),
    /** Every client listed is eligible for, and suitable for, this product (an id, or the new one). */
    suitableFor: z.union([z.string().min(1), z.object({ flaggedNew: z.literal(true) }).strict()]).optional(),
    min: z.number().int().min(0).default(1),
    max: z.number().int().min(1).optional(),
    /** Listing every matching client when there are at most this many (a short list is complete). */
    completeUpTo: z.number().int().min(0).default(0),
  })
  .strict();

/**
 * RM answers that name clients (search, ranking the book for a product): every client named is
 * one the data says fits — filters on the full record, eligibility and suitability for the product.
 */
export default defineAssertion({
  type: 'lists-clients',
  description: 'Every client the answer names fits the filters and is eligible and suitable for the product.',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    const { book, catalog, suitability } = ctx.knowledge;
    if (book.length === 0) return verdict(false, 'the book of customers is unknown to this target');
    const listed = clientsListed(ctx.turns.at(-1) ?? { text: ctx.text, data: [], tools: [] }, book);
    const product = v.suitableFor === undefined ? undefined : resolveProduct(v.suitableFor, catalog);
    const fits = new Set(selectClients(book, v.where, catalog));
    const ok = (c: (typeof book)[number]) =>
      fits.has(c) && (!product || (meetsEligibility(c, product) && suitability(c, product).length === 0));
    const bad = listed.filter((c) => !ok(c));
    const problems: string[] = [];
    if (listed.length < v.min) problems.push(`names ${listed.length} client(s), expected at least ${v.min}`);
    if (v.max !== undefined && listed.length > v.max)
      problems.push(`names ${listed.length} clients (at most ${v.max})`);
    if (bad.length)
      problems.push(
        `${bad.length} do not fit${product ? ` ${product.name}` : ''}: ${bad
          .slice(0, 5)
          .map((c) => c.id)
          .join(', ')}`,
      );
    const all = book.filter(ok);
    if (all.length <= v.completeUpTo && listed.length < all.length)
      problems.push(`names ${listed.length} of the ${all.length} clients who fit`);
    return problems.length
      ? verdict(false, problems.join('; '))
      : verdict(true, `${listed.length} client(s) named, all fit (${all.length} in the book)`);
  },
});
