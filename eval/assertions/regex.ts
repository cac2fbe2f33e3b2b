import { z } from 'zod';
import { defineAssertion, verdict } from './types.ts';

const compile = (pattern: string, flags: string, ctx: z.RefinementCtx) => {
  try {
    return new RegExp(pattern, flags);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
    return z.NEVER;
  }
};

/** `value`: a pattern (case-insensitive) or {pattern, flags, match: true|false}. */
const Value = z.union([
  z
    .string()
    .min(1)
    .transform((p, ctx) => ({ re: compile(p, 'i', ctx), match: true })),
  z
    .object({
      pattern: z.string().min(1),
      flags: z
        .string()
        .regex(/^[dgimsuy]*$/)
        .default('i'),
      match: z.boolean().default(true),
    })
    .strict()
    .transform((v, ctx) => ({ re: compile(v.pattern, v.flags.replace('g', ''), ctx), match: v.match })),
]);

export default defineAssertion({
  type: 'regex',
  description: 'The answer text matches the pattern (or, with `match: false`, does not).',
  appliesTo: ['chat', 'search'],
  value: Value,
  evaluate(v, ctx) {
    const m = v.re.exec(ctx.text);
    if (v.match)
      return verdict(m !== null, m ? `matched ${JSON.stringify(m[0].slice(0, 80))}` : `no match for ${v.re}`);
    return verdict(
      m === null,
      m ? `forbidden match ${JSON.stringify(m[0].slice(0, 80))}` : `no match for ${v.re}, as required`,
    );
  },
});
