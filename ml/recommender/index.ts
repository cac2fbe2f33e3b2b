import { loadArtifacts, recommenderDir } from './train/artifacts.ts';
import { initBackend } from './train/backend.ts';
import { syntheticSpec } from './train/datasets/synthetic.ts';
import type { Customer, Product } from '../../domain/index.ts';
import type { EmbeddingMapService } from '../../domain/api/embedding-map.ts';
import { TwoTowerRecommender, type TwoTowerOptions } from './two-tower.ts';

export { TwoTowerRecommender } from './two-tower.ts';
export type * from './types.ts';

export interface LoadRecommenderOptions extends TwoTowerOptions {
  artifactsDir: string;
  /** Only 'synthetic' serves live customers (the Customer schema); Santander is evaluation-only. */
  dataset?: 'synthetic';
  /** The catalog: its product ids must be the ones the model was trained on (else IncompatibleError). */
  products: readonly Product[];
}

/**
 * Load the trained artifacts once (at server start). Throws NotFoundError when none exist (run
 * `npm run train -- --dataset synthetic`) and IncompatibleError when their feature schema (feature
 * layout or product list) does not match what this code and catalog would feed them.
 */
export async function loadRecommender(options: LoadRecommenderOptions): Promise<TwoTowerRecommender> {
  await initBackend();
  const dataset = options.dataset ?? 'synthetic';
  const artifacts = await loadArtifacts(recommenderDir(options.artifactsDir, dataset), syntheticSpec(options.products));
  return new TwoTowerRecommender(artifacts, options.products, options);
}

/** The console's embedding map (AppDeps.embeddingMap) backed by a loaded recommender. */
export function projectEmbeddings(recommender: TwoTowerRecommender): EmbeddingMapService {
  return {
    async forCustomer(customer: Customer) {
      const { method, points } = recommender.embeddingMap(customer);
      return { method, points };
    },
  };
}
