import type { FeatureSpec, RawCustomer, RawProduct } from '../features.ts';

/** A dataset ready for the two-tower model: customers with labels, held products and a fold each. */
export interface TrainingDataset {
  spec: FeatureSpec;
  products: RawProduct[];
  customers: RawCustomer[];
  /** Product indices (spec.productIds) adopted in the next period — the labels. */
  positives: number[][];
  /** Product indices already held: never recommended, masked in training. */
  excluded: number[][];
  /** 0..4: customers of one fold are never in another (split by customer id). */
  fold: number[];
}

/** Validation customers for early stopping: every 10th customer of the training folds (deterministic). */
export const isValidation = (index: number) => index % 10 === 3;
