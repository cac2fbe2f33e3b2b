import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import { generateCustomers } from '../../../data/synthetic/index.ts';
import { TooManyRequestsError } from '../../../lib/errors/index.ts';
import { trainForTests } from '../../../eval/stack/recommender.ts';
import { loadRecommender, type TwoTowerRecommender } from '../index.ts';
import { createPooledRecommender, type PooledRecommender } from './index.ts';

/** The pooled recommender against the in-process model on the same tiny trained artifacts. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-pool-'));
const customers = [...generateCustomers({ seed: 5, count: 40 })].map((g) => g.customer);
let local: TwoTowerRecommender;
let pooled: PooledRecommender;

beforeAll(async () => {
  await trainForTests({ dir, customers: 300, epochs: 1 });
  local = await loadRecommender({ artifactsDir: dir, products: PRODUCTS });
  pooled = createPooledRecommender({
    artifactsDir: dir,
    products: PRODUCTS,
    modelVersion: local.modelVersion,
    productIds: local.productIds,
    threads: 1,
    maxQueue: 2,
  });
}, 120_000);
afterAll(async () => {
  await pooled?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pooled recommender', () => {
  it('answers exactly like the in-process model, SHAP included, and serves SHAP from its cache', async () => {
    const c = customers[0];
    const want = await local.recommend(c, { k: 5, explain: true });
    const got = await pooled.recommend(c, { k: 5, explain: true });
    expect(got).toEqual(want);
    const t0 = performance.now();
    const again = await pooled.recommend(c, { k: 8, explain: true });
    const cachedMs = performance.now() - t0;
    expect(again.items.slice(0, 5)).toEqual(want.items);
    expect(again.items.every((i) => i.explanation !== undefined)).toBe(true);
    expect(cachedMs).toBeLessThan(1000);
  }, 60_000);

  it('scores one product for a batch: suitable customers carry their recommend() score and rank, others the rule', async () => {
    const productId = local.productIds[3];
    const scores = await pooled.scoreProduct(customers, productId);
    expect(scores.map((s) => s.customerId)).toEqual(customers.map((c) => c.id));
    for (const [i, s] of scores.entries()) {
      const recs = await local.recommend(customers[i], { k: PRODUCTS.length });
      const item = recs.items.find((x) => x.productId === productId);
      if (s.suitable) {
        expect(item).toBeDefined();
        expect(s.rank).toBe(item!.rank);
        expect(s.score).toBeCloseTo(item!.score, 5);
      } else {
        expect(item).toBeUndefined();
        expect(recs.excluded.find((e) => e.productId === productId)).toEqual(s.exclusion);
      }
    }
    await expect(pooled.scoreProduct(customers, 'no-such-product')).rejects.toThrow(/does not know/);
    const matrix = await pooled.scoreMatrix!(customers);
    expect(matrix).toEqual(await local.scoreMatrix(customers));
  }, 60_000);

  it('refuses work with 429 when the queue is full, and drops work whose client went away', async () => {
    const many = customers.slice(10, 20).map((c) => pooled.recommend(c, { k: 3, explain: true }));
    const settled = await Promise.allSettled(many);
    const refused = settled.filter((s) => s.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TooManyRequestsError);
    const controller = new AbortController();
    const pending = pooled.recommend(customers[30], { k: 3, explain: true, signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
    // The pool still serves afterwards.
    expect((await pooled.recommend(customers[31], { k: 3 })).items.length).toBe(3);
  }, 60_000);
});
