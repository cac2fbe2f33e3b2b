import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import { createFilterParser } from '../../server/retrieval/filter/index.ts';
import { queryWithout } from '../src/console/chips.ts';

/**
 * Contract between the console's chip removal and the filter parser: removing a chip drops
 * that phrase from the query text, and re-parsing the new query yields every OTHER constraint
 * unchanged and not the removed one.
 */
describe('removing a filter chip re-runs the search without exactly that constraint', () => {
  const parser = createFilterParser(PRODUCTS);
  const queries = [
    'customers with credit score over 650 nearing retirement interested in investment products',
    'high-income young professionals without a mortgage',
    'customers aged between 30 and 40 with income over 50k and low risk tolerance',
  ];
  for (const query of queries) {
    it(query, () => {
      const parsed = parser.parse(query);
      const phrases = [...new Set(parsed.constraints.map((c) => c.text))];
      expect(phrases.length).toBeGreaterThanOrEqual(2);
      for (const phrase of phrases) {
        const again = parser.parse(queryWithout(query, phrase));
        const strip = (cs: typeof parsed.constraints) =>
          cs.map(({ field, op, value, text }) => ({ field, op, value, text }));
        expect(strip(again.constraints)).toEqual(strip(parsed.constraints.filter((c) => c.text !== phrase)));
      }
    });
  }
});
