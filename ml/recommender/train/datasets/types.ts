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

/**
 * Validation customers for early stopping: ~10% of the training folds, chosen by a hash of the
 * customer's position (deterministic, and independent of the id-based fold: a plain `index % 10`
 * would line up with `id % 5` when ids are consecutive and leave one fold without validation).
 */
export function isValidation(index: number): boolean {
  let h = Math.imul(index ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % 10 === 3;
}
