import type { z } from 'zod';
import { listInWords } from '../../../domain/format.ts';
import type { compareProductsTool } from '../tools/compare-products.ts';
import { eligibilitySentence, feeSentence, rateSentence, riskSentence, termSentence } from './product-facts.ts';
import { type Composer, composed, outputOf } from './types.ts';

type Out = z.infer<(typeof compareProductsTool)['output']>;

/** Two or more products side by side: the headline difference first, then figure by figure. */
export const composeCompareProducts: Composer = (input) => {
  const out = outputOf<Out>(input, 'compare_products');
  if (!out || out.products.length < 2) return composed("I couldn't find both products to compare.");
  const name = (id?: string) => out.products.find((p) => p.id === id)?.name;
  const headline: string[] = [];
  if (out.cheapestFee) headline.push(`the ${name(out.cheapestFee)} costs least to hold`);
  if (out.lowestApr) headline.push(`the ${name(out.lowestApr)} has the lowest APR`);
  if (out.highestYield) headline.push(`the ${name(out.highestYield)} pays the most`);
  const names = listInWords(out.products.map((p) => `the ${p.name}`));
  const first = headline.length
    ? `Comparing ${names}: ${listInWords(headline)}.`
    : `Comparing ${names}: they cost the same to hold.`;
  const lines = out.products.map((p) =>
    [feeSentence(p), rateSentence(p), termSentence(p), riskSentence(p), eligibilitySentence(p)].join(' '),
  );
  return composed([first, ...lines].join('\n\n'), { listedProducts: out.products.map((p) => p.id) });
};
