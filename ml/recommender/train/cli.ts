#!/usr/bin/env -S npx tsx
/**
 * npm run train -- --dataset synthetic|santander [--variant both|mlp|attention] [--epochs N] [--ranker-epochs N] [--seed S] [--quiet]
 * Trains the two-tower recommender and its ranking stage, writes artifacts to <artifactsDir>/recommender/<dataset>/.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../../lib/config/index.ts';
import { loadDataset, trainAndSave, type DatasetName } from './train-dataset.ts';
import type { ModelVariant } from './model.ts';

const HELP = `Train the two-tower recommender and its ranking stage.

Usage: npm run train -- --dataset synthetic|santander [options]

  --dataset NAME   synthetic (DATA's generator output at <stateDir>/data/synthetic, generated if missing)
                   or santander (../shared/data June-2015 adders)
  --variant V      both (default: train MLP and feature-attention towers, keep the better on validation),
                   mlp, or attention
  --epochs N       maximum epochs (early stopping on validation MAP@7; default 30)
  --ranker-epochs N  maximum epochs of the DLRM-style ranking stage over the towers' scores (default 12;
                   0: towers only). The stage is saved, and serves, only when it beats the towers alone
                   on validation MAP@7.
  --seed S         seed (default MERIDIAN_SEED)
  --quiet          no per-epoch lines

Artifacts: <MERIDIAN_ARTIFACTS_DIR>/recommender/<dataset>/ (model, preprocessing, product embeddings, metrics).
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' },
      variant: { type: 'string', default: 'both' },
      epochs: { type: 'string' },
      'ranker-epochs': { type: 'string', default: '12' },
      seed: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return (process.stdout.write(HELP), 0);
  const dataset = values.dataset as DatasetName | undefined;
  if (dataset !== 'synthetic' && dataset !== 'santander')
    throw new Error(`--dataset: expected synthetic or santander, got ${JSON.stringify(values.dataset)}`);
  const variants: ModelVariant[] =
    values.variant === 'both'
      ? ['mlp', 'attention']
      : values.variant === 'mlp' || values.variant === 'attention'
        ? [values.variant]
        : (() => {
            throw new Error(`--variant: expected both, mlp or attention, got ${JSON.stringify(values.variant)}`);
          })();
  const config = loadConfig();
  const epochs = values.epochs ? Number(values.epochs) : undefined;
  if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1 || epochs > 1000))
    throw new Error(`--epochs: expected an integer 1..1000, got ${values.epochs}`);
  const rankerEpochs = Number(values['ranker-epochs']);
  if (!Number.isInteger(rankerEpochs) || rankerEpochs < 0 || rankerEpochs > 1000)
    throw new Error(`--ranker-epochs: expected an integer 0..1000, got ${values['ranker-epochs']}`);
  const seed = values.seed ? Number(values.seed) : config.seed;
  const log = (s: string) => values.quiet || process.stderr.write(`${s}\n`);
  const ds = await loadDataset(dataset, config, { log });
  log(
    `${dataset}: ${ds.customers.length} customers, ${ds.spec.productIds.length} products, ${ds.positives.filter((p) => p.length).length} adopters`,
  );
  const { manifest, dir, metrics } = await trainAndSave(ds, {
    dataset,
    artifactsDir: config.artifactsDir,
    variants,
    train: { ...(epochs ? { epochs } : {}), seed },
    ranker: rankerEpochs > 0 && { epochs: rankerEpochs },
    log,
  });
  const m = metrics as {
    variants: { variant: string; bestValMap7: number }[];
    ranker?: { bestValMap7: number; kept: boolean };
    served: string;
    test?: { map7: number };
  };
  process.stdout.write(
    `${m.variants.map((v) => `${v.variant}: best validation MAP@7 ${v.bestValMap7.toFixed(4)}`).join('; ')}\n` +
      (m.ranker
        ? `ranking stage: best validation MAP@7 ${m.ranker.bestValMap7.toFixed(4)} (${m.ranker.kept ? 'kept' : 'not better than the towers; not saved'})\n`
        : '') +
      `kept ${manifest.variant}; serves ${m.served}; test fold MAP@7 ${m.test?.map7.toFixed(4) ?? 'n/a'}\nartifacts: ${dir} (${manifest.modelVersion})\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`train: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
