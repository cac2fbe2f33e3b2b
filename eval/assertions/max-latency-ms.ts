import { z } from 'zod';
import { defineAssertion, verdict } from './types.ts';

export default defineAssertion({
  type: 'max-latency-ms',
  description: 'Every turn (or the search) completed within `value` milliseconds.',
  appliesTo: ['chat', 'search'],
  value: z.number().positive(),
  evaluate(limit, ctx) {
    return verdict(ctx.latencyMs <= limit, `slowest ${Math.round(ctx.latencyMs)} ms (limit ${limit} ms)`);
  },
});
