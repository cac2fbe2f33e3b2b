import { z } from 'zod';
import { ForbiddenError } from '../../../lib/errors/index.ts';
import { defineTool } from './types.ts';
import { profileLines, profileOf, ProfileSchema } from './profile-view.ts';

const ACCOUNT_FIELDS = [
  'savings',
  'income',
  'credit_score',
  'utilisation',
  'loans',
  'products',
  'risk',
  'goals',
  'tenure',
  'overview',
] as const;

/** The signed-in customer's own profile: balances, credit score, products held. Takes no id: it can only read the token's customer. */
export const myAccountTool = defineTool({
  name: 'my_account',
  description: "The signed-in customer's own profile: savings balance, income, credit score, loans, products held.",
  scope: 'customer',
  input: z.object({ fields: z.array(z.enum(ACCOUNT_FIELDS)).default(['overview']) }),
  output: z.object({ profile: ProfileSchema, fields: z.array(z.enum(ACCOUNT_FIELDS)) }),
  async run(ctx, input) {
    if (!ctx.customer) throw new ForbiddenError('no signed-in customer');
    return { profile: profileOf(ctx.customer, ctx.products), fields: input.fields };
  },
  facts: (out) => profileLines(out.profile, 'your profile'),
});
