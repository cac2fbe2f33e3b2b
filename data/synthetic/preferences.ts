import { MAX_RISK_LEVEL, PRODUCT_CATEGORIES, type Product, type ProductCategory } from '../../domain/index.ts';
import type { Latent, Profile } from './profile.ts';
import type { Rng } from '../../lib/random/index.ts';
import { clamp } from './math.ts';

/**
 * HIDDEN preferences: how much a customer wants each product category and product. They drive
 * both the products held today and the next-period adoptions, and are written to
 * preferences.jsonl for evaluation only (recovery of preferences). They are NEVER features.
 *
 *   categoryAffinity[c] = observable(c, customer) + Σ_k LOADINGS[c][k]·taste[k] + ε_c,  ε ~ N(0, 0.35²)
 *   productAffinity[p]  = categoryAffinity[cat(p)] + productFit(p, customer, taste) + POPULARITY[p]
 *
 * `taste` is a 5-d latent vector (N(0,1) each) no feature reveals directly; it is what a
 * collaborative model can learn from co-held products. Values are on a logit scale.
 */
const TASTE_DIMS = ['investing', 'credit', 'protection', 'saving', 'sustainability'] as const;

/** How each category loads on the latent taste dimensions (rows follow PRODUCT_CATEGORIES). */
const LOADINGS: Record<ProductCategory, readonly number[]> = {
  current_account: [0, 0, 0, 0, 0],
  credit_card: [0, 0.9, 0, -0.2, 0],
  personal_loan: [0, 0.8, 0, -0.4, 0],
  mortgage: [0, 0.4, 0.3, 0, 0],
  savings: [-0.2, -0.2, 0.1, 0.9, 0],
  term_deposit: [-0.3, 0, 0.1, 0.8, 0],
  fund: [0.9, 0, 0, 0.2, 0.3],
  brokerage: [1.0, 0.2, -0.2, 0, 0],
  wealth_management: [0.7, 0, 0.2, 0.2, 0.2],
  insurance: [0, 0, 1.0, 0.1, 0],
  pension: [0.4, 0, 0.5, 0.3, 0],
};

export interface Preferences {
  id: string;
  taste: number[];
  categoryAffinity: Record<ProductCategory, number>;
  productAffinity: Record<string, number>;
}

const has = (p: Profile, g: Profile['goals'][number]) => (p.goals.includes(g) ? 1 : 0);
const stage = (p: Profile, ...s: Profile['lifeStage'][]) => (s.includes(p.lifeStage) ? 1 : 0);
const logIncomeRel = (p: Profile) => Math.log(Math.max(p.income, 5_000) / 50_000);

/** The part of each category's affinity explained by observable features (what a model can learn). */
function observable(c: ProductCategory, p: Profile): number {
  const riskHi = p.riskTolerance === 'high' ? 1 : 0;
  const riskLo = p.riskTolerance === 'low' ? 1 : 0;
  const longH = p.investmentHorizon === 'long' ? 1 : 0;
  switch (c) {
    case 'current_account':
      return 2.5;
    case 'credit_card':
      return (
        0.3 +
        0.8 * p.digitalEngagement +
        0.4 * logIncomeRel(p) +
        0.6 * stage(p, 'young_professional', 'young_family') -
        0.5 * stage(p, 'retired')
      );
    case 'personal_loan':
      return (
        -1.2 +
        1.8 * has(p, 'debt_consolidation') +
        1.2 * p.creditUtilization +
        0.4 * stage(p, 'young_family') -
        0.8 * stage(p, 'retired')
      );
    case 'mortgage':
      return (
        -1.3 +
        2.2 * has(p, 'buy_home') +
        0.9 * stage(p, 'young_family', 'established_family') +
        0.4 * logIncomeRel(p) -
        1.5 * stage(p, 'retired', 'student')
      );
    case 'savings':
      return (
        0.6 + 1.2 * has(p, 'build_savings') + 0.5 * stage(p, 'student', 'young_professional') + 0.3 * has(p, 'travel')
      );
    case 'term_deposit':
      return (
        -1.2 +
        0.9 * riskLo +
        1.2 * stage(p, 'retired', 'pre_retirement') +
        0.3 * Math.log1p(p.savingsBalance / 20_000) -
        0.5 * riskHi
      );
    case 'fund':
      return -1.0 + 1.2 * has(p, 'wealth_growth') + 0.8 * riskHi - 0.8 * riskLo + 0.6 * longH + 0.3 * logIncomeRel(p);
    case 'brokerage':
      return (
        -1.8 +
        1.3 * riskHi -
        0.9 * riskLo +
        0.9 * p.digitalEngagement +
        0.8 * has(p, 'wealth_growth') -
        0.02 * (p.age - 40)
      );
    case 'wealth_management':
      return (
        -2.6 +
        1.4 * logIncomeRel(p) +
        0.5 * Math.log1p(p.savingsBalance / 100_000) +
        0.7 * has(p, 'wealth_growth') +
        0.5 * has(p, 'retirement')
      );
    case 'insurance':
      return (
        -0.6 +
        1.6 * has(p, 'protect_family') +
        0.7 * stage(p, 'young_family', 'established_family') +
        0.4 * has(p, 'buy_home')
      );
    case 'pension':
      return (
        -1.2 +
        1.6 * has(p, 'retirement') +
        0.8 * (p.age >= 35 && p.age <= 62 ? 1 : 0) +
        0.3 * logIncomeRel(p) -
        1.2 * stage(p, 'student')
      );
  }
}

