import { categoryWords, PRODUCTS } from '../../domain/catalog/index.ts';
import type { Customer, Product } from '../../domain/index.ts';
import {
  creditBand,
  digitalPhrase,
  GOAL_WORDS,
  HORIZON_WORDS,
  LIFE_STAGE_WORDS,
  listWords,
  money,
  SEGMENT_WORDS,
  tenurePhrase,
  utilizationPhrase,
} from './phrases.ts';

export * from './phrases.ts';

export interface DescribeOptions {
  /** Include the RM's free-text note (quoted, as data). Default true. */
  includeNotes?: boolean;
  /** Extra finished sentences appended before the note (e.g. behaviour insights from ingest/behaviour). */
  extraSentences?: readonly string[];
}

/**
 * THE customer description template (documented in docs/DATA.md). One paragraph an RM would
 * write; the text that is embedded into the `customers` collection and shown as a search result:
 *
 *   "{age}-year-old {life stage} customer ({segment} segment), income {money} a year,
 *    {credit band} credit score ({score}), {utilisation}. Savings {money}; {loans}.
 *    {Tenure}, {digital}. {Risk} risk tolerance, {horizon} investment horizon.
 *    Holds {product (category), …}. Goals: {goal, …}. [{extra sentences}] [RM note: "{notes}"]"
 *
 * Exact age and credit score are kept (RMs filter on them); money is rounded as people say it.
 */
export function describeCustomer(
  customer: Customer,
  products: readonly Product[] = PRODUCTS,
  options: DescribeOptions = {},
): string {
  const { includeNotes = true, extraSentences = [] } = options;
  const c = customer;
  const byId = new Map(products.map((p) => [p.id, p]));
  const s: string[] = [];
  s.push(
    `${c.age}-year-old ${LIFE_STAGE_WORDS[c.lifeStage]} customer (${SEGMENT_WORDS[c.segment]} segment), ` +
      `income ${c.income > 0 ? `${money(c.income)} a year` : 'none'}, ` +
      `${creditBand(c.creditScore)} credit score (${c.creditScore}), ${utilizationPhrase(c.creditUtilization)}.`,
  );
  s.push(
    `Savings ${c.savingsBalance > 0 ? money(c.savingsBalance) : 'none'}; ` +
      `${c.loanAmount > 0 ? `owes ${money(c.loanAmount)} in loans` : 'no outstanding loans'}.`,
  );
  s.push(`${capitalize(tenurePhrase(c.tenureYears))}, ${digitalPhrase(c.digitalEngagement)}.`);
  s.push(`${capitalize(c.riskTolerance)} risk tolerance, ${HORIZON_WORDS[c.investmentHorizon]} investment horizon.`);
  const held = c.productsHeld.map((id) => {
    const p = byId.get(id);
    return p ? `${p.name} (${categoryWords(p.category)})` : id;
  });
  s.push(held.length ? `Holds ${listWords(held)}.` : 'Holds no products with us yet.');
  s.push(c.goals.length ? `Goals: ${listWords(c.goals.map((g) => GOAL_WORDS[g]))}.` : 'No stated goals.');
  for (const extra of extraSentences) s.push(extra);
  if (includeNotes && c.notes) s.push(`RM note: "${c.notes.replace(/\s+/g, ' ').trim()}"`);
  return s.join(' ');
}

const capitalize = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
