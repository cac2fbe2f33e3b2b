import { Rng } from '../../lib/random/index.ts';

/**
 * Paired comparison of two methods scored on the same customers: the mean of the per-customer
 * differences a − b with a percentile bootstrap interval (customers resampled with replacement),
 * and a two-sided sign test on the customers where they differ.
 */
export interface PairedComparison {
  mean: number;
  low: number;
  high: number;
  level: number;
  /** Customers where a > b / a < b (ties left out of the sign test). */
  wins: number;
  losses: number;
  /** Two-sided sign-test p-value (normal approximation with continuity correction). */
  signP: number;
}

export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  options: { resamples?: number; level?: number; seed?: number } = {},
): PairedComparison {
  if (a.length !== b.length) throw new Error(`pairedBootstrap: ${a.length} vs ${b.length} paired values`);
  const n = a.length;
  if (n === 0) throw new Error('pairedBootstrap: no paired values');
  const d = Float64Array.from(a, (v, i) => v - b[i]);
  const mean = d.reduce((s, v) => s + v, 0) / n;
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  const rng = new Rng(options.seed ?? 42);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[Math.floor(rng.next() * n)];
    means[r] = s / n;
  }
  means.sort();
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))];
  let wins = 0;
  let losses = 0;
  for (const v of d)
    if (v > 0) wins++;
    else if (v < 0) losses++;
  const m = wins + losses;
  const z = m ? (Math.abs(wins - losses) - 1) / Math.sqrt(m) : 0;
  return {
    mean,
    low: at((1 - level) / 2),
    high: at(1 - (1 - level) / 2),
    level,
    wins,
    losses,
    signP: m ? Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))) : 1,
  };
}

/** Φ(x) via the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
