import { z } from 'zod';
import { PRODUCT_CATEGORIES } from '../../domain/product.ts';
import { escapeRegExp } from '../../lib/regexp/index.ts';
import { productsNamed } from './listing.ts';
import type { AssertionContext } from './types.ts';
import { defineAssertion, verdict } from './types.ts';

/**
 * The candidates a clarifying question should offer, computed from the data: every catalog product
 * of a category ("which card?"), the products whose name has a word ("which saver?"), or the
 * clients of the book who share a name ("which Hannah Mensah?").
 */
const Candidates = z.union([
  z.object({ category: z.enum(PRODUCT_CATEGORIES) }).strict(),
  z.object({ productsNamedWith: z.string().min(2) }).strict(),
  z.object({ clientsNamed: z.string().min(2) }).strict(),
]);

const Value = z
  .object({
    candidates: Candidates,
    /** How many of the candidates the question must offer. */
    min: z.number().int().min(2).default(2),
  })
  .strict();
type Value = z.output<typeof Value>;

/** Each candidate as {label, named in text?}. */
function candidates(v: Value, ctx: AssertionContext): { label: string; offered: boolean }[] {
  const c = v.candidates;
  if ('clientsNamed' in c) {
    const same = ctx.knowledge.book.filter((x) => x.name.toLowerCase() === c.clientsNamed.toLowerCase());
    // Clients who share a name are told apart by id (or another detail the RM can see, like age).
    return same.map((x) => ({
      label: x.id,
      offered: new RegExp(`\\b${escapeRegExp(x.id)}\\b`).test(ctx.text) || new RegExp(`\\b${x.age}\\b`).test(ctx.text),
    }));
  }
  const named = new Set(productsNamed(ctx.text, ctx.knowledge.catalog));
  const products = [...ctx.knowledge.catalog.values()].filter((p) =>
    'category' in c
      ? p.category === c.category
      : new RegExp(`\\b${escapeRegExp(c.productsNamedWith)}\\b`, 'i').test(p.name),
  );
  return products.map((p) => ({ label: p.name, offered: named.has(p) }));
}

export default defineAssertion({
  type: 'asks-clarification',
  description:
    'The answer asks which one was meant, offering candidates computed from the data, and recommends nothing.',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    const list = candidates(v, ctx);
    if (list.length < 2) return verdict(false, `the data has ${list.length} candidate(s): nothing to clarify`);
    const offered = list.filter((x) => x.offered);
    const problems: string[] = [];
    if (!ctx.text.includes('?')) problems.push('asks no question');
    if (ctx.recommendations.length) problems.push('recommends instead of asking');
    const need = Math.min(v.min, list.length);
    if (offered.length < need)
      problems.push(`offers ${offered.length} of ${list.map((x) => x.label).join(', ')} (need ${need})`);
    return problems.length
      ? verdict(false, problems.join('; '))
      : verdict(true, `asks which: ${offered.map((x) => x.label).join(', ')}`);
  },
});
