import type { Customer } from '../../domain/index.ts';
import { generateTransactions } from '../transactions/generate.ts';
import { computeBehaviour, type BehaviourFeatures } from './features.ts';

/**
 * Numeric behaviour features for the two-tower customer tower. Scaled to roughly [0, 1] / unit
 * variance so they sit beside the profile features without a separate scaler.
 */
export const BEHAVIOUR_FEATURE_NAMES = [
  'bh_savings_rate',
  'bh_income_stability',
  'bh_log_monthly_income',
  'bh_subscription_count',
  'bh_log_subscription_total',
  'bh_overdraft_share',
  'bh_utilization_last',
  'bh_utilization_trend',
  'bh_spend_to_income',
  'bh_share_groceries',
  'bh_share_dining',
  'bh_share_travel',
  'bh_share_shopping',
  'bh_share_entertainment',
  'bh_share_transport',
  'bh_share_loan_payment',
  'bh_share_education',
  'bh_share_health',
] as const;

const SHARE_CATS = [
  'groceries',
  'dining',
  'travel',
  'shopping',
  'entertainment',
  'transport',
  'loan_payment',
  'education',
  'health',
] as const;

function behaviourVector(f: BehaviourFeatures): Float32Array {
  const n = Math.max(1, f.months.length);
  const spend = f.totalSpend > 0 ? f.totalSpend : 1;
  const v = [
    f.savingsRate,
    f.incomeStability,
    Math.log1p(Math.max(0, f.totalIncome / n)) / 10,
    f.subscriptionCount / 10,
    Math.log1p(f.subscriptionMonthlyTotal) / 5,
    f.overdraftMonths.length / n,
    f.utilizationLast ?? 0,
    f.utilizationSlope * 12,
    Math.min(2, f.spendToIncome),
    ...SHARE_CATS.map((c) => ((f.avgMonthlySpendByCategory[c] ?? 0) * n) / spend),
  ];
  return Float32Array.from(v);
}

/**
 * `behaviourFeatures(customer, seed)` for the recommender: the customer's synthetic transactions (derived
 * from seed + id, so identical to the generated files) → features → vector.
 */
export function behaviourFeatures(
  customer: Customer,
  seed: number,
): { names: readonly string[]; values: Float32Array; features: BehaviourFeatures } {
  const features = computeBehaviour(customer.id, generateTransactions(customer, { seed }));
  return { names: BEHAVIOUR_FEATURE_NAMES, values: behaviourVector(features), features };
}
