import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../lib/config/index.ts';
import { importSantanderCustomers, SANTANDER_CUSTOMERS_FILE } from '../../data/importers/santander.ts';
import { santanderExcluded, santanderPositives } from '../../ml/recommender/train/datasets/santander.ts';
import { rankFromScores } from '../../ml/recommender/train/trainer.ts';
import { popularityCounts, popularityScores } from './baselines.ts';
import { mapk } from '../../ml/metrics/ranking.ts';

describe('popularity baseline on Santander June-2015 adders (SOURCES.md 6.1)', () => {
  it('reproduces MAP@7 = 0.661 with the held filter and 0.488 without, 5 folds by ncodpers % 5', async () => {
    const { rows } = await importSantanderCustomers(
      join(resolve(testConfig().sharedDataDir), SANTANDER_CUSTOMERS_FILE),
    );
    expect(rows).toHaveLength(36_673);
    const P = 24;
    const actual: string[][] = [];
    const filtered: string[][] = [];
    const unfiltered: string[][] = [];
    for (let fold = 0; fold < 5; fold++) {
      const train = rows.filter((r) => r.fold !== fold);
      const test = rows.filter((r) => r.fold === fold);
      // Counts of `added_jun2015__*` in the other four folds.
      const counts = popularityCounts(
        train.map((r) => r.addedJune.flatMap((v, i) => (v ? [i] : []))),
        P,
      );
      const ranked = rankFromScores(
        popularityScores(counts, test.length),
        test.length,
        P,
        test.map(santanderExcluded),
        7,
      );
      const plain = rankFromScores(
        popularityScores(counts, test.length),
        test.length,
        P,
        test.map(() => []),
        7,
      );
      test.forEach((r, i) => {
        actual.push(r.addedJune.flatMap((v, p) => (v ? [String(p)] : [])));
        filtered.push(ranked[i].map(String));
        unfiltered.push(plain[i].map(String));
      });
      // Labels used for the models are the same adds (every add is of a product not held in May).
      test.forEach((r) => expect(santanderPositives(r).length).toBe(r.addedJune.reduce((s, v) => s + v, 0)));
    }
    expect(actual).toHaveLength(36_673);
    expect(mapk(actual, filtered, 7)).toBeCloseTo(0.661, 3);
    expect(mapk(actual, unfiltered, 7)).toBeCloseTo(0.488, 3);
  }, 60_000);
});
