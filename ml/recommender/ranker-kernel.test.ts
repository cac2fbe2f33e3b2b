import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import { generateCustomers } from '../../data/synthetic/generate.ts';
import { Rng } from '../../lib/random/index.ts';
import { initBackend } from './train/backend.ts';
import { buildSyntheticDataset } from './train/datasets/synthetic.ts';
import { Preprocessor } from './train/features.ts';
import { adders, splitByFold, splitData } from './train/fit.ts';
import { trainRanker } from './train/ranker.ts';
import { RankerKernel } from './ranker-kernel.ts';

describe('ranking-stage serving kernel', () => {
  it('scores like the tf.js graph it was exported from (random tower scores, every customer row)', async () => {
    await initBackend();
    const customers = [];
    const adoptions = new Map<string, string[]>();
    for (const g of generateCustomers({ seed: 11, count: 300 })) {
      customers.push(g.customer);
      adoptions.set(g.adoption.id, g.adoption.added);
    }
    const ds = buildSyntheticDataset(customers, adoptions, PRODUCTS);
    const split = splitByFold(ds, 0);
    const pre = Preprocessor.fit(
      ds.spec,
      split.train.map((i) => ds.customers[i]),
      ds.products,
    );
    const products = pre.transformProducts(ds.products);
    const P = ds.spec.productIds.length;
    const rand = Rng.uniform(3);
    const towerScores = (n: number) => Float32Array.from({ length: n * P }, () => (rand() - 0.5) * 20);
    const train = splitData(ds, pre, adders(ds, split.train));
    const val = splitData(ds, pre, adders(ds, split.val));
    // One epoch moves every bias off its zero initialisation, so each term of the graph is exercised.
    const ranker = await trainRanker(
      pre,
      products,
      { ...train, tower: towerScores(train.n) },
      { ...val, tower: towerScores(val.n) },
      { epochs: 1, dim: 6, hidden: 12, batchSize: 32, learningRate: 0.05 },
    );
    const all = splitData(
      ds,
      pre,
      ds.customers.map((_, i) => i),
    );
    const tower = towerScores(all.n);
    const want = ranker.score(all.X, tower, all.n);
    const kernel = new RankerKernel(ranker.params(), pre.layout, pre.vocabSizes);
    const got = kernel.score(all.X, tower, all.n);
    let maxDiff = 0;
    for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
    expect(got.length).toBe(all.n * P);
    expect(maxDiff).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(want, Math.abs))).toBeGreaterThan(0.1);
    ranker.dispose();
  }, 60_000);

  it('refuses weights of another layout', async () => {
    const pre = {
      numeric: [0, 1] as [number, number],
      categorical: [1, 1] as [number, number],
      multiHot: [],
      width: 1,
    };
    const params = {
      dim: 2,
      hidden: 2,
      useTowerScore: true,
      productCodes: [],
      catEmb: [],
      bagProj: [],
      numW: new Float32Array(2),
      numB: new Float32Array(2),
      prodEmb: new Float32Array(4),
      prodCatEmb: [],
      hW: new Float32Array(3),
      hB: new Float32Array(2),
      topH: new Float32Array(4),
      topCp: new Float32Array(2),
      topP: new Float32Array(4),
      topT: new Float32Array(2),
      topB: new Float32Array(2),
      outW: new Float32Array(2),
    };
    expect(() => new RankerKernel(params, pre, [])).toThrow(/hW has 3 values, expected 4/);
  });
});
