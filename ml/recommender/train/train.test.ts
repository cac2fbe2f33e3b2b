import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import { generateCustomers } from '../../../data/synthetic/generate.ts';
import { IncompatibleError } from '../../../lib/errors/index.ts';
import { loadArtifacts, recommenderDir } from './artifacts.ts';
import { initBackend } from './backend.ts';
import { buildSyntheticDataset, syntheticSpec } from './datasets/synthetic.ts';
import { featureSchemaHash, Preprocessor } from './features.ts';
import { splitByFold, splitData, adders } from './fit.ts';
import { trainAndSave } from './train-dataset.ts';
import { trainTwoTower } from './trainer.ts';

function tinyDataset(count: number, seed = 3) {
  const customers = [];
  const adoptions = new Map<string, string[]>();
  for (const g of generateCustomers({ seed, count })) {
    customers.push(g.customer);
    adoptions.set(g.adoption.id, g.adoption.added);
  }
  return buildSyntheticDataset(customers, adoptions, PRODUCTS);
}

const tiny = { hidden: [16], embeddingDim: 8, categoricalDim: 4, dropout: 0.1 };

describe('splits and preprocessing never leak', () => {
  const ds = tinyDataset(300);
  it('no customer is in two of train / validation / test; test = one fold by customer id', () => {
    const s = splitByFold(ds, 0);
    const all = [...s.train, ...s.val, ...s.test];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(ds.customers.length);
    for (const i of s.test) expect(ds.fold[i]).toBe(0);
    for (const i of [...s.train, ...s.val]) expect(ds.fold[i]).not.toBe(0);
  });
  it('preprocessing statistics come from the training customers only', () => {
    const s = splitByFold(ds, 0);
    // Make test customers extreme: if their values leaked into the stats, the mean would move.
    const poisoned = {
      ...ds,
      customers: ds.customers.map((c, i) =>
        ds.fold[i] === 0 ? { ...c, numeric: { ...c.numeric, income: 1e9, age: 110 } } : c,
      ),
    };
    const pre = Preprocessor.fit(
      ds.spec,
      s.train.map((i) => poisoned.customers[i]),
      ds.products,
    );
    const trainAges = s.train.map((i) => ds.customers[i].numeric.age as number);
    const mean = trainAges.reduce((a, b) => a + b, 0) / trainAges.length;
    expect(pre.state.numericStats.find((x) => x.name === 'age')!.mean).toBeCloseTo(mean, 9);
    expect(pre.state.fittedOn).toBe(s.train.length);
    expect(Math.expm1(pre.state.numericStats.find((x) => x.name === 'income')!.mean)).toBeLessThan(1e7);
  });
  it('unknown categories and missing numerics map to the reserved index / the train mean', () => {
    const pre = Preprocessor.fit(ds.spec, ds.customers, ds.products);
    const odd = {
      ...ds.customers[0],
      numeric: { ...ds.customers[0].numeric, age: null },
      categorical: { ...ds.customers[0].categorical, segment: 'martian' },
    };
    const row = pre.transform([odd]);
    expect(row[ds.spec.customer.numeric.findIndex((f) => f.name === 'age')]).toBe(0);
    expect(row[pre.layout.categorical[0] + ds.spec.customer.categorical.findIndex((f) => f.name === 'segment')]).toBe(
      0,
    );
  });
});

describe('training', () => {
  it('is deterministic for a seed and improves on its first epoch', async () => {
    await initBackend();
    const ds = tinyDataset(240);
    const s = splitByFold(ds, 0);
    const pre = Preprocessor.fit(
      ds.spec,
      s.train.map((i) => ds.customers[i]),
      ds.products,
    );
    const products = pre.transformProducts(ds.products);
    const train = splitData(ds, pre, adders(ds, s.train));
    const val = splitData(ds, pre, adders(ds, s.val));
    const run = () =>
      trainTwoTower(pre, products, train, val, { epochs: 3, batchSize: 32, seed: 11, patience: 10, model: tiny });
    const a = await run();
    const b = await run();
    const wa = a.customerTower.getWeights().map((w) => Array.from(w.dataSync()));
    const wb = b.customerTower.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wa).toEqual(wb);
    expect(a.history.map((h) => h.loss)).toEqual(b.history.map((h) => h.loss));
    expect(a.history.at(-1)!.loss).toBeLessThan(a.history[0].loss);
  }, 60_000);

  it('writes versioned artifacts atomically and refuses a different feature schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-art-'));
    const ds = tinyDataset(200);
    const { manifest } = await trainAndSave(ds, {
      dataset: 'synthetic',
      artifactsDir: dir,
      variants: ['mlp', 'attention'],
      backgroundSize: 8,
      train: { epochs: 1, batchSize: 64, model: tiny },
      ranker: { epochs: 2, dim: 4, hidden: 8, batchSize: 64 },
    });
    const out = recommenderDir(dir, 'synthetic');
    expect(readdirSync(join(dir, 'recommender'))).toEqual(['synthetic']); // no temp dirs left behind
    for (const f of [
      'manifest.json',
      'preprocessing.json',
      'customer_tower.json',
      'customer_tower.bin',
      'product_tower.bin',
      'product_embeddings.json',
      'metrics.json',
      'background.json',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(manifest.featureSchemaHash).toBe(featureSchemaHash(syntheticSpec(PRODUCTS)));
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.variants.map((v: { variant: string }) => v.variant)).toEqual(['mlp', 'attention']);
    // The ranking stage is saved exactly when it beat the towers on validation, and says so.
    expect(metrics.ranker.kept).toBe(
      metrics.ranker.bestValMap7 > Math.max(...metrics.variants.map((v: { bestValMap7: number }) => v.bestValMap7)),
    );
    expect(existsSync(join(out, 'ranker.json'))).toBe(metrics.ranker.kept);
    expect(metrics.served).toBe(metrics.ranker.kept ? 'two-stage' : 'towers');
    const loaded = await loadArtifacts(out, syntheticSpec(PRODUCTS));
    expect(loaded.manifest.modelVersion).toBe(manifest.modelVersion);
    expect(loaded.ranker !== undefined).toBe(metrics.ranker.kept);
    // Another spec (one product fewer) → refused.
    await expect(loadArtifacts(out, syntheticSpec(PRODUCTS.slice(1)))).rejects.toBeInstanceOf(IncompatibleError);
    // Another schema version → refused.
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...manifest, schemaVersion: 999 }));
    await expect(loadArtifacts(out, syntheticSpec(PRODUCTS))).rejects.toThrow(/schema version 999/);
  }, 60_000);
});

describe('validation split', () => {
  it('every test fold leaves a validation set of about 10% (consecutive synthetic ids)', () => {
    const ds = tinyDataset(1000);
    for (let fold = 0; fold < 5; fold++) {
      const s = splitByFold(ds, fold);
      expect(s.val.length / (s.train.length + s.val.length)).toBeGreaterThan(0.06);
      expect(s.val.length / (s.train.length + s.val.length)).toBeLessThan(0.14);
    }
  });
});
