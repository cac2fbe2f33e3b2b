import { z } from 'zod';
import { defineAssertion, scored } from './types.ts';

const Value = z
  .object({
    /** Each must be among the structured recommendations (score = share found). */
    expected: z.array(z.string().min(1)).default([]),
    /** At least one of these must be recommended. */
    anyOf: z.array(z.string().min(1)).default([]),
    /** None may be recommended (any hit → score 0). */
    forbidden: z.array(z.string().min(1)).default([]),
    /** Bounds on how many products are recommended. */
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
  })
  .strict()
  .refine(
    (v) => v.expected.length + v.anyOf.length + v.forbidden.length > 0 || v.min !== undefined || v.max !== undefined,
    'give expected, anyOf, forbidden, min or max',
  );

export default defineAssertion({
  type: 'recommends',
  description: 'Structured recommendations include the expected product ids and none of the forbidden ones.',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx, options) {
    const ids = ctx.recommendations.map((r) => r.productId);
    const got = new Set(ids);
    const forbidden = v.forbidden.filter((id) => got.has(id));
    const missing = v.expected.filter((id) => !got.has(id));
    const anyOk = v.anyOf.length === 0 || v.anyOf.some((id) => got.has(id));
    const countOk = (v.min === undefined || ids.length >= v.min) && (v.max === undefined || ids.length <= v.max);
    const problems = [
      forbidden.length ? `forbidden recommended: ${forbidden.join(', ')}` : '',
      missing.length ? `expected missing: ${missing.join(', ')}` : '',
      anyOk ? '' : `none of ${v.anyOf.join(', ')}`,
      countOk ? '' : `${ids.length} recommended (allowed ${v.min ?? 0}…${v.max ?? '∞'})`,
    ].filter(Boolean);
    const parts = v.expected.length + (v.anyOf.length ? 1 : 0);
    const hit = v.expected.length - missing.length + (v.anyOf.length && anyOk ? 1 : 0);
    const score = forbidden.length || !countOk ? 0 : parts === 0 ? 1 : hit / parts;
    return scored(
      score,
      options,
      problems.length
        ? `${problems.join('; ')} (got: ${ids.join(', ') || 'none'})`
        : `recommended: ${ids.join(', ') || 'none'}`,
    );
  },
});
