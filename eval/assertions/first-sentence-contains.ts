import { includes, TextMatchValue } from './contains.ts';
import { firstSentence } from './figures.ts';
import { defineAssertion, scored } from './types.ts';

/** The answer's first sentence contains every `all` string and one of `any` (the answer comes first). */
export default defineAssertion({
  type: 'first-sentence-contains',
  description: 'The first sentence of the answer contains the expected text.',
  appliesTo: ['chat'],
  value: TextMatchValue,
  evaluate(v, ctx, options) {
    const first = firstSentence(ctx.text);
    const missing = v.all.filter((s) => !includes(first, s, v.caseSensitive));
    const anyOk = v.any.length === 0 || v.any.some((s) => includes(first, s, v.caseSensitive));
    const parts = v.all.length + (v.any.length ? 1 : 0);
    const score = (v.all.length - missing.length + (v.any.length && anyOk ? 1 : 0)) / parts;
    return scored(
      score,
      options,
      missing.length === 0 && anyOk
        ? 'first sentence has the expected text'
        : `first sentence ${JSON.stringify(first.slice(0, 120))} lacks ${[...missing, ...(anyOk ? [] : [`one of ${v.any.join(' | ')}`])].join(', ')}`,
    );
  },
});
