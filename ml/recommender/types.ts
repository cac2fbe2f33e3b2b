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

/** One customer's score for one product, after the suitability rules. */
export type ProductScore =
  | {
      customerId: string;
      suitable: true;
      /** The served score (two-stage logit, or cosine × temperature), comparable across customers for the same model version. */
      score: number;
      similarity: number;
      /** 1-based rank of the product among this customer's suitable products. */
      rank: number;
    }
  | { customerId: string; suitable: false; exclusion: Exclusion };

export interface Recommender {
  readonly modelVersion: string;
  /**
   * Top-k after suitability; `explain` adds SHAP values per recommended product. Served off the
   * event loop: rejects with TooManyRequestsError (429) when the work queue is full, and with the
   * signal's reason when `signal` aborts first (queued work is dropped, running work stopped).
   */
  recommend(
    customer: Customer,
    options?: { k?: number; explain?: boolean; signal?: AbortSignal },
  ): Promise<Recommendations>;
  /**
   * Score one product for many customers in one batch (e.g. rank the whole book for a product):
   * one entry per customer, in input order; unsuitable customers carry the first rule that excludes
   * the product instead of a score. No SHAP. Throws NotFoundError for a product the model does not know.
   */
  scoreProduct(
    customers: readonly Customer[],
    productId: string,
    options?: { signal?: AbortSignal },
  ): Promise<ProductScore[]>;
  /**
   * Scores of every product for many customers in one batched pass, before suitability (row-major
   * [customers × productIds]): what ranking the whole book for one product needs.
   */
  scoreMatrix?(customers: readonly Customer[]): Promise<{ productIds: readonly string[]; scores: Float32Array }>;
  /** Release what the recommender holds (worker threads); called once at shutdown. */
  close?(): Promise<void>;
}
