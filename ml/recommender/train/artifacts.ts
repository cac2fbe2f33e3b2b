import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { IncompatibleError, NotFoundError } from '../../../lib/errors/index.ts';
import { featureSchemaHash, Preprocessor, type FeatureSpec, type PreprocessorState } from './features.ts';
import type { ModelConfig } from './model.ts';
import type { RankerParams } from './ranker.ts';
import './model.ts'; // registers the NumericTokens layer class before any model is deserialized

/**
 * Recommender artifacts, one directory per dataset: `<artifactsDir>/recommender/<dataset>/`
 *   manifest.json            schema version, feature schema hash, variant, temperature, provenance
 *   preprocessing.json       fitted (train-only) statistics and vocabularies
 *   customer_tower.json/.bin, product_tower.json/.bin   TF.js Layers models
 *   product_embeddings.json  L2-normalized product embeddings (serving never runs the product tower)
 *   metrics.json             validation/test metrics of the run that produced them
 *   background.json          preprocessed rows of a sample of training customers (SHAP background)
 *   ranker.json              optional: the ranking stage's weights (train/ranker.ts), present when it beat
 *                            the towers alone on validation; without it the towers serve alone
 * The directory is written under a temporary name and renamed into place, so a reader sees the old
 * complete set or the new complete set, never a mix.
 */
const ARTIFACT_SCHEMA_VERSION = 1;

export interface ArtifactManifest {
  schemaVersion: number;
  dataset: string;
  featureSchemaHash: string;
  variant: ModelConfig['variant'];
  config: ModelConfig;
  temperature: number;
  productIds: string[];
  embeddingDim: number;
  seed: number;
  createdAt: string;
  /** `<dataset>@<hash>:<variant>[+ranker]:<createdAt>` — what the audit trail records. */
  modelVersion: string;
  trainCustomers: number;
}

export interface RecommenderArtifacts {
  manifest: ArtifactManifest;
  pre: Preprocessor;
  customerTower: tf.LayersModel;
  productTower: tf.LayersModel;
  temperature: number;
  productEmbeddings: Float32Array;
  metrics: unknown;
  /** Preprocessed rows of a sample of TRAIN customers: the SHAP background and the map's context points. */
  background: { ids: string[]; rows: Float32Array };
  /** The ranking stage over the towers' scores, when it is served. */
  ranker?: RankerParams;
}

const rankerArrays = ['numW', 'numB', 'prodEmb', 'hW', 'hB', 'topH', 'topCp', 'topP', 'topT', 'topB', 'outW'] as const;
const rankerArrayLists = ['catEmb', 'bagProj', 'prodCatEmb'] as const;

function rankerToJson(r: RankerParams): string {
  const json: Record<string, unknown> = { dim: r.dim, hidden: r.hidden, useTowerScore: r.useTowerScore };
  json.productCodes = r.productCodes.map((c) => Array.from(c));
  for (const k of rankerArrays) json[k] = Array.from(r[k]);
  for (const k of rankerArrayLists) json[k] = r[k].map((a) => Array.from(a));
  return JSON.stringify(json);
}

function rankerFromJson(text: string): RankerParams {
  const j = JSON.parse(text);
  const arrays = Object.fromEntries(rankerArrays.map((k) => [k, Float32Array.from(j[k] as number[])]));
  const lists = Object.fromEntries(
    rankerArrayLists.map((k) => [k, (j[k] as number[][]).map((a) => Float32Array.from(a))]),
  );
  return {
    dim: j.dim,
    hidden: j.hidden,
    useTowerScore: j.useTowerScore,
    productCodes: (j.productCodes as number[][]).map((c) => Int32Array.from(c)),
    ...arrays,
    ...lists,
  } as RankerParams;
}

export const recommenderDir = (artifactsDir: string, dataset: string) => join(artifactsDir, 'recommender', dataset);

async function modelFiles(model: tf.LayersModel): Promise<{ json: string; bin: Buffer }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('model.save produced nothing');
  const data = saved.weightData;
  const joined = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data as ArrayBuffer);
  return {
    json: JSON.stringify({ modelTopology: saved.modelTopology, weightSpecs: saved.weightSpecs }),
    bin: Buffer.from(joined),
  };
}

async function loadModel(dir: string, name: string): Promise<tf.LayersModel> {
  const { modelTopology, weightSpecs } = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8'));
  const bin = await readFile(join(dir, `${name}.bin`));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData }));
}

