import { z } from 'zod';
import { defineAssertion, scored } from './types.ts';

/** `value`: a string, a list (all must appear), or {all|any, caseSensitive}. Case-insensitive by default. */
export const TextMatchValue = z.union([
  z
    .string()
    .min(1)
    .transform((s) => ({ all: [s], any: [] as string[], caseSensitive: false })),
  z
    .array(z.string().min(1))
    .min(1)
    .transform((all) => ({ all, any: [] as string[], caseSensitive: false })),
  z
    .object({
      all: z.array(z.string().min(1)).default([]),
      any: z.array(z.string().min(1)).default([]),
      caseSensitive: z.boolean().default(false),
    })
    .strict()
    .refine((v) => v.all.length + v.any.length > 0, 'give `all` or `any`'),
]);
type TextMatch = z.output<typeof TextMatchValue>;

export const includes = (text: string, needle: string, caseSensitive: boolean) =>
  caseSensitive ? text.includes(needle) : text.toLowerCase().includes(needle.toLowerCase());

export default defineAssertion({
  type: 'contains',
  description: 'The answer text contains every `all` string and at least one `any` string.',
  appliesTo: ['chat', 'search'],
  value: TextMatchValue,
  evaluate(v, ctx, options) {
    const missing = v.all.filter((s) => !includes(ctx.text, s, v.caseSensitive));
    const anyOk = v.any.length === 0 || v.any.some((s) => includes(ctx.text, s, v.caseSensitive));
    const parts = v.all.length + (v.any.length ? 1 : 0);
    const score = (v.all.length - missing.length + (v.any.length && anyOk ? 1 : 0)) / parts;
    const reason =
      missing.length === 0 && anyOk
        ? 'all expected text present'
        : [
            missing.length ? `missing ${missing.map((m) => JSON.stringify(m)).join(', ')}` : '',
            anyOk ? '' : `none of ${JSON.stringify(v.any)}`,
          ]
            .filter(Boolean)
            .join('; ');
    return scored(score, options, reason);
  },
});
