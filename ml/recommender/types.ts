import type { Customer } from '../../domain/index.ts';

/** Shapley value of one feature group for one product's score. */
export interface ShapContribution {
  /** Feature group id, e.g. `income`, `credit`, `age_life_stage`, `risk_tolerance`, `products_held`. */
  group: string;
  /** Human label, e.g. "Income". */
  label: string;
  /** The customer's value in words ("£82,000 a year"). */
  featureValue: string;
  value: number;
}

export interface ShapExplanation {
  /** Expected score over the background sample. */
  baseValue: number;
  /** Sum of contributions = score − baseValue (efficiency, |error| ≤ 1e-4). */
  contributions: ShapContribution[];
  method: 'exact' | 'permutation';
}

export const SUITABILITY_RULES = [
  'risk_above_tolerance',
  'min_credit_score',
  'min_income',
  'min_age',
  'max_age',
  'already_held',
] as const;
export type SuitabilityRule = (typeof SUITABILITY_RULES)[number];

export interface Exclusion {
  productId: string;
  rule: SuitabilityRule;
  /** Why, with the numbers: "risk level 4 above tolerance 'low' (max 2)". */
  detail: string;
}

export interface ProductRecommendation {
  productId: string;
  rank: number;
  /** Model score (temperature-scaled cosine). */
  score: number;
  /** Raw cosine similarity of the two towers' embeddings. */
  similarity: number;
  explanation?: ShapExplanation;
}

export interface Recommendations {
  customerId?: string;
  items: ProductRecommendation[];
  excluded: Exclusion[];
  /** Artifact version + model variant, for the audit trail. */
  modelVersion: string;
}

export interface Recommender {
  readonly modelVersion: string;
  /** Top-k after suitability; `explain` adds SHAP values per recommended product. */
  recommend(customer: Customer, options?: { k?: number; explain?: boolean }): Promise<Recommendations>;
}
