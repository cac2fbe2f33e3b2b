import type { Customer, Product } from '../../../domain/index.ts';
import type { ProductScore, Recommendations, ShapExplanation } from '../types.ts';

/** What each pool worker loads once (structured-cloned into the thread). */
export interface PoolWorkerData {
  artifactsDir: string;
  products: readonly Product[];
  shapBackground?: number;
  batchRows?: number;
  /** Niceness of the worker thread (Linux sets it per thread). */
  nice?: number;
}

/** One unit of work for a pool worker. */
export type PoolTask =
  | { op: 'recommend'; customer: Customer; k: number; explainAll: boolean }
  | { op: 'scoreProduct'; customers: readonly Customer[]; productId: string }
  | { op: 'scoreMatrix'; customers: readonly Customer[] };

export interface RecommendResult {
  recommendations: Recommendations;
  /** SHAP of every product's score (one SHAP pass explains the whole catalog), when asked. */
  explanations?: [string, ShapExplanation][];
}

export type PoolResult<T extends PoolTask> = T extends { op: 'recommend' }
  ? RecommendResult
  : T extends { op: 'scoreMatrix' }
    ? Float32Array
    : ProductScore[];
