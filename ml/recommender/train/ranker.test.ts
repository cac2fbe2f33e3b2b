import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import { generateCustomers } from '../../../data/synthetic/generate.ts';
import { initBackend } from './backend.ts';
import { buildSyntheticDataset } from './datasets/synthetic.ts';
import { Preprocessor } from './features.ts';
import { adders, splitByFold, splitData } from './fit.ts';
import { trainRanker } from './ranker.ts';

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
    a.dispose();
    b.dispose();
  }, 60_000);
});
