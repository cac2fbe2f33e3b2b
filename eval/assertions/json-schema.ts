import { z } from 'zod';
import { defineAssertion, verdict } from './types.ts';

/**
 * `value`: a JSON Schema, checked against the structured output — chat: {text, recommendations,
 * meta} of the last turn; search: the response body. Converted once with zod's fromJSONSchema.
 */
const Value = z.record(z.string(), z.unknown()).transform((schema, ctx) => {
  try {
    return { schema, validator: z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]) };
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid JSON schema: ${(err as Error).message}` });
    return z.NEVER;
  }
});

export default defineAssertion({
  type: 'json-schema',
  description: 'The structured output validates against a JSON Schema.',
  appliesTo: ['chat', 'search'],
  value: Value,
  evaluate(v, ctx) {
    const r = v.validator.safeParse(ctx.output);
    if (r.success) return verdict(true, 'output matches the schema');
    const first = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return verdict(false, first.join('; '));
  },
});
