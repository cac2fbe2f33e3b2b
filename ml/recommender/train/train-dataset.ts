import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../../lib/config/index.ts';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import type { Product } from '../../../domain/index.ts';
import { saveArtifacts, recommenderDir, type ArtifactManifest } from './artifacts.ts';
import { initBackend } from './backend.ts';
import { loadSantanderDataset } from './datasets/santander-data.ts';
import { loadSyntheticDataset } from './datasets/synthetic.ts';
import type { TrainingDataset } from './datasets/types.ts';
import { fitDataset, type RankerPolicy } from './fit.ts';
import type { RankerConfig } from './ranker.ts';
import type { ModelVariant } from './model.ts';
import { productEmbeddings, type TrainOptions } from './trainer.ts';

export type DatasetName = 'synthetic' | 'santander';

/** `<stateDir>/data/synthetic`, generated (config.seed, config.customers) when it has no manifest. */
async function ensureSyntheticData(dir: string, seed: number, count: number, log: (s: string) => void): Promise<void> {
  if (existsSync(join(dir, 'manifest.json'))) return;
  log(`synthetic dataset missing at ${dir}: generating ${count} customers (seed ${seed})`);
  const { writeSyntheticDataset } = await import('../../../data/synthetic/write.ts');
  await writeSyntheticDataset({
    dir,
    seed,
    count,
    onProgress: (d, t) => log(`generated ${d}/${t}`),
    progressEvery: Math.max(1000, Math.floor(count / 10)),
  });
}

export async function loadDataset(
  name: DatasetName,
  config: Pick<Config, 'sharedDataDir' | 'stateDir' | 'seed' | 'customers'>,
  options: { syntheticDir?: string; products?: readonly Product[]; log?: (s: string) => void } = {},
): Promise<TrainingDataset> {
  if (name === 'santander') return loadSantanderDataset(config.sharedDataDir);
  const dir = options.syntheticDir ?? join(config.stateDir, 'data', 'synthetic');
  await ensureSyntheticData(dir, config.seed, config.customers, options.log ?? (() => {}));
  return loadSyntheticDataset(dir, options.products ?? PRODUCTS, { preferences: true });
}

export interface TrainRunOptions {
  dataset: DatasetName;
  artifactsDir: string;
  variants?: ModelVariant[];
  train?: Partial<TrainOptions>;
  /** Ranking-stage settings (default: ranker.ts's); false: towers only. */
  ranker?: Partial<RankerConfig> | false;
  /** Default 'if-better': the ranking stage is saved only when it beats the towers on validation. */
  keepRanker?: RankerPolicy;
  /** Held-out fold for the test metrics stored with the model (default 0). */
  testFold?: number;
  /** Training customers kept as the SHAP background (default 64). */
  backgroundSize?: number;
  log?: (line: string) => void;
}

/**
 * Train on a loaded dataset, keep the better variant, train the ranking stage over it (saved when it
 * beats the towers alone on validation), write versioned artifacts atomically.
 */
export async function trainAndSave(
  ds: TrainingDataset,
  options: TrainRunOptions,
): Promise<{ manifest: ArtifactManifest; dir: string; metrics: Record<string, unknown> }> {
  const backend = await initBackend();
  const log = options.log ?? (() => {});
  const testFold = options.testFold ?? 0;
  const fit = await fitDataset(ds, {
    testFold,
    variants: options.variants,
    train: options.train,
    ranker: options.ranker,
    keepRanker: options.keepRanker,
    log,
  });
  const towers = fit.chosen.model;
  const emb = productEmbeddings(fit.pre, fit.products, towers);
  const metrics = {
    dataset: ds.spec.dataset,
    backend,
    split: {
      testFold,
      train: fit.split.train.length,
      validation: fit.split.val.length,
      test: fit.split.test.length,
      rule: 'fold = customer id % 5; validation = ~10% of the training folds by a hash of the customer position',
    },
    variants: fit.variants.map((v) => ({
      variant: v.variant,
      bestValMap7: v.valMap7,
      bestEpoch: v.model.bestEpoch,
      epochsRun: v.model.history.length,
      seconds: v.model.seconds,
      history: v.model.history,
    })),
    chosen: fit.chosen.variant,
    ranker: fit.ranker && {
      bestValMap7: fit.ranker.valMap7,
      kept: fit.ranker.kept,
      bestEpoch: fit.ranker.model.bestEpoch,
      epochsRun: fit.ranker.model.history.length,
      seconds: fit.ranker.model.seconds,
      config: fit.ranker.model.config,
      history: fit.ranker.model.history,
    },
    served: fit.ranker?.kept ? 'two-stage' : 'towers',
    test: fit.test,
    towersTest: fit.towersTest,
  };
  const dir = recommenderDir(options.artifactsDir, ds.spec.dataset);
  // SHAP background: an evenly spaced sample of TRAIN customers (never test customers).
  const step = Math.max(1, Math.floor(fit.split.train.length / (options.backgroundSize ?? 64)));
  const bgIdx = fit.split.train.filter((_, i) => i % step === 0).slice(0, options.backgroundSize ?? 64);
  const background = {
    ids: bgIdx.map((i) => ds.customers[i].id),
    rows: fit.pre.transform(bgIdx.map((i) => ds.customers[i])),
  };
  const manifest = await saveArtifacts(dir, {
    pre: fit.pre,
    customerTower: towers.customerTower,
    productTower: towers.productTower,
    temperature: towers.temperature,
    productEmbeddings: emb.data,
    metrics,
    background,
    ranker: fit.ranker?.kept ? fit.ranker.model.params() : undefined,
    manifest: {
      dataset: ds.spec.dataset,
      variant: fit.chosen.variant,
      config: towers.config,
      temperature: towers.temperature,
      productIds: [...ds.spec.productIds],
      embeddingDim: emb.dim,
      seed: options.train?.seed ?? 42,
      trainCustomers: fit.split.train.length,
    },
  });
  fit.ranker?.model.dispose();
  return { manifest, dir, metrics };
}