export async function saveArtifacts(
  dir: string,
  a: Omit<RecommenderArtifacts, 'manifest'> & {
    manifest: Omit<ArtifactManifest, 'schemaVersion' | 'featureSchemaHash' | 'modelVersion' | 'createdAt'>;
  },
): Promise<ArtifactManifest> {
  const createdAt = new Date().toISOString();
  const hash = featureSchemaHash(a.pre.spec);
  const manifest: ArtifactManifest = {
    ...a.manifest,
    schemaVersion: ARTIFACT_SCHEMA_VERSION,
    featureSchemaHash: hash,
    createdAt,
    modelVersion: `${a.manifest.dataset}@${hash}:${a.manifest.variant}${a.ranker ? '+ranker' : ''}:${createdAt}`,
  };
  await mkdir(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  try {
    for (const [name, model] of [
      ['customer_tower', a.customerTower],
      ['product_tower', a.productTower],
    ] as const) {
      const f = await modelFiles(model);
      await writeFile(join(tmp, `${name}.json`), f.json);
      await writeFile(join(tmp, `${name}.bin`), f.bin);
    }
    await writeFile(join(tmp, 'preprocessing.json'), JSON.stringify({ spec: a.pre.spec, state: a.pre.state }, null, 1));
    await writeFile(
      join(tmp, 'product_embeddings.json'),
      JSON.stringify({
        productIds: manifest.productIds,
        dim: manifest.embeddingDim,
        data: Array.from(a.productEmbeddings),
      }),
    );
    await writeFile(join(tmp, 'metrics.json'), JSON.stringify(a.metrics, null, 2));
    await writeFile(
      join(tmp, 'background.json'),
      JSON.stringify({ width: a.pre.layout.width, ids: a.background.ids, rows: Array.from(a.background.rows) }),
    );
    if (a.ranker) await writeFile(join(tmp, 'ranker.json'), rankerToJson(a.ranker));
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const old = `${dir}.old-${process.pid}-${Date.now()}`;
    if (existsSync(dir)) await rename(dir, old);
    await rename(tmp, dir);
    await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return manifest;
}

/**
 * Load artifacts and check they fit `spec` (the feature schema the caller's code builds inputs
 * with). A different schema version or feature schema hash is refused with IncompatibleError:
 * scoring customers with a model trained on another input layout would silently produce garbage.
 */
export async function loadArtifacts(dir: string, spec: FeatureSpec): Promise<RecommenderArtifacts> {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath))
    throw new NotFoundError(
      `No recommender artifacts at ${dir} (missing manifest.json). Run: npm run train -- --dataset ${spec.dataset}`,
    );
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ArtifactManifest;
  if (manifest.schemaVersion !== ARTIFACT_SCHEMA_VERSION) {
    throw new IncompatibleError(
      `Recommender artifacts at ${dir} have schema version ${manifest.schemaVersion}; this code reads version ${ARTIFACT_SCHEMA_VERSION}. Retrain: npm run train -- --dataset ${spec.dataset}`,
    );
  }
  const expected = featureSchemaHash(spec);
  if (manifest.featureSchemaHash !== expected) {
    throw new IncompatibleError(
      `Recommender artifacts at ${dir} were trained on feature schema ${manifest.featureSchemaHash}; the data now has ${expected}. Retrain: npm run train -- --dataset ${spec.dataset}`,
    );
  }
  const { state } = JSON.parse(await readFile(join(dir, 'preprocessing.json'), 'utf8')) as { state: PreprocessorState };
  if (state.schemaHash !== expected)
    throw new IncompatibleError(
      `preprocessing.json at ${dir} belongs to feature schema ${state.schemaHash}, expected ${expected}`,
    );
  const pre = new Preprocessor(spec, state);
  const [customerTower, productTower] = await Promise.all([
    loadModel(dir, 'customer_tower'),
    loadModel(dir, 'product_tower'),
  ]);
  const emb = JSON.parse(await readFile(join(dir, 'product_embeddings.json'), 'utf8')) as {
    productIds: string[];
    dim: number;
    data: number[];
  };
  if (emb.productIds.join('\n') !== spec.productIds.join('\n'))
    throw new IncompatibleError(`product embeddings at ${dir} are for another product list`);
  const metrics = existsSync(join(dir, 'metrics.json'))
    ? JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8'))
    : null;
  const bg = JSON.parse(await readFile(join(dir, 'background.json'), 'utf8')) as {
    width: number;
    ids: string[];
    rows: number[];
  };
  if (bg.width !== pre.layout.width)
    throw new IncompatibleError(
      `background.json at ${dir} has rows of width ${bg.width}, expected ${pre.layout.width}`,
    );
  const rankerPath = join(dir, 'ranker.json');
  const ranker = existsSync(rankerPath) ? rankerFromJson(await readFile(rankerPath, 'utf8')) : undefined;
  if (ranker && ranker.prodEmb.length !== spec.productIds.length * ranker.dim)
    throw new IncompatibleError(`ranker.json at ${dir} is for another product list`);
  return {
    manifest,
    pre,
    ranker,
    customerTower,
    productTower,
    temperature: manifest.temperature,
    productEmbeddings: Float32Array.from(emb.data),
    metrics,
    background: { ids: bg.ids, rows: Float32Array.from(bg.rows) },
  };
}
