import { z } from 'zod';
import { profileLines, profileOf, ProfileSchema } from './profile-view.ts';
import { visibleClient } from './client-brief.ts';
import { defineTool } from './types.ts';

/** Two to four clients side by side. */
export const compareClientsTool = defineTool({
  name: 'compare_clients',
  description: 'Compare two to four clients of the book: income, savings, credit score, risk, holdings.',
  scope: 'rm',
  input: z.object({ clientIds: z.array(z.string().min(1).max(64)).min(2).max(4) }),
  output: z.object({ profiles: z.array(ProfileSchema) }),
  async run(ctx, input) {
    return { profiles: input.clientIds.map((id) => profileOf(visibleClient(ctx, id), ctx.products)) };
  },
  facts: (out) => out.profiles.flatMap((p) => profileLines(p, 'client')),
});
