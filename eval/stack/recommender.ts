import { PRODUCTS } from '../../domain/catalog/index.ts';
import type { Product } from '../../domain/index.ts';
import type { ArtifactManifest } from '../../ml/recommender/train/artifacts.ts';
import { buildSyntheticDataset } from '../../ml/recommender/train/datasets/synthetic.ts';
import { trainAndSave } from '../../ml/recommender/train/train-dataset.ts';

/**
 * Train a tiny synthetic model quickly (≈ seconds) for integration tests of other parts: real
 * artifacts from the real training code, just small. `dir` is used as the artifacts dir, so
 * `loadRecommender({ artifactsDir: dir, products })` loads the result. The ranking stage is always
 * saved (whether or not a tiny fit beats the towers), so tests run the two-stage path that serves.
 */
export async function trainForTests(options: {
  dir: string;
  customers?: number;
  epochs?: number;
  seed?: number;
  products?: readonly Product[];
}): Promise<{ artifactsDir: string; manifest: ArtifactManifest }> {
  const { generateCustomers } = await import('../../data/synthetic/generate.ts');
  const products = options.products ?? PRODUCTS;
  const seed = options.seed ?? 7;
  const customers = [];
  const adoptions = new Map<string, string[]>();
  for (const g of generateCustomers({ seed, count: options.customers ?? 500, products })) {
    customers.push(g.customer);
    adoptions.set(g.adoption.id, g.adoption.added);
  }
  const ds = buildSyntheticDataset(customers, adoptions, products);
  const { manifest } = await trainAndSave(ds, {
    dataset: 'synthetic',
    artifactsDir: options.dir,
    variants: ['mlp'],
    backgroundSize: 16,
    train: {
      epochs: options.epochs ?? 3,
      seed,
      batchSize: 128,
      model: { hidden: [32], embeddingDim: 16, categoricalDim: 4, dropout: 0 },
    },
    ranker: { epochs: 2, dim: 8, hidden: 16, batchSize: 128 },
    keepRanker: 'always',
  });
  return { artifactsDir: options.dir, manifest };
}
