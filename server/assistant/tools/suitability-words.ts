import { formatMoney } from '../../../domain/format.ts';
import { MAX_RISK_LEVEL, type Customer, type Product } from '../../../domain/index.ts';
import { RULE_CHECKS } from '../../../ml/recommender/suitability.ts';
import type { SuitabilityRule } from '../../../ml/recommender/types.ts';

/**
 * Why a product is not available to a customer, in words addressed to the reader: "you" for the
 * customer ("you already have the Cash ISA"), the client's first name for an RM. Never a rule id
 * or a raw product id.
 */
export function ruleWords(rule: string, c: Customer, p: Product, audience: 'customer' | 'rm'): string {
  const you = audience === 'customer';
  const who = you ? 'you' : c.name.split(' ')[0]!;
  const has = you ? 'have' : 'has';
  const yours = you ? 'yours' : 'theirs';
  const e = p.eligibility;
  switch (rule as SuitabilityRule | 'category_already_held') {
    case 'already_held':
      return `${who} already ${has} the ${p.name}`;
    case 'category_already_held':
      return `${who} already ${has} a product of this kind`;
    case 'risk_above_tolerance':
      return `it is risk level ${p.riskLevel} of 5, above the level ${MAX_RISK_LEVEL[c.riskTolerance]} that ${you ? 'your' : 'their'} ${c.riskTolerance} risk tolerance allows`;
    case 'min_credit_score':
      return `it needs a credit score of at least ${e.minCreditScore} (${yours} is ${c.creditScore})`;
    case 'min_income':
      return `it needs an income of at least ${formatMoney(e.minIncome)} a year (${yours} is ${formatMoney(c.income)})`;
    case 'min_age':
      return `it is for people aged ${e.minAge} or over`;
    case 'max_age':
      return `it is for people aged ${e.maxAge} or under`;
    default:
      return 'it is not available on this profile';
  }
}

/** Every rule the customer fails for the product (not only the first), as rule ids. */
export function failedRules(c: Customer, p: Product): string[] {
  return RULE_CHECKS.filter(([, check]) => check(c, p) !== null).map(([rule]) => rule);
}
