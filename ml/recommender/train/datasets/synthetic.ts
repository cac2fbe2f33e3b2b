import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CustomerSchema, GOALS, type Customer, type Product } from '../../../../domain/index.ts';
import type { FeatureSpec, RawCustomer, RawProduct } from '../features.ts';
import type { TrainingDataset } from './types.ts';

/**
 * The synthetic Meridian customers (DATA's generator, `<stateDir>/data/synthetic`) as two-tower
 * inputs. Customer side follows the shared Customer schema; product side carries every catalog
 * attribute the model can use: category, risk level, yield, APR, duration, fee and the eligibility
 * thresholds. The spec depends on the product list (its ids are part of the schema hash).
 */
export function syntheticSpec(products: readonly Pick<Product, 'id'>[]): FeatureSpec {
  const productIds = products.map((p) => p.id);
  return {
    dataset: 'synthetic',
    productIds,
    product: {
      numeric: [
        'riskLevel',
        'expectedYieldPct',
        'aprPct',
        'durationMonths',
        'annualFee',
        'minCreditScore',
        'logMinIncome',
        'minAge',
        'maxAge',
      ],
      categorical: ['category'],
    },
    customer: {
      numeric: [
        { name: 'income', group: 'income', transform: 'log1p' },
        { name: 'creditScore', group: 'credit' },
        { name: 'creditUtilization', group: 'credit' },
        { name: 'loanAmount', group: 'credit', transform: 'log1p' },
        { name: 'age', group: 'age_life_stage' },
        { name: 'savingsBalance', group: 'savings', transform: 'log1p' },
        { name: 'digitalEngagement', group: 'engagement' },
        { name: 'tenureYears', group: 'engagement' },
        { name: 'nHeld', group: 'products_held' },
      ],
      categorical: [
        { name: 'lifeStage', group: 'age_life_stage' },
        { name: 'riskTolerance', group: 'risk_tolerance' },
        { name: 'investmentHorizon', group: 'investment_horizon' },
        { name: 'segment', group: 'segment' },
      ],
      multiHot: [
        { name: 'goals', group: 'goals', vocab: GOALS },
        { name: 'productsHeld', group: 'products_held', vocab: productIds },
      ],
      groups: [
        { id: 'income', label: 'Income' },
        { id: 'credit', label: 'Credit (score, utilization, loans)' },
        { id: 'age_life_stage', label: 'Age and life stage' },
        { id: 'risk_tolerance', label: 'Risk tolerance' },
        { id: 'investment_horizon', label: 'Investment horizon' },
        { id: 'savings', label: 'Savings' },
        { id: 'engagement', label: 'Engagement and tenure' },
        { id: 'segment', label: 'Segment' },
        { id: 'goals', label: 'Goals' },
        { id: 'products_held', label: 'Products held' },
      ],
    },
  };
}

function syntheticRawProduct(p: Product): RawProduct {
  return {
    id: p.id,
    numeric: {
      riskLevel: p.riskLevel,
      expectedYieldPct: p.expectedYieldPct ?? 0,
      aprPct: p.aprPct ?? 0,
      durationMonths: p.durationMonths,
      annualFee: p.annualFee,
      minCreditScore: p.eligibility.minCreditScore,
      logMinIncome: Math.log1p(p.eligibility.minIncome),
      minAge: p.eligibility.minAge,
      maxAge: p.eligibility.maxAge,
    },
    categorical: { category: p.category },
  };
}

/** A Customer (stored or an ad-hoc what-if profile) as model input. Only the features are read: never notes or name. */
export function syntheticRawCustomer(c: Customer): RawCustomer {
  return {
    id: c.id,
    numeric: {
      income: c.income,
      creditScore: c.creditScore,
      creditUtilization: c.creditUtilization,
      loanAmount: c.loanAmount,
      age: c.age,
      savingsBalance: c.savingsBalance,
      digitalEngagement: c.digitalEngagement,
      tenureYears: c.tenureYears,
      nHeld: c.productsHeld.length,
    },
    categorical: {
      lifeStage: c.lifeStage,
      riskTolerance: c.riskTolerance,
      investmentHorizon: c.investmentHorizon,
      segment: c.segment,
    },
    multiHot: { goals: c.goals, productsHeld: c.productsHeld },
  };
}

/** Fold by the numeric part of the id (C0000042 → 42 % 5), like Santander's ncodpers % 5. */
const syntheticFold = (id: string) => {
  const digits = id.replace(/\D/g, '');
  if (digits) return Number(digits.slice(-9)) % 5;
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 5;
};

export interface SyntheticData extends TrainingDataset {
  originals: Customer[];
  /** Hidden preferences by customer id (evaluation only, never a feature). */
  affinity?: Map<string, { category: Record<string, number>; product: Record<string, number> }>;
}

const AdoptionLine = z.object({ id: z.string(), added: z.array(z.string()) });
const PreferenceLine = z.object({
  id: z.string(),
  categoryAffinity: z.record(z.string(), z.number()),
  productAffinity: z.record(z.string(), z.number()),
});

export function buildSyntheticDataset(
  customers: Customer[],
  adoptions: Map<string, string[]>,
  products: readonly Product[],
): SyntheticData {
  const spec = syntheticSpec(products);
  const index = new Map(spec.productIds.map((id, i) => [id, i]));
  const toIdx = (ids: readonly string[]) => ids.flatMap((id) => (index.has(id) ? [index.get(id)!] : []));
  return {
    spec,
    products: products.map(syntheticRawProduct),
    customers: customers.map(syntheticRawCustomer),
    positives: customers.map((c) => toIdx((adoptions.get(c.id) ?? []).filter((p) => !c.productsHeld.includes(p)))),
    excluded: customers.map((c) => toIdx(c.productsHeld)),
    fold: customers.map((c) => syntheticFold(c.id)),
    originals: customers,
  };
}

/** Read `<dir>/customers.jsonl`, `adoptions.jsonl` and (for evaluation) `preferences.jsonl`. */
export async function loadSyntheticDataset(
  dir: string,
  products: readonly Product[],
  options: { preferences?: boolean; limit?: number } = {},
): Promise<SyntheticData> {
  const { readJsonl } = await import('../../../../data/synthetic/jsonl.ts');
  const customers: Customer[] = [];
  for await (const c of readJsonl(join(dir, 'customers.jsonl'), CustomerSchema)) {
    customers.push(c);
    if (options.limit && customers.length >= options.limit) break;
  }
  const adoptions = new Map<string, string[]>();
  for await (const a of readJsonl(join(dir, 'adoptions.jsonl'), AdoptionLine)) adoptions.set(a.id, a.added);
  const data = buildSyntheticDataset(customers, adoptions, products);
  if (options.preferences && existsSync(join(dir, 'preferences.jsonl'))) {
    data.affinity = new Map();
    for await (const p of readJsonl(join(dir, 'preferences.jsonl'), PreferenceLine))
      data.affinity.set(p.id, { category: p.categoryAffinity, product: p.productAffinity });
  }
  return data;
}
