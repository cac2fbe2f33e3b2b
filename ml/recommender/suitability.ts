import { productById } from '../../domain/catalog/index.ts';
import { MAX_RISK_LEVEL, type Customer, type Product, type ProductCategory } from '../../domain/index.ts';
import { formatEnum } from '../../domain/format.ts';
import type { Exclusion, SuitabilityRule } from './types.ts';

/**
 * Suitability and eligibility: HARD rules applied after scoring. Nothing upstream (prompt, LLM,
 * request option) can switch them off — `recommend` has no parameter for it. A product is excluded
 * by the first rule it breaks, in this order; every exclusion names the rule and the numbers.
 */
type Check = (c: Customer, p: Product) => string | null;

const money = (n: number) => `£${Math.round(n).toLocaleString('en-GB')}`;

/**
 * Categories where a second product makes no sense for a retail customer: one main current
 * account, one mortgage on the home. Holding any product of the category excludes the others.
 */
const ONE_PER_CUSTOMER_CATEGORIES: ReadonlySet<ProductCategory> = new Set(['current_account', 'mortgage']);

function heldOfCategory(c: Customer, p: Product): Product | undefined {
  if (!ONE_PER_CUSTOMER_CATEGORIES.has(p.category)) return undefined;
  for (const id of c.productsHeld) {
    const held = productById(id);
    if (held && held.id !== p.id && held.category === p.category) return held;
  }
  return undefined;
}

export const RULE_CHECKS: readonly [SuitabilityRule, Check][] = [
  ['already_held', (c, p) => (c.productsHeld.includes(p.id) ? `customer already holds ${p.id}` : null)],
  [
    'category_already_held',
    (c, p) => {
      const held = heldOfCategory(c, p);
      return held
        ? `customer already holds a ${formatEnum(p.category)} (${held.name}); a second one is not suitable`
        : null;
    },
  ],
  [
    'risk_above_tolerance',
    (c, p) => {
      const max = MAX_RISK_LEVEL[c.riskTolerance];
      return p.riskLevel > max ? `risk level ${p.riskLevel} above tolerance '${c.riskTolerance}' (max ${max})` : null;
    },
  ],
  [
    'min_credit_score',
    (c, p) =>
      c.creditScore < p.eligibility.minCreditScore
        ? `credit score ${c.creditScore} below minimum ${p.eligibility.minCreditScore}`
        : null,
  ],
  [
    'min_income',
    (c, p) =>
      c.income < p.eligibility.minIncome
        ? `income ${money(c.income)} below minimum ${money(p.eligibility.minIncome)}`
        : null,
  ],
  ['min_age', (c, p) => (c.age < p.eligibility.minAge ? `age ${c.age} below minimum ${p.eligibility.minAge}` : null)],
  ['max_age', (c, p) => (c.age > p.eligibility.maxAge ? `age ${c.age} above maximum ${p.eligibility.maxAge}` : null)],
];

/** The first rule `product` breaks for `customer`, or null when it may be recommended. */
export function checkSuitability(customer: Customer, product: Product): Exclusion | null {
  for (const [rule, check] of RULE_CHECKS) {
    const detail = check(customer, product);
    if (detail) return { productId: product.id, rule, detail };
  }
  return null;
}

/** Split products into allowed ones and exclusions (each excluded product reported once). */
export function applySuitability(
  customer: Customer,
  products: readonly Product[],
): { allowed: Set<string>; excluded: Exclusion[] } {
  const allowed = new Set<string>();
  const excluded: Exclusion[] = [];
  for (const p of products) {
    const ex = checkSuitability(customer, p);
    if (ex) excluded.push(ex);
    else allowed.add(p.id);
  }
  return { allowed, excluded };
}
