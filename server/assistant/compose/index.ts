import type { Intent } from '../dialogue/plan.ts';
import { composeAggregate, composeCount, composeRank, composeSearch } from './book.ts';
import { composeBrief, composeCompareClients } from './clients.ts';
import { composeCompareProducts } from './compare-products.ts';
import { composeChitchat, composeClarify, composeHandoff, composeOutOfScope } from './dialogue.ts';
import { composeEligibility } from './eligibility.ts';
import { composeKnowledge } from './knowledge.ts';
import { composeMyAccount } from './my-account.ts';
import { composeProductFacts } from './product-facts.ts';
import { composeGuarantee, composeRecommend } from './recommend.ts';
import { composeSpending } from './spending.ts';
import type { ComposeInput, Composed, Composer } from './types.ts';

export type { ComposeInput, Composed } from './types.ts';

/** One composer per intent: the default generator's answers, written from the tool results alone. */
const COMPOSERS: Record<Intent, Composer> = {
  product_facts: composeProductFacts,
  compare_products: composeCompareProducts,
  knowledge: composeKnowledge,
  recommend: composeRecommend,
  eligibility: composeEligibility,
  guarantee: composeGuarantee,
  my_account: composeMyAccount,
  spending: composeSpending,
  search_book: composeSearch,
  count_book: composeCount,
  aggregate_book: composeAggregate,
  rank_book: composeRank,
  client_brief: composeBrief,
  compare_clients: composeCompareClients,
  chitchat: composeChitchat,
  clarify: composeClarify,
  out_of_scope: composeOutOfScope,
  handoff: composeHandoff,
};

export function compose(input: ComposeInput): Composed {
  return COMPOSERS[input.plan.intent](input);
}
