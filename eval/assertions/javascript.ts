import { z } from 'zod';
import type { AssertionContext, AssertionOutcome } from './types.ts';
import { defineAssertion } from './types.ts';

type Custom = (ctx: AssertionContext) => unknown;

/**
 * `value`: JavaScript source — an arrow/function expression called with the context, or a function
 * body using `ctx`. Returns boolean, a score in [0,1] (passes at ≥ threshold, default 1), or
 * {pass, score?, reason?}. Compiled at load time so syntax errors carry file:line. Suites are
 * trusted code, like test files.
 */
const Value = z
  .string()
  .min(1)
  .transform((src, ctx) => {
    const trimmed = src.trim();
    const isFunction = /^(async\s+)?(function\b|\(?[\w\s,{}]*\)?\s*=>)/.test(trimmed);
    try {
      const fn = isFunction
        ? (new Function(`return (${trimmed});`)() as Custom)
        : (new Function('ctx', /\breturn\b|\bthrow\b|;|\n/.test(trimmed) ? trimmed : `return (${trimmed});`) as Custom);
      if (typeof fn !== 'function') throw new Error('does not evaluate to a function');
      return { src: trimmed, fn };
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `javascript does not compile: ${(err as Error).message}` });
      return z.NEVER;
    }
  });

export default defineAssertion({
  type: 'javascript',
  description: 'A custom function of the full context decides.',
  appliesTo: ['chat', 'search'],
  value: Value,
  async evaluate(v, ctx, options): Promise<AssertionOutcome> {
    const threshold = options.threshold ?? 1;
    let out: unknown;
    try {
      out = await v.fn(ctx);
    } catch (err) {
      return { pass: false, score: 0, reason: `threw: ${(err as Error).message}` };
    }
    if (typeof out === 'boolean') return { pass: out, score: out ? 1 : 0, reason: `returned ${out}` };
    if (typeof out === 'number' && Number.isFinite(out))
      return { pass: out >= threshold, score: Math.max(0, Math.min(1, out)), reason: `score ${out.toFixed(3)}` };
    if (out && typeof out === 'object' && typeof (out as { pass?: unknown }).pass === 'boolean') {
      const o = out as { pass: boolean; score?: number; reason?: string };
      return { pass: o.pass, score: o.score ?? (o.pass ? 1 : 0), reason: o.reason ?? `returned pass=${o.pass}` };
    }
    return {
      pass: false,
      score: 0,
      reason: `returned ${JSON.stringify(out)?.slice(0, 80)}; expected boolean, number or {pass}`,
    };
  },
});
