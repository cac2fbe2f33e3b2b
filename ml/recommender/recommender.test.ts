import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import {
  GOALS,
  INVESTMENT_HORIZONS,
  LIFE_STAGES,
  MAX_RISK_LEVEL,
  RISK_TOLERANCES,
  SEGMENTS,
  type Customer,
} from '../../domain/index.ts';
import { IncompatibleError } from '../../lib/errors/index.ts';
import { loadRecommender, projectEmbeddings, type TwoTowerRecommender } from './index.ts';
import { trainForTests } from '../../eval/stack/recommender.ts';
import { SUITABILITY_RULES } from './types.ts';

let rec: TwoTowerRecommender;
let artifactsDir: string;

beforeAll(async () => {
  artifactsDir = mkdtempSync(join(tmpdir(), 'recsys-'));
  await trainForTests({ dir: artifactsDir, customers: 400, epochs: 2 });
  rec = await loadRecommender({ artifactsDir, products: PRODUCTS });
}, 120_000);

const productIds = PRODUCTS.map((p) => p.id);
const customerArb: fc.Arbitrary<Customer> = fc.record({
  id: fc.constantFrom('C1', 'C2', 'X-9'),
  name: fc.constant('Test Person'),
  age: fc.integer({ min: 18, max: 110 }),
  income: fc.oneof(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 2_000_000 })),
  creditScore: fc.integer({ min: 300, max: 850 }),
  creditUtilization: fc.double({ min: 0, max: 1, noNaN: true }),
  loanAmount: fc.integer({ min: 0, max: 500_000 }),
  savingsBalance: fc.integer({ min: 0, max: 5_000_000 }),
  digitalEngagement: fc.double({ min: 0, max: 1, noNaN: true }),
  tenureYears: fc.integer({ min: 0, max: 60 }),
  lifeStage: fc.constantFrom(...LIFE_STAGES),
  riskTolerance: fc.constantFrom(...RISK_TOLERANCES),
  investmentHorizon: fc.constantFrom(...INVESTMENT_HORIZONS),
  segment: fc.constantFrom(...SEGMENTS),
  goals: fc.subarray([...GOALS]),
  productsHeld: fc.subarray(productIds),
});

/** An independent statement of the rules (not the implementation's code). */
function violations(c: Customer, productId: string): string[] {
  const p = PRODUCTS.find((x) => x.id === productId)!;
  const v: string[] = [];
  if (c.productsHeld.includes(p.id)) v.push('already_held');
  else if (
    (p.category === 'current_account' || p.category === 'mortgage') &&
    c.productsHeld.some((id) => PRODUCTS.find((x) => x.id === id)?.category === p.category)
  )
    v.push('category_already_held');
  if (p.riskLevel > MAX_RISK_LEVEL[c.riskTolerance]) v.push('risk_above_tolerance');
  if (c.creditScore < p.eligibility.minCreditScore) v.push('min_credit_score');
  if (c.income < p.eligibility.minIncome) v.push('min_income');
  if (c.age < p.eligibility.minAge) v.push('min_age');
  if (c.age > p.eligibility.maxAge) v.push('max_age');
  return v;
}

