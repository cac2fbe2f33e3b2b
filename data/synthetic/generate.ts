import { PRODUCTS } from '../../domain/catalog/index.ts';
import type { Customer, Product } from '../../domain/index.ts';
import { drawHoldings, drawLoanAmount, drawNextAdds } from './adoption.ts';
import { populationMeanAffinity } from './calibration.ts';
import { drawNotes } from './notes.ts';
import { syntheticRmId } from './books.ts';
import { computePreferences, type Preferences } from './preferences.ts';
import { Rng } from '../../lib/random/index.ts';
import { sampleLatent, sampleProfile } from './profile.ts';
import type { Adoption } from './schemas.ts';

export interface GeneratedCustomer {
  customer: Customer;
  /** Hidden: for evaluation only. */
  preferences: Preferences;
  /** Next-period adds (for recommender evaluation). */
  adoption: Adoption;
}

export interface GenerateOptions {
  seed: number;
  count: number;
  /** First customer index (to generate a slice; customer i is the same whatever the slice). */
  start?: number;
  products?: readonly Product[];
}

/** Stable customer id for index i: C0000001, C0000002, … */
const customerId = (index: number) => `C${String(index + 1).padStart(7, '0')}`;

/** One customer, a pure function of (seed, index, products). */
export function generateCustomer(
  seed: number,
  index: number,
  products: readonly Product[] = PRODUCTS,
): GeneratedCustomer {
  const rng = Rng.forIndex(seed, index);
  const id = customerId(index);
  const latent = sampleLatent(rng);
  const profile = sampleProfile(rng, id, latent);
  const preferences = computePreferences(rng, profile, latent, products);
  const productsHeld = drawHoldings(rng, profile, preferences, products);
  const loanAmount = drawLoanAmount(rng, profile, productsHeld, products);
  const added = drawNextAdds(rng, profile, productsHeld, preferences, products, populationMeanAffinity(products));
  const notes = drawNotes(rng, profile, preferences);
  const customer: Customer = {
    ...profile,
    loanAmount,
    productsHeld,
    ...(notes ? { notes } : {}),
    rmId: syntheticRmId(index),
  };
  return { customer, preferences, adoption: { id, added } };
}

/** Lazily yield `count` customers: constant memory whatever the count. */
export function* generateCustomers(options: GenerateOptions): Generator<GeneratedCustomer> {
  const { seed, count, start = 0, products = PRODUCTS } = options;
  for (let i = start; i < start + count; i++) yield generateCustomer(seed, i, products);
}
