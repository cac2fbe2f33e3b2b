#!/usr/bin/env -S npx tsx
/**
 * npm run bench:two-stage -- [--train 2000] [--customers 7000]
 *
 * Scoring throughput (customer × product pairs/s) of the two-stage Santander model (towers, then the
 * DLRM-style ranking stage) against the towers alone, measured in the same run on the same rows.
 * Weights come from a short fit on `--train` customers: throughput does not depend on their values,
 * only on the layout (Santander spec: every field and group of the evaluated model).
 */
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { loadConfig } from '../lib/config/index.ts';
import { initBackend } from '../ml/recommender/train/backend.ts';
import { loadSantanderDataset } from '../ml/recommender/train/datasets/santander-data.ts';
import { Preprocessor } from '../ml/recommender/train/features.ts';
import { adders, splitByFold, splitData } from '../ml/recommender/train/fit.ts';
import { trainRanker } from '../ml/recommender/train/ranker.ts';
import { scoreMatrix, trainTwoTower } from '../ml/recommender/train/trainer.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { train: { type: 'string', default: '2000' }, customers: { type: 'string', default: '7000' } },
  strict: true,
});
const nTrain = Number(values.train);
const nScore = Number(values.customers);
if (![nTrain, nScore].every((x) => Number.isInteger(x) && x > 0))
  throw new Error('--train and --customers must be positive integers');

const config = loadConfig();
const backend = await initBackend();
const ds = await loadSantanderDataset(config.sharedDataDir);
const split = splitByFold(ds, 0);
const pre = Preprocessor.fit(
  ds.spec,
  split.train.map((i) => ds.customers[i]),
  ds.products,
);
const products = pre.transformProducts(ds.products);
const train = splitData(ds, pre, adders(ds, split.train).slice(0, nTrain));
const val = splitData(ds, pre, adders(ds, split.val).slice(0, 500));
const towers = await trainTwoTower(pre, products, train, val, { epochs: 1 });
const ranker = await trainRanker(
  pre,
  products,
  { ...train, tower: scoreMatrix(pre, products, towers, train.X, train.n) },
  { ...val, tower: scoreMatrix(pre, products, towers, val.X, val.n) },
  { epochs: 1 },
);
const test = splitData(ds, pre, split.test.slice(0, nScore));
const P = ds.spec.productIds.length;
const time = (fn: () => void) => {
  fn(); // warm-up
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
};
let tower: Float32Array = new Float32Array(0);
const towersOnly = time(() => {
  tower = scoreMatrix(pre, products, towers, test.X, test.n);
});
const rankerOnly = time(() => ranker.score(test.X, tower, test.n));
const pairs = test.n * P;
const rows = [
  ['towers', towersOnly],
  ['ranking stage (given tower scores)', rankerOnly],
  ['two-stage (towers + ranking stage)', towersOnly + rankerOnly],
] as const;
process.stdout.write(
  `| Path | seconds | pairs/s | ratio to towers |\n|---|---|---|---|\n${rows
    .map(
      ([name, s]) =>
        `| ${name} | ${s.toFixed(3)} | ${Math.round(pairs / s).toLocaleString('en-GB')} | ${(towersOnly / s).toFixed(2)} |`,
    )
    .join(
      '\n',
    )}\n\n${pairs.toLocaleString('en-GB')} pairs (${test.n} customers × ${P} products), ${backend} backend, ${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), shared.\n`,
);
ranker.dispose();
process.exit(0);
