/**
 * Do behaviour features help the two-tower customer tower? Trains the two-tower model twice on the
 * synthetic dataset — the profile features alone, and profile + behaviourFeatures (a "behaviour"
 * feature group) — with the same seed, split and settings, and compares validation and test-fold
 * MAP@7. Writes artifacts/behaviour/tower-validation.json.
 *   npx tsx eval/recsys/behaviour-tower.ts [--epochs N] [--limit N] [--seeds 42,43,44]
 * Several training seeds, because one pair of runs differs by about as much as seeds do. Kept
 * only when the mean validation gain is positive and larger than its standard error.
 */
import { parseArgs } from 'node:util';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config/index.ts';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import { defaultSyntheticDir } from '../../data/synthetic/index.ts';
import { loadSyntheticDataset } from '../../ml/recommender/train/datasets/synthetic.ts';
import { fitDataset } from '../../ml/recommender/train/fit.ts';
import { initBackend } from '../../ml/recommender/train/backend.ts';
import type { TrainingDataset } from '../../ml/recommender/train/datasets/types.ts';
import { BEHAVIOUR_FEATURE_NAMES, behaviourFeatures } from '../../data/behaviour/vector.ts';

const { values } = parseArgs({
  options: { epochs: { type: 'string' }, limit: { type: 'string' }, seeds: { type: 'string' } },
});
const config = loadConfig();
const say = (s: string) => process.stderr.write(`${s}\n`);
await initBackend();
const base = await loadSyntheticDataset(defaultSyntheticDir(config), PRODUCTS, {
  limit: values.limit ? Number(values.limit) : undefined,
});
say(`synthetic: ${base.customers.length} customers`);

const t0 = performance.now();
const withBehaviour: TrainingDataset = {
  ...base,
  spec: {
    ...base.spec,
    dataset: 'synthetic',
    customer: {
      ...base.spec.customer,
      numeric: [
        ...base.spec.customer.numeric,
        ...BEHAVIOUR_FEATURE_NAMES.map((name) => ({ name, group: 'behaviour' })),
      ],
      groups: [...base.spec.customer.groups, { id: 'behaviour', label: 'Behaviour (transactions)' }],
    },
  },
  customers: base.customers.map((raw, i) => {
    const v = behaviourFeatures(base.originals[i]!, config.seed).values;
    return {
      ...raw,
      numeric: { ...raw.numeric, ...Object.fromEntries(BEHAVIOUR_FEATURE_NAMES.map((n, k) => [n, v[k]!])) },
    };
  }),
};
const featureSeconds = (performance.now() - t0) / 1000;
say(`behaviour features for ${base.customers.length} customers in ${featureSeconds.toFixed(1)} s`);

const seeds = (values.seeds ?? String(config.seed)).split(',').map(Number);
type Run = { seed: number; valMap7: number; testMap7?: number; epochs: number; seconds: number };
const results: Record<'profile' | 'profile+behaviour', Run[]> = { profile: [], 'profile+behaviour': [] };
for (const seed of seeds) {
  const train = { seed, ...(values.epochs ? { epochs: Number(values.epochs) } : {}) };
  for (const [name, ds] of [
    ['profile', base],
    ['profile+behaviour', withBehaviour],
  ] as const) {
    const fit = await fitDataset(ds, { testFold: 0, variants: ['mlp'], train, log: () => {} });
    const test = fit.test as { map7?: number } | undefined;
    results[name].push({
      seed,
      valMap7: fit.chosen.valMap7,
      testMap7: test?.map7,
      epochs: fit.chosen.model.history.length,
      seconds: fit.chosen.model.seconds,
    });
    say(
      `seed ${seed} ${name}: validation MAP@7 ${fit.chosen.valMap7.toFixed(4)}, test fold MAP@7 ${test?.map7?.toFixed(4) ?? 'n/a'}`,
    );
  }
}
const diffs = seeds.map((_, i) => results['profile+behaviour'][i]!.valMap7 - results.profile[i]!.valMap7);
const testDiffs = seeds.map(
  (_, i) => (results['profile+behaviour'][i]!.testMap7 ?? 0) - (results.profile[i]!.testMap7 ?? 0),
);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const se = (xs: number[]) =>
  xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length) : Infinity;
const gain = mean(diffs);
const keep = gain > 0 && gain > se(diffs);
const out = {
  command: `npx tsx eval/recsys/behaviour-tower.ts${values.epochs ? ` --epochs ${values.epochs}` : ''}${values.limit ? ` --limit ${values.limit}` : ''}${values.seeds ? ` --seeds ${values.seeds}` : ''}`,
  customers: base.customers.length,
  variant: 'mlp',
  testFold: 0,
  featureSeconds,
  seeds,
  results,
  validationGain: { mean: gain, standardError: se(diffs), perSeed: diffs },
  testGain: { mean: mean(testDiffs), perSeed: testDiffs },
  decision: keep
    ? 'keep: behaviour features improve validation MAP@7 beyond seed noise'
    : 'drop from the tower: no validation gain beyond seed noise',
};
const dir = join(config.artifactsDir, 'behaviour');
await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'tower-validation.json.tmp'), JSON.stringify(out, null, 2));
await rename(join(dir, 'tower-validation.json.tmp'), join(dir, 'tower-validation.json'));
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