/** A base popularity per product (logit), so popularity is a fair but beatable baseline. */
const POPULARITY: Record<string, number> = {
  'current-everyday': 0.8,
  'current-premier': -0.6,
  'card-cashback': 0.5,
  'savings-easy-access': 0.6,
  'savings-isa': 0.3,
  'mortgage-fixed-2y': 0.2,
  'mortgage-fixed-5y': 0.3,
  'insurance-home': 0.3,
  'deposit-12m': 0.2,
  'fund-balanced': 0.2,
  'wealth-premier': -0.4,
  'fund-emerging': -0.5,
  'brokerage-trading': -0.3,
  'pension-annuity': -0.3,
};

/** How well a specific product suits this customer beyond its category (risk fit, fees, niches). */
function productFit(product: Product, p: Profile, taste: readonly number[], latent: Latent): number {
  let fit = 0;
  // Risk: beyond the tolerance is strongly disliked; within it, appetite tilts towards risk.
  const over = product.riskLevel - MAX_RISK_LEVEL[p.riskTolerance];
  if (over > 0) fit -= 1.2 * over;
  fit += 0.25 * latent.riskAppetite * (product.riskLevel - 3);
  // Fees hurt more at lower incomes.
  if (product.annualFee > 0) fit -= (product.annualFee / 150) * clamp(1 - p.income / 120_000, 0, 1);
  switch (product.id) {
    case 'current-premier':
    case 'card-premium-travel':
      fit += 1.2 * logIncomeRel(p) + 0.5 * has(p, 'travel');
      break;
    case 'card-student':
      fit += 2.5 * stage(p, 'student') - 1.5;
      break;
    case 'card-balance-transfer':
      fit += 1.5 * p.creditUtilization + 0.8 * has(p, 'debt_consolidation') - 0.6;
      break;
    case 'loan-debt-consolidation':
      fit += 1.5 * has(p, 'debt_consolidation') - 0.5;
      break;
    case 'loan-car':
      fit += 0.6 * stage(p, 'young_family', 'young_professional') - 0.3;
      break;
    case 'mortgage-first-time':
      fit += 1.5 * (p.age < 36 ? 1 : 0) - 0.6 * Math.log1p(p.savingsBalance / 50_000);
      break;
    case 'mortgage-tracker':
      fit += 0.5 * latent.riskAppetite - 0.4;
      break;
    case 'savings-regular':
      fit += 0.8 * stage(p, 'student', 'young_professional') - 0.4 * Math.log1p(p.savingsBalance / 20_000);
      break;
    case 'savings-bonus':
      fit += 0.4 * latent.thrift;
      break;
    case 'savings-isa':
      fit += 0.4 * logIncomeRel(p);
      break;
    case 'deposit-6m':
      fit += 0.6 * (p.investmentHorizon === 'short' ? 1 : 0);
      break;
    case 'deposit-36m':
      fit += 0.6 * (p.investmentHorizon === 'long' ? 1 : 0) + 0.4 * stage(p, 'retired');
      break;
    case 'fund-esg':
      fit += 1.4 * taste[4] + 0.3 * (p.age < 40 ? 1 : 0);
      break;
    case 'fund-bond':
      fit += 0.5 * stage(p, 'pre_retirement', 'retired');
      break;
    case 'fund-equity':
      fit += 0.5 * (p.investmentHorizon === 'long' ? 1 : 0);
      break;
    case 'wealth-premier':
      fit += 1.0 * logIncomeRel(p) + 0.6 * Math.log1p(p.savingsBalance / 250_000) + 0.3 * taste[4];
      break;
    case 'wealth-managed-portfolio':
      fit += 0.4 * Math.log1p(p.savingsBalance / 50_000);
      break;
    case 'insurance-life':
      fit += 0.8 * has(p, 'protect_family') + 0.5 * has(p, 'buy_home');
      break;
    case 'insurance-income-protection':
      fit += 0.6 * stage(p, 'young_family', 'young_professional') - 0.5 * p.digitalEngagement;
      break;
    case 'insurance-travel':
      fit += 1.0 * has(p, 'travel');
      break;
    case 'pension-annuity':
      fit += 2.0 * (p.age >= 60 ? 1 : 0) - 1.5;
      break;
    case 'pension-sipp':
      fit += 0.5 * p.digitalEngagement + 0.3 * latent.riskAppetite;
      break;
  }
  return fit + (POPULARITY[product.id] ?? 0);
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function computePreferences(
  rng: Rng,
  profile: Profile,
  latent: Latent,
  products: readonly Product[],
): Preferences {
  const taste = TASTE_DIMS.map(() => rng.normal());
  const categoryAffinity = {} as Record<ProductCategory, number>;
  for (const c of PRODUCT_CATEGORIES) {
    const loadings = LOADINGS[c];
    let latentPart = 0;
    for (let k = 0; k < taste.length; k++) latentPart += loadings[k] * taste[k];
    categoryAffinity[c] = r3(observable(c, profile) + latentPart + rng.normal(0, 0.35));
  }
  const productAffinity: Record<string, number> = {};
  for (const product of products) {
    productAffinity[product.id] = r3(categoryAffinity[product.category] + productFit(product, profile, taste, latent));
  }
  return { id: profile.id, taste: taste.map(r3), categoryAffinity, productAffinity };
}
