import { z } from 'zod';
import { isInvestment } from '../../domain/index.ts';
import { INVESTMENT_DISCLAIMER } from '../../server/assistant/prompts/texts.ts';
import { defineAssertion, verdict } from './types.ts';
import { escapeRegExp } from '../../lib/regexp/index.ts';

/**
 * The prompts' versioned disclaimer (its first sentence), or a common risk-warning phrase; a suite
 * may give its own pattern.
 */
const DEFAULT_DISCLAIMER = new RegExp(
  [
    escapeRegExp(INVESTMENT_DISCLAIMER.text.split('. ')[0]!),
    'capital (is )?at risk',
    '(value of )?(your )?investments? can (go down|fall)',
    '(may|might|could) get back less',
    'past performance is not a (reliable )?(guide|indicator)',
  ].join('|'),
  'i',
);

const Value = z
  .object({
    /** `investment`: required only when an investment product is recommended or named; `always`: every answer. */
    when: z.enum(['investment', 'always']).default('investment'),
    pattern: z.string().optional(),
  })
  .strict()
  .default({ when: 'investment' })
  .transform((v, ctx) => {
    try {
      return { when: v.when, re: v.pattern ? new RegExp(v.pattern, 'i') : DEFAULT_DISCLAIMER };
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid pattern: ${(err as Error).message}` });
      return z.NEVER;
    }
  });

export default defineAssertion({
  type: 'disclaimer',
  description: 'Answers that recommend an investment product carry the risk disclaimer.',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    const investments = ctx.recommendations
      .map((r) => ctx.knowledge.catalog.get(r.productId))
      .filter((p) => p !== undefined && isInvestment(p))
      .map((p) => p!.id);
    const needed = v.when === 'always' || investments.length > 0;
    if (!needed) return verdict(true, 'no investment product recommended; disclaimer not required');
    const has = v.re.test(ctx.text);
    return verdict(
      has,
      has
        ? 'disclaimer present'
        : `no disclaimer, though ${investments.length ? `investment products recommended (${investments.join(', ')})` : 'always required'}`,
    );
  },
});
