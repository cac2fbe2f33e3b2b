import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import { generateCustomers } from '../../../data/synthetic/generate.ts';
import { initBackend } from './backend.ts';
import { buildSyntheticDataset } from './datasets/synthetic.ts';
import { Preprocessor } from './features.ts';
import { adders, splitByFold, splitData } from './fit.ts';
import { rankerScorer, trainRanker } from './ranker.ts';
import { scoreMatrix, trainTwoTower } from './trainer.ts';
import { shapleyValues } from '../shap.ts';

describe('DLRM-style ranking stage', () => {
  it('learns on a tiny split, restores its best epoch and scores [n, P] deterministically', async () => {
    await initBackend();
    const customers = [];
    const adoptions = new Map<string, string[]>();
    for (const g of generateCustomers({ seed: 5, count: 400 })) {
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
    const train = splitData(ds, pre, adders(ds, split.train));
    const val = splitData(ds, pre, adders(ds, split.val));
    const zeros = (n: number) => new Float32Array(n * P);
    const opts = { epochs: 3, patience: 3, dim: 4, hidden: 8, batchSize: 64 };
    const a = await trainRanker(
      pre,
      products,
      { ...train, tower: zeros(train.n) },
      { ...val, tower: zeros(val.n) },
      opts,
    );
    const b = await trainRanker(
      pre,
      products,
      { ...train, tower: zeros(train.n) },
      { ...val, tower: zeros(val.n) },
      opts,
    );
    expect(a.history.length).toBe(3);
    expect(a.history[2].loss).toBeLessThan(a.history[0].loss);
    expect(a.bestEpoch).toBeGreaterThan(0);
    const sa = a.score(val.X, zeros(val.n), val.n);
    expect(sa.length).toBe(val.n * P);
    expect(Array.from(sa).every(Number.isFinite)).toBe(true);
    expect(Array.from(b.score(val.X, zeros(val.n), val.n))).toEqual(Array.from(sa));
    // Rebuilt from its plain-array weights (what ranker.json stores), it scores exactly the same.
    const tower = Float32Array.from({ length: val.n * P }, (_, i) => ((i * 7919) % 23) - 11);
    const served = rankerScorer(pre, a.params());
    expect(Array.from(served.score(val.X, tower, val.n))).toEqual(Array.from(a.score(val.X, tower, val.n)));
    served.dispose();
    const wrong = { ...a.params(), hW: new Float32Array(3) };
    expect(() => rankerScorer(pre, wrong)).toThrow(/hW has 3 values/);
    a.dispose();
    b.dispose();
  }, 60_000);

  it('exact group SHAP of the composed two-stage score (towers → ranker) satisfies efficiency', async () => {
    await initBackend();
    const customers = [];
    const adoptions = new Map<string, string[]>();
    for (const g of generateCustomers({ seed: 6, count: 300 })) {
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
    const W = pre.layout.width;
    const train = splitData(ds, pre, adders(ds, split.train));
    const val = splitData(ds, pre, adders(ds, split.val));
    const towers = await trainTwoTower(pre, products, train, val, {
      epochs: 1,
      model: { hidden: [16], embeddingDim: 8, categoricalDim: 4, dropout: 0 },
    });
    const tower = (X: Float32Array, n: number) => scoreMatrix(pre, products, towers, X, n);
    const ranker = await trainRanker(
      pre,
      products,
      { ...train, tower: tower(train.X, train.n) },
      { ...val, tower: tower(val.X, val.n) },
      { epochs: 1, dim: 4, hidden: 8 },
    );
    const twoStage = (X: Float32Array, n: number) => ranker.score(X, tower(X, n), n);
    const groups = ds.spec.customer.groups.map((g) => pre.layout.groupColumns.get(g.id) ?? []);
    const x = train.X.subarray(0, W);
    const nBg = 8;
    const background = train.X.subarray(W, (1 + nBg) * W);
    const r = await shapleyValues({
      x,
      background,
      backgroundSize: nBg,
      width: W,
      groups,
      outputs: P,
      score: twoStage,
    });
    expect(r.method).toBe('exact');
    const fx = twoStage(x, 1);
    const bg = twoStage(background, nBg);
    for (let p = 0; p < P; p++) {
      const sum = r.values.reduce((s, v) => s + v[p], 0);
      let ef = 0;
      for (let b = 0; b < nBg; b++) ef += bg[b * P + p] / nBg;
      expect(Math.abs(sum - (fx[p] - ef))).toBeLessThan(1e-3);
    }
    ranker.dispose();
    towers.customerTower.dispose();
    towers.productTower.dispose();
  }, 60_000);
});
