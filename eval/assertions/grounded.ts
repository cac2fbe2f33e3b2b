import { z } from 'zod';
import { customerNumbers, groundedId, mentionedProducts, productNumbers, sameNumber, statedNumbers } from './facts.ts';
import { defineAssertion, scored } from './types.ts';

/** Every finite number anywhere inside a JSON value. */
function numericLeaves(x: unknown, out: number[] = [], depth = 0): number[] {
  if (depth > 6) return out;
  if (typeof x === 'number' && Number.isFinite(x)) out.push(x);
  else if (Array.isArray(x)) for (const v of x) numericLeaves(v, out, depth + 1);
  else if (x && typeof x === 'object') for (const v of Object.values(x)) numericLeaves(v, out, depth + 1);
  return out;
}

const Value = z
  .object({
    /** Recommended and named products must be in the answer's grounding. */
    products: z.boolean().default(true),
    /** Every number stated must come from the grounding (grounded products, the customer, the question). */
    numbers: z.boolean().default(true),
    /** Extra numbers a case allows (e.g. a regulator's figure in a fixed disclaimer). */
    allowNumbers: z.array(z.number()).default([]),
    /** Small integers (list numbering, counts) up to this are always allowed. */
    smallIntegers: z.number().int().min(0).default(10),
  })
  .strict()
  .default({ products: true, numbers: true, allowNumbers: [], smallIntegers: 10 });

/**
 * Only grounded products and numbers, judged against the grounding ids the server returned with
 * the answer (`data-meta.groundingIds`) and the catalog/profile facts those ids stand for.
 * Knowledge passages are only known by id over the API, so numbers quoted from an FAQ passage
 * count as grounded only when the server also returns the passage text (`meta.passages`).
 */
export default defineAssertion({
  type: 'grounded',
  description:
    'Every recommended or named product, and every number, comes from the grounding returned with the answer.',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx, options) {
    const ids = ctx.meta?.groundingIds;
    if (!Array.isArray(ids)) return { pass: false, score: 0, reason: 'answer carried no data-meta.groundingIds' };
    const problems: string[] = [];
    let checks = 0;
    let bad = 0;

    const groundedProducts = [...ctx.knowledge.catalog.values()].filter((p) => groundedId(p.id, ids));
    if (v.products) {
      // A recommendation must be among the grounded candidates — an `excluded:` id grounds a
      // mention ("not suitable: …") but never a recommendation.
      const candidates = ids.filter((g) => !g.startsWith('excluded:'));
      for (const id of new Set(ctx.recommendations.map((r) => r.productId))) {
        checks++;
        if (!groundedId(id, candidates)) {
          bad++;
          problems.push(`recommended product ${id} not among the grounded candidates`);
        }
      }
      for (const id of new Set(mentionedProducts(ctx.text, ctx.knowledge.catalog))) {
        checks++;
        if (!groundedId(id, ids)) {
          bad++;
          problems.push(`product ${id} named but not in grounding`);
        }
      }
    }

    if (v.numbers) {
      const allowed: number[] = [...v.allowNumbers];
      for (const p of groundedProducts) allowed.push(...productNumbers(p));
      if (ctx.customer) allowed.push(...customerNumbers(ctx.customer));
      for (const t of ctx.turns) allowed.push(...statedNumbers(t.user).map((n) => n.value));
      const passages = (ctx.meta?.passages ?? []) as { text?: string }[];
      for (const p of Array.isArray(passages) ? passages : [])
        if (typeof p?.text === 'string') allowed.push(...statedNumbers(p.text).map((n) => n.value));
      // Figures the server returned with the answer itself (recommendation scores, SHAP values, …).
      for (const r of ctx.recommendations) allowed.push(...numericLeaves({ ...r, why: undefined, risks: undefined }));
      if (ctx.meta) allowed.push(...numericLeaves({ ...ctx.meta, passages: undefined }));
      const stated = [ctx.text, ...ctx.recommendations.flatMap((r) => [r.why ?? '', r.risks ?? ''])].flatMap(
        statedNumbers,
      );
      for (const n of stated) {
        if (!n.percent && Number.isInteger(n.value) && n.value <= v.smallIntegers) continue;
        checks++;
        if (!allowed.some((a) => sameNumber(n.value, a))) {
          bad++;
          problems.push(`number ${JSON.stringify(n.text)} not in grounding`);
        }
      }
    }
    const score = checks === 0 ? 1 : (checks - bad) / checks;
    return scored(
      score,
      options,
      problems.length
        ? [...new Set(problems)].slice(0, 6).join('; ')
        : `${checks} products/numbers checked, all grounded`,
    );
  },
});
