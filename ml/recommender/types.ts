import type { Customer } from '../../domain/index.ts';

import type {
  Exclusion as WireExclusion,
  Recommendations as WireRecommendations,
} from '../../domain/api/recommendations.ts';

export type {
  ProductRecommendation,
  ShapExplanation,
} from '../../domain/api/recommendations.ts';

export const SUITABILITY_RULES = [
  'risk_above_tolerance',
  'min_credit_score',
  'min_income',
  'min_age',
  'max_age',
  'already_held',
  'category_already_held',
] as const;
export type SuitabilityRule = (typeof SUITABILITY_RULES)[number];

/** An exclusion as the recommender produces it: the rule is one of SUITABILITY_RULES. */
export type Exclusion = WireExclusion & { rule: SuitabilityRule };

export type Recommendations = Omit<WireRecommendations, 'excluded'> & { excluded: Exclusion[] };

export interface Recommender {
  readonly modelVersion: string;
  /** Top-k after suitability; `explain` adds SHAP values per recommended product. */
  recommend(customer: Customer, options?: { k?: number; explain?: boolean }): Promise<Recommendations>;
  /**
   * Scores of every product for many customers in one batched pass, before suitability (row-major
   * [customers × productIds]): what ranking the whole book for one product needs.
   */
  scoreMatrix?(customers: readonly Customer[]): Promise<{ productIds: readonly string[]; scores: Float32Array }>;
}
