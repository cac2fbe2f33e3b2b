import { z } from 'zod';
import { defineAssertion, verdict } from './types.ts';

/** Phrases that put the customer in touch with a person. */
const PERSON =
  /\b(speak|talk|chat)\s+(to|with)\b|\b(colleague|adviser|advisor|agent|specialist|human|person|someone|team|branch)\b|\bcall (us|our)\b|\bget in touch\b|\bcontact (us|our)\b|\bhand(ed)? (you )?over\b|\bpassed (this|it|you) (on|to)\b/i;
/** Phrases that admit the assistant does not have the answer. */
const UNKNOWN =
  /\b(i\s+(do not|don't|can't|cannot|couldn't|could not)\s+(know|find|answer|help with|see)|i'm not (sure|able)|i am not (sure|able)|no (information|answer|details)|not something i can|(don't|do not) have (that|any|an?)?\s?(reliable |good |clear )?(answer|information|details))\b/i;

const Value = z
  .object({
    /** Also says it does not know (an unknown how-to must not be answered from a weak passage). */
    admitsUnknown: z.boolean().default(false),
    /** The answer was flagged for a person (data-meta.escalated), as complaints, fraud and disputes are. */
    escalated: z.boolean().default(false),
  })
  .strict()
  .default({ admitsUnknown: false, escalated: false });

export default defineAssertion({
  type: 'offers-person',
  description: 'The answer offers a person (and, when asked, admits it does not know or was escalated).',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    const problems: string[] = [];
    if (!PERSON.test(ctx.text) && ctx.meta?.escalated !== true) problems.push('offers no person to speak to');
    if (v.admitsUnknown && !UNKNOWN.test(ctx.text)) problems.push('does not say it does not know');
    if (v.escalated && ctx.meta?.escalated !== true) problems.push('not flagged for a person (meta.escalated)');
    return problems.length ? verdict(false, problems.join('; ')) : verdict(true, 'offers a person');
  },
});
