import { z } from 'zod';
import { escapeRegExp } from '../../lib/regexp/index.ts';
import { RULE_CHECKS } from '../../ml/recommender/suitability.ts';
import { defineAssertion, verdict } from './types.ts';

const Value = z.object({}).strict().default({});

/**
 * Customer-facing language: no raw product or rule ids, no model scores, no third person about
 * the customer ("customer already holds …"), no bare citation markers like [P1], and money with £.
 */
export default defineAssertion({
  type: 'customer-language',
  description: 'No raw ids, scores, citation markers or third person about the customer; money carries £.',
  appliesTo: ['chat'],
  value: Value,
  evaluate(_v, ctx) {
    const text = ctx.text;
    const problems: string[] = [];
    const ids = [...ctx.knowledge.catalog.keys()].filter((id) =>
      new RegExp(`(?<![\\w-])${escapeRegExp(id)}(?![\\w-])`).test(text),
    );
    if (ids.length) problems.push(`raw product ids ${ids.join(', ')}`);
    const rules = RULE_CHECKS.map(([r]) => r).filter((r) => text.includes(r));
    if (rules.length) problems.push(`raw rule ids ${rules.join(', ')}`);
    if (/\b(score|scored|probability|confidence)\s*[:=]?\s*0?\.\d+/i.test(text)) problems.push('a model score');
    if (/\bcustomer (already )?(holds|has|is)\b/i.test(text)) problems.push('third person about the customer');
    if (/\[P\d+\]/.test(text)) problems.push('bare citation markers');
    if (/\b\d{1,3}(,\d{3})+(\.\d\d)?\b(?!\s*(points|customers|clients))/.test(text.replace(/[£$€]\s?\d[\d,.]*/g, '')))
      problems.push('an amount without £');
    return problems.length ? verdict(false, problems.join('; ')) : verdict(true, 'customer-facing language');
  },
});
