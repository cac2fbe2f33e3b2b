#!/usr/bin/env -S npx tsx
/**
 * npm run eval:recsys -- [--dataset santander|synthetic|both] [--folds 0,1,2,3,4] [--epochs N] [--gbdt-rounds N] [--ranker-epochs N] [--ablation] [--max-train N] [--parallel] [--quiet]
 * Bounded run (10.1 min measured on the shared 2-core machine; a smoke check, towers undertrained):
 *   --dataset santander --folds 0,1 --max-train 8000 --epochs 4 --ranker-epochs 4 --parallel.
 * --parallel runs each fold in its own child process, then merges the per-fold results.
 * --render-only regenerates docs/RECOMMENDER.md from the stored results (each section keeps the command that produced it).
 * 5-fold evaluation of the two-tower recommender against popularity, logistic-regression and
 * gradient-boosted (XGBoost) peers; writes artifacts/recommender/eval/<dataset>.json and regenerates docs/RECOMMENDER.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../lib/config/index.ts';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import { initBackend } from '../../ml/recommender/train/backend.ts';
import type { SyntheticData } from '../../ml/recommender/train/datasets/synthetic.ts';
import { loadDataset, type DatasetName } from '../../ml/recommender/train/train-dataset.ts';
import { SANTANDER_BASE_SPEC } from '../../ml/recommender/train/datasets/santander.ts';
import { spawn } from 'node:child_process';
import { evaluateDataset, mergeEvaluations, type DatasetEvaluation } from './evaluate.ts';
import { renderRecommenderDoc, type StoredEvaluation } from './report.ts';

async function writeAtomic(path: string, text: string) {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'render-only': { type: 'boolean', default: false },
      parallel: { type: 'boolean', default: false },
      'fold-only': { type: 'string' },
      dataset: { type: 'string', default: 'both' },
      folds: { type: 'string', default: '0,1,2,3,4' },
      epochs: { type: 'string', default: '25' },
      patience: { type: 'string', default: '3' },
      batch: { type: 'string', default: '512' },
      'gbdt-rounds': { type: 'string', default: '150' },
      'ranker-epochs': { type: 'string', default: '12' },
      ablation: { type: 'boolean', default: false },
      'max-train': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      doc: { type: 'string', default: 'docs/RECOMMENDER.md' },
    },
    strict: true,
  });
  const names: DatasetName[] =
    values.dataset === 'both'
      ? ['santander', 'synthetic']
      : values.dataset === 'santander' || values.dataset === 'synthetic'
        ? [values.dataset]
        : (() => {
            throw new Error(`--dataset: expected santander, synthetic or both, got ${values.dataset}`);
          })();
  const folds = values.folds.split(',').map((s) => Number(s.trim()));
  if (folds.some((x) => !Number.isInteger(x) || x < 0 || x > 4))
    throw new Error(`--folds: expected comma-separated 0..4, got ${values.folds}`);
  const epochs = Number(values.epochs);
  const patience = Number(values.patience);
  const batchSize = Number(values.batch);
  const gbdtRounds = Number(values['gbdt-rounds']);
  const rankerEpochs = Number(values['ranker-epochs']);
  if (!Number.isInteger(rankerEpochs) || rankerEpochs < 0)
    throw new Error(
      `--ranker-epochs: expected a non-negative integer (0 skips the ranking stage), got ${values['ranker-epochs']}`,
    );
  const maxTrain = values['max-train'] === undefined ? undefined : Number(values['max-train']);
  if (maxTrain !== undefined && !(Number.isInteger(maxTrain) && maxTrain > 0))
    throw new Error(`--max-train: expected a positive integer, got ${values['max-train']}`);
  const extra = (name: DatasetName) => ({
    maxTrain,
    gbdt: { rounds: gbdtRounds },
    ranker: rankerEpochs ? { epochs: rankerEpochs } : (false as const),
    ablationSpecs:
      values.ablation && name === 'santander'
        ? [
            {
              name: 'ablation: two-tower mlp without lag dynamics',
              description: 'MLP towers on the features before the transition / months-since / change-count features',
              spec: SANTANDER_BASE_SPEC,
            },
          ]
        : [],
  });
  if (![epochs, patience, batchSize, gbdtRounds].every((x) => Number.isInteger(x) && x > 0))
    throw new Error('--epochs, --patience, --batch and --gbdt-rounds must be positive integers');
  const config = loadConfig();
  const log = (s: string) => values.quiet || process.stderr.write(`${s}\n`);
  const backend = await initBackend();
  const outDir = join(config.artifactsDir, 'recommender', 'eval');
  await mkdir(outDir, { recursive: true });
  const command = `npm run eval:recsys -- ${argv.join(' ')}`.trim();
  // Child mode: one fold, result to <name>.fold<k>.json, no doc.
  if (values['fold-only'] !== undefined) {
    const fold = Number(values['fold-only']);
    const name = names[0];
    const ds = await loadDataset(name, config, { log });
    const syn = name === 'synthetic' ? (ds as SyntheticData) : undefined;
    const result = await evaluateDataset(ds, {
      folds: [fold],
      log,
      train: { epochs, seed: config.seed, batchSize, patience },
      ...extra(name),
      affinity: syn?.affinity,
      productCategory: syn ? new Map(PRODUCTS.map((p) => [p.id, p.category])) : undefined,
    });
    await writeAtomic(join(outDir, `${name}.fold${fold}.json`), JSON.stringify(result));
    return 0;
  }
  for (const name of values['render-only'] ? [] : names) {
    const started = performance.now();
    if (values.parallel) {
      if (name === 'synthetic') await loadDataset(name, config, { log }); // generate once, before the children read it
      await Promise.all(
        folds.map(
          (fold) =>
            new Promise<void>((resolveChild, reject) => {
              const child = spawn(
                process.execPath,
                [
                  ...process.execArgv,
                  process.argv[1],
                  '--dataset',
                  name,
                  '--fold-only',
                  String(fold),
                  '--epochs',
                  String(epochs),
                  '--patience',
                  String(patience),
                  '--batch',
                  String(batchSize),
                  '--gbdt-rounds',
                  String(gbdtRounds),
                  '--ranker-epochs',
                  String(rankerEpochs),
                  ...(values.ablation ? ['--ablation'] : []),
                  ...(maxTrain ? ['--max-train', String(maxTrain)] : []),
                  ...(values.quiet ? ['--quiet'] : []),
                ],
                { stdio: ['ignore', 'inherit', 'inherit'] },
              );
              child.on('exit', (code) =>
                code === 0 ? resolveChild() : reject(new Error(`fold ${fold} of ${name} exited with ${code}`)),
              );
            }),
        ),
      );
      const parts = folds.map(
        (fold) => JSON.parse(readFileSync(join(outDir, `${name}.fold${fold}.json`), 'utf8')) as DatasetEvaluation,
      );
      const merged = mergeEvaluations(parts);
      const stored: StoredEvaluation = {
        ...merged,
        command,
        backend,
        finishedAt: new Date().toISOString(),
        seconds: (performance.now() - started) / 1000,
        machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), shared with teammates; one child process per fold`,
      };
      await writeAtomic(join(outDir, `${name}.json`), JSON.stringify(stored, null, 2));
      const sel = stored.methods.find((m) => m.name === 'two-tower (selected)')!;
      const pop = stored.methods.find((m) => m.name === 'popularity')!;
      process.stdout.write(
        `${name}: two-tower MAP@7 ${sel.metrics.map7.toFixed(4)} vs popularity ${pop.metrics.map7.toFixed(4)} (${stored.testAdders} test adopters)\n`,
      );
      continue;
    }
    const ds = await loadDataset(name, config, { log });
    const syn = name === 'synthetic' ? (ds as SyntheticData) : undefined;
    const result = await evaluateDataset(ds, {
      folds,
      log,
      train: { epochs, seed: config.seed, batchSize, patience },
      ...extra(name),
      affinity: syn?.affinity,
      productCategory: syn ? new Map(PRODUCTS.map((p) => [p.id, p.category])) : undefined,
    });
    const stored: StoredEvaluation = {
      ...result,
      command,
      backend,
      finishedAt: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
      machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), shared with teammates`,
    };
    await writeAtomic(join(outDir, `${name}.json`), JSON.stringify(stored, null, 2));
    const sel = stored.methods.find((m) => m.name === 'two-tower (selected)')!;
    const pop = stored.methods.find((m) => m.name === 'popularity')!;
    process.stdout.write(
      `${name}: two-tower MAP@7 ${sel.metrics.map7.toFixed(4)} vs popularity ${pop.metrics.map7.toFixed(4)} (${stored.testAdders} test adopters)\n`,
    );
  }
  const read = (n: string) =>
    existsSync(join(outDir, `${n}.json`))
      ? (JSON.parse(readFileSync(join(outDir, `${n}.json`), 'utf8')) as StoredEvaluation)
      : undefined;
  await writeAtomic(values.doc, renderRecommenderDoc({ santander: read('santander'), synthetic: read('synthetic') }));
  process.stdout.write(`wrote ${values.doc}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`eval:recsys: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
