import type { Product, ProductCategory } from '../../domain/index.ts';
import { meetsEligibility, NEW_PRODUCT_IDS } from '../../domain/catalog/index.ts';
import type { Preferences } from './preferences.ts';
import type { Profile } from './profile.ts';
import type { Rng } from '../../lib/random/index.ts';
import { sigmoid } from './math.ts';

/**
 * Adoptions drawn from the hidden preferences plus noise.
 *
 * Holdings today: for each category, hold it with P = σ(categoryAffinity + HOLD_BIAS + tenure
 * effect); the product within the category is a Gumbel-max draw over product affinities
 * (a softmax sample), a second product in the same category sometimes.
 *
 * Next period ("added in June"): about a third of customers add 1–3 products they do not hold,
 * drawn by Gumbel-top-k over product affinities (again a softmax sample without replacement).
 *
 * Both respect eligibility MOSTLY: an ineligible product's log-weight drops by INELIGIBLE_PENALTY
 * (≈ 5% of its weight), as real banks do make exceptions and data is messy.
 */
const HOLD_BIAS: Record<ProductCategory, number> = {
  current_account: 0.2,
  credit_card: -1.0,
  personal_loan: -0.8,
  mortgage: -0.6,
  savings: -0.5,
  term_deposit: -0.9,
  fund: -1.0,
  brokerage: -1.0,
  wealth_management: -0.6,
  insurance: -0.6,
  pension: -0.9,
};
/** Categories where holding two products is common. */
const MULTI: ReadonlySet<ProductCategory> = new Set(['savings', 'insurance', 'fund', 'credit_card']);
const INELIGIBLE_PENALTY = 3;
/** Adding another product in a category already held is less likely (a second mortgage is rare). */
const SAME_CATEGORY_PENALTY = 1.2;
/**
 * Adds are sharper than holdings: a customer who adds a product picks near the top of their
 * own preferences (log-weights divided by this temperature), which is what makes personal
 * recommendations beat popularity by a wide margin.
 */
const ADD_TEMPERATURE = 0.35;
/** Share of the population-mean affinity removed before drawing adds (1 = fully personal). */
const POPULATION_SHARE = 0.6;
/** A newly launched product is promoted in its first period. */
const LAUNCH_BOOST = 1.0;

function logWeight(product: Product, profile: Profile, prefs: Preferences): number {
  const w = prefs.productAffinity[product.id];
  return meetsEligibility(profile, product) ? w : w - INELIGIBLE_PENALTY;
}

/** Products held now, in catalog order. */
export function drawHoldings(rng: Rng, profile: Profile, prefs: Preferences, products: readonly Product[]): string[] {
  const held = new Set<string>();
  const tenureEffect = 0.05 * Math.min(profile.tenureYears, 15) - 0.35;
  const byCategory = new Map<ProductCategory, Product[]>();
  for (const p of products) {
    if (NEW_PRODUCT_IDS.has(p.id)) continue; // launched this period: nobody holds it yet
    byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
  }
  for (const [category, items] of byCategory) {
    if (!rng.chance(sigmoid(prefs.categoryAffinity[category] + HOLD_BIAS[category] + tenureEffect))) continue;
    const picks = MULTI.has(category) && rng.chance(0.25) ? 2 : 1;
    for (const id of gumbelTopK(rng, items, (p) => logWeight(p, profile, prefs), picks)) held.add(id);
  }
  return products.filter((p) => held.has(p.id)).map((p) => p.id);
}

/**
 * Log-weight of each not-held product for the next period's adds (before temperature): the
 * customer's affinity minus POPULATION_SHARE × the population mean, less the eligibility and
 * same-category penalties, plus the launch boost. The "oracle" ranking for evaluation.
 */
export function nextAddLogWeights(
  profile: Profile,
  held: readonly string[],
  prefs: Preferences,
  products: readonly Product[],
  populationMean: Readonly<Record<string, number>>,
): Map<string, number> {
  const heldSet = new Set(held);
  const heldCategories = new Set(products.filter((p) => heldSet.has(p.id)).map((p) => p.category));
  const out = new Map<string, number>();
  for (const p of products) {
    if (heldSet.has(p.id)) continue;
    out.set(
      p.id,
      logWeight(p, profile, prefs) -
        POPULATION_SHARE * populationMean[p.id] -
        (heldCategories.has(p.category) ? SAME_CATEGORY_PENALTY : 0) +
        (NEW_PRODUCT_IDS.has(p.id) ? LAUNCH_BOOST : 0),
    );
  }
  return out;
}

/** Products added in the next period (may be empty), most preferred first. */
export function drawNextAdds(
  rng: Rng,
  profile: Profile,
  held: readonly string[],
  prefs: Preferences,
  products: readonly Product[],
  populationMean: Readonly<Record<string, number>>,
): string[] {
  const pAdd = sigmoid(-1.1 + 0.8 * profile.digitalEngagement + (profile.tenureYears < 3 ? 0.3 : 0));
  if (!rng.chance(pAdd)) return [];
  const k = rng.weighted([0.7, 0.23, 0.07]) + 1;
  const weights = nextAddLogWeights(profile, held, prefs, products, populationMean);
  const candidates = products.filter((p) => weights.has(p.id));
  return gumbelTopK(rng, candidates, (p) => weights.get(p.id)! / ADD_TEMPERATURE, k);
}

/** Sample k items without replacement with P ∝ exp(logWeight) (Gumbel-top-k trick). */
function gumbelTopK<T extends { id: string }>(
  rng: Rng,
  items: readonly T[],
  logWeight: (t: T) => number,
  k: number,
): string[] {
  const keyed = items.map((item) => ({ id: item.id, key: logWeight(item) + rng.gumbel() }));
  keyed.sort((a, b) => b.key - a.key);
  return keyed.slice(0, k).map((x) => x.id);
}

/** Outstanding loan balance implied by the lending products held, plus debt held elsewhere. */
export function drawLoanAmount(
  rng: Rng,
  profile: Profile,
  held: readonly string[],
  products: readonly Product[],
): number {
  const categories = new Set(products.filter((p) => held.includes(p.id)).map((p) => p.category));
  let amount = 0;
  if (categories.has('mortgage'))
    amount += Math.max(profile.income, 20_000) * rng.uniform(1.2, 4.0) * Math.max(0.15, 1 - profile.tenureYears / 30);
  if (categories.has('personal_loan')) amount += rng.uniform(2_000, 25_000);
  if (rng.chance(0.35 * profile.creditUtilization)) amount += rng.uniform(1_000, 15_000);
  return Math.round(amount / 10) * 10;
}
