import { defineAssertion, verdict } from './types.ts';
import { includes, TextMatchValue } from './contains.ts';

export default defineAssertion({
  type: 'not-contains',
  description: 'The answer text contains none of the given strings (`all` and `any` are both forbidden lists).',
  appliesTo: ['chat', 'search'],
  value: TextMatchValue,
  evaluate(v, ctx) {
    const found = [...v.all, ...v.any].filter((s) => includes(ctx.text, s, v.caseSensitive));
    return verdict(
      found.length === 0,
      found.length ? `found forbidden ${found.map((f) => JSON.stringify(f)).join(', ')}` : 'no forbidden text',
    );
  },
});
