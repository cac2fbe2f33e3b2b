import { z } from 'zod';
import { normalizeOp, OPS } from './ops.ts';
import { defineAssertion, scored } from './types.ts';

const Value = z
  .object({
    /** Constraints the parser must have found (op/value optional: field alone checks the field was constrained). */
    constraints: z
      .array(z.object({ field: z.string().min(1), op: z.enum(OPS).optional(), value: z.unknown().optional() }).strict())
      .default([]),
    /** No constraints beyond the expected ones. */
    exact: z.boolean().default(false),
    /** Fields that must NOT be constrained (e.g. a vague word must stay semantic, not become a filter). */
    notFields: z.array(z.string().min(1)).default([]),
  })
  .strict();

const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b) ||
  (typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase());

export default defineAssertion({
  type: 'parsed-filter',
  description: 'The RM search parsed the query into the expected structured constraints.',
  appliesTo: ['search'],
  value: Value,
  evaluate(v, ctx, options) {
    const got = ctx.search?.parsed?.constraints;
    if (!Array.isArray(got)) return { pass: false, score: 0, reason: 'response has no parsed.constraints' };
    const missing = v.constraints.filter(
      (e) =>
        !got.some(
          (g) =>
            g.field === e.field &&
            (e.op === undefined || normalizeOp(g.op) === e.op) &&
            (e.value === undefined || sameValue(g.value, e.value)),
        ),
    );
    const extra = v.exact ? got.filter((g) => !v.constraints.some((e) => e.field === g.field)) : [];
    const forbidden = got.filter((g) => v.notFields.includes(g.field));
    const parts = v.constraints.length || 1;
    const score = extra.length || forbidden.length ? 0 : (parts - missing.length) / parts;
    const shown = got.map((g) => `${g.field} ${g.op} ${JSON.stringify(g.value)}`).join(', ') || 'none';
    const problems = [
      missing.length
        ? `missing ${missing.map((m) => `${m.field} ${m.op ?? ''} ${m.value === undefined ? '' : JSON.stringify(m.value)}`.trim()).join(', ')}`
        : '',
      extra.length ? `unexpected ${extra.map((g) => g.field).join(', ')}` : '',
      forbidden.length ? `must not constrain ${forbidden.map((g) => g.field).join(', ')}` : '',
    ].filter(Boolean);
    return scored(score, options, `${problems.length ? `${problems.join('; ')}; ` : ''}parsed: ${shown}`);
  },
});