describe('two-tower recommender serving', () => {
  const sample: Customer = {
    id: 'C0000001',
    name: 'A Person',
    age: 34,
    income: 52_000,
    creditScore: 705,
    creditUtilization: 0.3,
    loanAmount: 4000,
    savingsBalance: 12_000,
    digitalEngagement: 0.8,
    tenureYears: 6,
    lifeStage: 'young_professional',
    riskTolerance: 'low',
    investmentHorizon: 'medium',
    segment: 'mass',
    goals: ['build_savings', 'buy_home'],
    productsHeld: [productIds[0]],
  };

  it('returns top-k by the two-stage score (similarity stays the towers cosine), sorted, plus exclusions with rule and detail', async () => {
    const r = await rec.recommend(sample, { k: 5 });
    expect(rec.servedModel).toBe('two-stage');
    expect(r.items).toHaveLength(5);
    expect(r.modelVersion).toBe(rec.modelVersion);
    expect(r.modelVersion).toMatch(/:mlp\+ranker:/);
    const served = rec.scoreRows(rec.rows([sample]), 1);
    const sims = rec.similarityRows(rec.rows([sample]), 1);
    for (const it of r.items) {
      const p = rec.productIds.indexOf(it.productId);
      expect(it.score).toBeCloseTo(served[p], 5);
      expect(it.similarity).toBeCloseTo(sims[p], 6);
    }
    for (let i = 1; i < r.items.length; i++) expect(r.items[i - 1].score).toBeGreaterThanOrEqual(r.items[i].score);
    expect(r.excluded).toContainEqual(expect.objectContaining({ productId: productIds[0], rule: 'already_held' }));
    const risky = PRODUCTS.filter((p) => p.riskLevel > MAX_RISK_LEVEL.low && !sample.productsHeld.includes(p.id));
    expect(risky.length).toBeGreaterThan(0);
    for (const p of risky) expect(r.excluded.find((e) => e.productId === p.id)?.detail).toBeTruthy();
    expect(r.excluded.find((e) => e.rule === 'risk_above_tolerance')?.detail).toMatch(
      /risk level \d above tolerance 'low' \(max 2\)/,
    );
  });

  it('SHAP: exact over ≤ 12 groups, efficiency Σφ = score − base within 1e-4 for every recommended product', async () => {
    const r = await rec.recommend(sample, { k: 3, explain: true });
    expect(rec.featureGroups.length).toBeLessThanOrEqual(12);
    for (const it of r.items) {
      const e = it.explanation!;
      expect(e.method).toBe('exact');
      expect(e.contributions.map((c) => c.group)).toEqual(rec.featureGroups.map((g) => g.id));
      const sum = e.contributions.reduce((s, c) => s + c.value, 0);
      expect(Math.abs(sum - (it.score - e.baseValue))).toBeLessThan(1e-4);
      expect(e.contributions.find((c) => c.group === 'income')?.featureValue).toBe('£52,000 a year');
      expect(e.contributions.some((c) => Math.abs(c.value) > 1e-6)).toBe(true);
    }
  });

  it('property: over many random profiles no recommendation ever violates a rule, and every product is recommended-eligible or excluded with its rule', async () => {
    await fc.assert(
      fc.asyncProperty(customerArb, fc.integer({ min: 1, max: 10 }), async (c, k) => {
        const r = await rec.recommend(c, { k });
        for (const it of r.items) expect(violations(c, it.productId)).toEqual([]);
        for (const ex of r.excluded) {
          expect(SUITABILITY_RULES).toContain(ex.rule);
          expect(violations(c, ex.productId)[0]).toBe(ex.rule);
          expect(ex.detail.length).toBeGreaterThan(0);
        }
        const excludedIds = new Set(r.excluded.map((e) => e.productId));
        for (const id of productIds) if (violations(c, id).length) expect(excludedIds.has(id)).toBe(true);
        expect(r.items.length).toBe(Math.min(k, productIds.length - excludedIds.size));
      }),
      { numRuns: 300, seed: 1234 },
    );
  });

  it('batch scoring matches one-at-a-time scoring', () => {
    const rows = rec.rows([sample, { ...sample, id: 'C2', age: 70, lifeStage: 'retired' }]);
    const both = rec.scoreRows(rows, 2);
    const one = rec.scoreRows(rec.rows([sample]), 1);
    const P = rec.productIds.length;
    for (let p = 0; p < P; p++) expect(both[p]).toBeCloseTo(one[p], 4);
  });

  it('embedding map: every product and this customer, in 2-D', async () => {
    const map = await projectEmbeddings(rec).forCustomer(sample);
    expect(map.method).toMatch(/PCA/);
    expect(map.points.filter((p) => p.kind === 'product')).toHaveLength(productIds.length);
    const me = map.points.find((p) => p.id === sample.id && p.label === 'this customer');
    expect(me && Number.isFinite(me.x) && Number.isFinite(me.y)).toBe(true);
  });

  it('artifacts without ranker.json (trained before the ranking stage, or it lost on validation) serve the towers alone', async () => {
    const towersOnlyDir = mkdtempSync(join(tmpdir(), 'recsys-towers-'));
    cpSync(artifactsDir, towersOnlyDir, { recursive: true });
    rmSync(join(towersOnlyDir, 'recommender', 'synthetic', 'ranker.json'));
    const towers = await loadRecommender({ artifactsDir: towersOnlyDir, products: PRODUCTS });
    expect(towers.servedModel).toBe('towers');
    const r = await towers.recommend(sample, { k: 5, explain: true });
    const twoStage = await rec.recommend(sample, { k: PRODUCTS.length });
    for (const it of r.items) {
      expect(it.score).toBeCloseTo(it.similarity * towers.artifacts.temperature, 4);
      expect(it.similarity).toBeCloseTo(twoStage.items.find((x) => x.productId === it.productId)!.similarity, 6);
      const sum = it.explanation!.contributions.reduce((s, c) => s + c.value, 0);
      expect(Math.abs(sum - (it.score - it.explanation!.baseValue))).toBeLessThan(1e-4);
    }
    towers.dispose();
    rmSync(towersOnlyDir, { recursive: true, force: true });
  });

  it('refuses artifacts trained for another product list (feature schema mismatch)', async () => {
    await expect(loadRecommender({ artifactsDir, products: PRODUCTS.slice(1) })).rejects.toBeInstanceOf(
      IncompatibleError,
    );
  });
});
