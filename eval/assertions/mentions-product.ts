import { z } from 'zod';
import { NEW_PRODUCT_IDS } from '../../domain/catalog/index.ts';
import type { Product } from '../../domain/index.ts';
import { productsListed, productsNamed } from './listing.ts';
import type { AssertionContext } from './types.ts';
import { defineAssertion, verdict } from './types.ts';

/**
 * Which product is meant, resolved from the data when the case runs: by id, the catalog's new
 * product, the only product of a category, or the product at `position` (1-based) of what an
 * earlier turn listed ("tell me about the first one").
 */
const Target = z.union([
  z.object({ product: z.string().min(1) }).strict(),
  z.object({ flaggedNew: z.literal(true) }).strict(),
  z
    .object({ listedIn: z.object({ turn: z.number().int().min(0), position: z.number().int().min(1) }).strict() })
    .strict(),
]);

const Value = z.intersection(
  Target,
  z.object({
    /** No other catalog product named (a focused answer about one product). */
    only: z.boolean().default(false),
    /** Product ids the answer must not name (a correction moved away from them). */
    not: z.array(z.string()).default([]),
  }),
);
type Value = z.output<typeof Value>;

function resolve(v: Value, ctx: AssertionContext): Product {
  const { catalog } = ctx.knowledge;
  if ('product' in v) {
    const p = catalog.get(v.product);
    if (!p) throw new Error(`no catalog product ${v.product}`);
    return p;
  }
  if ('flaggedNew' in v) {
    const p = [...NEW_PRODUCT_IDS].map((id) => catalog.get(id)).find(Boolean);
    if (!p) throw new Error('the catalog flags no product as new');
    return p;
  }
  const turn = ctx.turns[v.listedIn.turn];
  if (!turn) throw new Error(`turn ${v.listedIn.turn} did not run`);
  const listed = productsListed(turn, catalog);
  const p = listed[v.listedIn.position - 1];
  if (!p) throw new Error(`turn ${v.listedIn.turn} listed ${listed.length} product(s), none at ${v.listedIn.position}`);
  return p;
}

export default defineAssertion({
  type: 'mentions-product',
  description: 'The answer names the product meant (by id, the new one, or one listed by an earlier turn).',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    let want: Product;
    try {
      want = resolve(v, ctx);
    } catch (err) {
      return verdict(false, `cannot resolve the product: ${(err as Error).message}`);
    }
    const named = productsListed(ctx, ctx.knowledge.catalog);
    if (!named.includes(want)) return verdict(false, `does not name ${want.name}`);
    const forbidden = productsNamed(ctx.text, ctx.knowledge.catalog).filter((p) => v.not.includes(p.id));
    if (forbidden.length) return verdict(false, `names ${forbidden.map((p) => p.name).join(', ')}`);
    if (v.only) {
      const others = named.filter((p) => p !== want);
      if (others.length) return verdict(false, `names ${want.name} but also ${others.map((p) => p.name).join(', ')}`);
    }
    return verdict(true, `names ${want.name}`);
  },
});
