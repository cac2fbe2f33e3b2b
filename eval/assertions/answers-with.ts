import { z } from 'zod';
import { computeFigures, FigureSchema, firstSentence, statesFigure, textAfterLabel } from './figures.ts';
import { defineAssertion, scored, verdict } from './types.ts';

const Value = z
  .object({
    /** Where the expected figure comes from; it is computed from the data when the case runs. */
    figure: FigureSchema,
    /** The figure must be in the answer's first sentence (the answer comes first). */
    firstSentence: z.boolean().default(false),
  })
  .strict();

/**
 * The answer states a figure computed from the data: a product's fee or rate from the catalog, a
 * field of the customer's profile or of a client, or a count/aggregate over the whole book
 * (grouped: every group named with its own figure on the same line or sentence).
 */
export default defineAssertion({
  type: 'answers-with',
  description: 'The answer states the figure the data gives (catalog, profile, client or book aggregate).',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx, options) {
    let figures;
    try {
      figures = computeFigures(v.figure, ctx);
    } catch (err) {
      return verdict(false, `cannot compute the expected figure: ${(err as Error).message}`);
    }
    const text = v.firstSentence ? firstSentence(ctx.text) : ctx.text;
    const missing = figures.filter((f) =>
      f.label ? !textAfterLabel(text, f.label).some((span) => statesFigure(span, f)) : !statesFigure(text, f),
    );
    const show = (f: (typeof figures)[number]) => (f.label ? `${f.label}: ${f.shown}` : f.shown);
    return scored(
      (figures.length - missing.length) / figures.length,
      options,
      missing.length
        ? `expected ${missing.map(show).join(', ')}${v.firstSentence ? ' in the first sentence' : ''}`
        : `states ${figures.map(show).join(', ')}`,
    );
  },
});
