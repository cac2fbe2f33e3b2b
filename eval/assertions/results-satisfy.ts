import { z } from 'zod';
import { ConditionSchema, satisfies } from './ops.ts';
import { defineAssertion, scored } from './types.ts';

const Value = z
  .object({
    /** Conditions every returned customer must meet, judged on their full profile (not the search's metadata). */
    where: z.array(ConditionSchema).default([]),
    minResults: z.number().int().min(0).default(1),
    maxResults: z.number().int().min(0).optional(),
  })
  .strict();

export default defineAssertion({
  type: 'results-satisfy',
  description: "Every RM search result's customer profile satisfies every condition (filter correctness).",
  appliesTo: ['search'],
  value: Value,
  evaluate(v, ctx, options) {
    const s = ctx.search;
    if (!s || s.error) return { pass: false, score: 0, reason: `search failed: ${s?.error ?? 'no search outcome'}` };
    const n = s.results.length;
    if (n < v.minResults || (v.maxResults !== undefined && n > v.maxResults))
      return { pass: false, score: 0, reason: `${n} results (expected ${v.minResults}…${v.maxResults ?? '∞'})` };
    const failures: string[] = [];
    let ok = 0;
    for (const r of s.results) {
      const profile = s.profiles[r.customerId];
      if (!profile) {
        failures.push(`${r.customerId}: profile not found`);
        continue;
      }
      const bad = v.where.filter((c) => !satisfies((profile as Record<string, unknown>)[c.field], c.op, c.value));
      if (bad.length === 0) ok++;
      else
        failures.push(
          ...bad.map(
            (c) =>
              `${r.customerId}: ${c.field}=${JSON.stringify((profile as Record<string, unknown>)[c.field])} not ${c.op} ${JSON.stringify(c.value)}`,
          ),
        );
    }
    const score = n === 0 ? 1 : ok / n;
    return scored(
      score,
      options,
      failures.length ? failures.slice(0, 5).join('; ') : `${n} result(s), all satisfy ${v.where.length} condition(s)`,
    );
  },
});
