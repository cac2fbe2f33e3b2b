import type { Product } from '../../domain/index.ts';
import { computePreferences } from './preferences.ts';
import { Rng } from '../../lib/random/index.ts';
import { sampleLatent, sampleProfile } from './profile.ts';

/**
 * Population mean of each product's affinity, from a fixed calibration sample (seed
 * CALIBRATION_SEED, CALIBRATION_SIZE customers) — a constant of the model, recomputed from the
 * code so it can never drift from it. Next-period adds use affinity relative to this mean (what
 * THIS customer wants more than the typical customer), so adds are personal rather than a replay
 * of the population's favourites.
 */
const CALIBRATION_SEED = 0x5eed;
const CALIBRATION_SIZE = 2000;

const cache = new WeakMap<readonly Product[], Record<string, number>>();

export function populationMeanAffinity(products: readonly Product[]): Record<string, number> {
  const hit = cache.get(products);
  if (hit) return hit;
  const sums: Record<string, number> = Object.fromEntries(products.map((p) => [p.id, 0]));
  for (let i = 0; i < CALIBRATION_SIZE; i++) {
    const rng = Rng.forIndex(CALIBRATION_SEED, i);
    const latent = sampleLatent(rng);
    const prefs = computePreferences(rng, sampleProfile(rng, 'calibration', latent), latent, products);
    for (const p of products) sums[p.id] += prefs.productAffinity[p.id];
  }
  const means = Object.fromEntries(products.map((p) => [p.id, sums[p.id] / CALIBRATION_SIZE]));
  cache.set(products, means);
  return means;
}
