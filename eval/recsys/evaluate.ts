import { Preprocessor } from '../../ml/recommender/train/features.ts';
import { adders, splitByFold, splitData, type FoldSplit } from '../../ml/recommender/train/fit.ts';
import { Rng, shuffleInPlace } from '../../lib/random/index.ts';
import type { ModelVariant } from '../../ml/recommender/train/model.ts';
import { rankFromScores, scoreMatrix, trainTwoTower, type TrainOptions } from '../../ml/recommender/train/trainer.ts';
import type { TrainingDataset } from '../../ml/recommender/train/datasets/types.ts';
import { popularityCounts, popularityScores, trainLogisticBaseline } from './baselines.ts';
import { poolMetrics, rankingMetrics, type RankingMetrics } from '../../ml/metrics/ranking.ts';
import { spearman } from './rank-correlation.ts';
import {
  expandByPositive,
  GbdtEncoder,
  gbdtFeaturesFromSpec,
  SANTANDER_GBDT_FEATURES,
  trainGbdt,
  type GbdtOptions,
} from './gbdt.ts';
import { apk } from '../../ml/metrics/ranking.ts';
import { trainRanker, type RankerConfig } from '../../ml/recommender/train/ranker.ts';
import type { FeatureSpec } from '../../ml/recommender/train/features.ts';

interface Affinity {
  category: Record<string, number>;
  product: Record<string, number>;
}

export interface MethodSummary {
  name: string;
  description: string;
  metrics: RankingMetrics;
  perFoldMap7: number[];
  /** AP@7 of every test adopter, folds in order, customers in dataset order (paired across methods). */
  perCustomerAp7: number[];
  /** Per product: test adopters who added it, and how many of them had it in the method's top 3. */
  productHits: { adders: number[]; top3: number[] };
  /** Synthetic only: mean Spearman ρ between the method's product scores and the hidden affinities. */
  recovery?: { productSpearman: number; categorySpearman: number; customers: number };
}

interface VariantTiming {
  variant: ModelVariant;
  fold: number;
  epochsRun: number;
  bestEpoch: number;
  secondsPerEpoch: number;
  secondsToBest: number;
  totalSeconds: number;
  bestValMap7: number;
}

export interface DatasetEvaluation {
  dataset: string;
  /** Product ids in score order (tables name products by them). */
  productIds: string[];
  folds: number[];
  customers: number;
  testAdders: number;
  methods: MethodSummary[];
  /** Which variant won validation in each fold. */
  chosenPerFold: ModelVariant[];
  timings: VariantTiming[];
  /** GBDT training seconds per fold (the whole boosting run; it has no epochs). */
  gbdtSeconds: number[];
  /** Ranking-stage training per fold. */
  rankerTimings: { fold: number; epochsRun: number; bestEpoch: number; secondsPerEpoch: number; bestValMap7: number }[];
  trainOptions: Partial<TrainOptions>;
  /** Training customers per fold were capped at this (bounded runs); absent = all. */
  maxTrain?: number;
}

export interface EvaluateOptions {
  folds?: number[];
  train?: Partial<TrainOptions>;
  logisticEpochs?: number;
  gbdt?: Partial<GbdtOptions>;
  /** Second stage over the selected towers; `false` skips it. */
  ranker?: Partial<RankerConfig> | false;
  /** Cap on training customers per fold (a seeded sample; every method trains on the same ones). */
  maxTrain?: number;
  /** Extra MLP two-tower rows on other feature specs (the ablation's "without" rows), same folds. */
  ablationSpecs?: { name: string; description: string; spec: FeatureSpec }[];
  /** Hidden preferences by customer id (synthetic). */
  affinity?: Map<string, Affinity>;
  /** Product → category (for the category-level recovery). */
  productCategory?: Map<string, string>;
  log?: (s: string) => void;
}

/**
 * k-fold evaluation by customer id (fold = id % 5): for each fold, preprocessing is fitted on the
 * other folds' training customers only; popularity, per-product logistic regression and both
 * two-tower variants are scored on the held-out fold's adopters, with held products removed from
 * every ranking. The "two-tower (selected)" row uses, per fold, the variant that won validation.
 */
export async function evaluateDataset(ds: TrainingDataset, options: EvaluateOptions = {}): Promise<DatasetEvaluation> {
  const folds = options.folds ?? [0, 1, 2, 3, 4];
  const log = options.log ?? (() => {});
  const P = ds.spec.productIds.length;
  const perMethod = new Map<
    string,
    {
      description: string;
      parts: RankingMetrics[];
      ap7: number[];
      hits: { adders: number[]; top3: number[] };
      recovery: { p: number; c: number; n: number };
    }
  >();
  const record = (name: string, description: string, m: Scored, rec?: { p: number; c: number; n: number }) => {
    const e = perMethod.get(name) ?? {
      description,
      parts: [] as RankingMetrics[],
      ap7: [] as number[],
      hits: { adders: new Array(P).fill(0), top3: new Array(P).fill(0) },
      recovery: { p: 0, c: 0, n: 0 },
    };
    e.parts.push(m.metrics);
    e.ap7.push(...m.ap7);
    m.hits.adders.forEach((v, p) => (e.hits.adders[p] += v));
    m.hits.top3.forEach((v, p) => (e.hits.top3[p] += v));
    if (rec) (e.recovery.p += rec.p * rec.n), (e.recovery.c += rec.c * rec.n), (e.recovery.n += rec.n);
    perMethod.set(name, e);
  };
  const timings: VariantTiming[] = [];
  const gbdtSeconds: number[] = [];
  const rankerTimings: DatasetEvaluation['rankerTimings'] = [];
  const chosenPerFold: ModelVariant[] = [];
  let testAdders = 0;

  for (const fold of folds) {
    const split = capTrain(splitByFold(ds, fold), options.maxTrain, options.train?.seed ?? 42);
    const pre = Preprocessor.fit(
      ds.spec,
      split.train.map((i) => ds.customers[i]),
      ds.products,
    );
    const products = pre.transformProducts(ds.products);
    const trainAdders = splitData(ds, pre, adders(ds, split.train));
    const val = splitData(ds, pre, adders(ds, split.val));
    const testIdx = adders(ds, split.test);
    const test = splitData(ds, pre, testIdx);
    testAdders += test.n;
    const actual = test.positives.map((ps) => ps.map(String));
    const evalScores = (s: Float32Array) =>
      scoreRanked(
        actual,
        rankFromScores(s, test.n, P, test.excluded, P).map((r) => r.map(String)),
        P,
      );
    // Recovery of hidden preferences: every test customer (adopters or not).
    const recoveryRows = options.affinity ? splitData(ds, pre, split.test) : undefined;
    const recovery = (score: (X: Float32Array, n: number) => Float32Array) =>
      recoveryRows
        ? recoveryOf(ds, split.test, recoveryRows, score(recoveryRows.X, recoveryRows.n), options)
        : undefined;

    // Popularity from all four other folds (train + validation), as in SOURCES.md 6.1.
    const counts = popularityCounts(
      [...split.train, ...split.val].map((i) => ds.positives[i]),
      P,
    );
    record(
      'popularity',
      'adoption counts in the other folds, held products removed',
      evalScores(popularityScores(counts, test.n)),
      recovery((_, n) => popularityScores(counts, n)),
    );
    const noFilter = scoreRanked(
      actual,
      Array.from({ length: test.n }, () =>
        [...Array(P).keys()].sort((a, b) => counts[b] - counts[a] || a - b).map(String),
      ),
      P,
    );
    record('popularity (no held filter)', 'same ranking without removing held products (reference only)', noFilter);

    const allTrain = splitData(ds, pre, split.train);
    const lr = await trainLogisticBaseline(pre, allTrain, {
      epochs: options.logisticEpochs ?? 8,
      seed: options.train?.seed ?? 42,
    });
    record(
      'logistic regression',
      'one logistic regression per product on the same features',
      evalScores(lr(test.X, test.n)),
      recovery(lr),
    );
    log(
      `[${ds.spec.dataset} fold ${fold}] popularity MAP@7 ${perMethod.get('popularity')!.parts.at(-1)!.map7.toFixed(4)}, logistic ${perMethod.get('logistic regression')!.parts.at(-1)!.map7.toFixed(4)}`,
    );

    // Gradient-boosted peer on its own features, trained on train + validation (it has no early stopping).
    const gbdtTrainIdx = adders(ds, [...split.train, ...split.val]);
    const encoder = new GbdtEncoder(
      ds.spec,
      ds.spec.dataset === 'santander' ? SANTANDER_GBDT_FEATURES : gbdtFeaturesFromSpec(ds.spec),
      split.train.map((i) => ds.customers[i]),
    );
    const gbdtRows = expandByPositive(
      encoder.encode(gbdtTrainIdx.map((i) => ds.customers[i])),
      encoder.width,
      gbdtTrainIdx.map((i) => ds.positives[i]),
    );
    const gbdt = await trainGbdt(gbdtRows.X, gbdtRows.labels, encoder.width, P, {
      seed: options.train?.seed ?? 42,
      ...options.gbdt,
    });
    gbdtSeconds.push(gbdt.seconds);
    const gbdtScore = (idx: readonly number[]) => {
      const rows = encoder.encode(idx.map((i) => ds.customers[i]));
      return gbdt.score(rows, idx.length);
    };
    record(
      'gbdt (xgboost)',
      `XGBoost multi:softprob, ${options.gbdt?.rounds ?? 150} rounds, depth ${options.gbdt?.maxDepth ?? 6}, on ${gbdtRows.labels.length} (customer, added product) rows`,
      evalScores(gbdtScore(testIdx)),
      options.affinity ? recovery(() => gbdtScore(split.test)) : undefined,
    );
    gbdt.free();
    log(
      `[${ds.spec.dataset} fold ${fold}] gbdt MAP@7 ${perMethod.get('gbdt (xgboost)')!.parts.at(-1)!.map7.toFixed(4)} (${gbdt.seconds.toFixed(1)}s training)`,
    );

    const variantResults: {
      variant: ModelVariant;
      val: number;
      metrics: Scored;
      rec?: { p: number; c: number; n: number };
      scores: { train: Float32Array; val: Float32Array; test: Float32Array };
    }[] = [];
    for (const variant of ['mlp', 'attention'] as const) {
      const model = await trainTwoTower(pre, products, trainAdders, val, {
        ...options.train,
        model: { ...options.train?.model, variant },
        onEpoch: (e) =>
          log(
            `[${ds.spec.dataset} fold ${fold} ${variant}] epoch ${e.epoch} loss ${e.loss.toFixed(4)} val MAP@7 ${e.valMap7.toFixed(4)} ${e.seconds.toFixed(1)}s`,
          ),
      });
      const s = scoreMatrix(pre, products, model, test.X, test.n);
      const metrics = evalScores(s);
      const rec = recovery((X, n) => scoreMatrix(pre, products, model, X, n));
      const bestVal = Math.max(...model.history.map((h) => h.valMap7));
      const secs = model.history.map((h) => h.seconds);
      timings.push({
        variant,
        fold,
        epochsRun: model.history.length,
        bestEpoch: model.bestEpoch,
        bestValMap7: bestVal,
        secondsPerEpoch: secs.reduce((a, b) => a + b, 0) / secs.length,
        secondsToBest: secs.slice(0, model.bestEpoch).reduce((a, b) => a + b, 0),
        totalSeconds: model.seconds,
      });
      record(
        `two-tower ${variant}`,
        variant === 'mlp' ? 'two-tower, MLP towers' : 'two-tower, feature-attention customer tower',
        metrics,
        rec,
      );
      variantResults.push({
        variant,
        val: bestVal,
        metrics,
        rec,
        scores: {
          train: scoreMatrix(pre, products, model, trainAdders.X, trainAdders.n),
          val: scoreMatrix(pre, products, model, val.X, val.n),
          test: s,
        },
      });
      log(
        `[${ds.spec.dataset} fold ${fold} ${variant}] test MAP@7 ${metrics.metrics.map7.toFixed(4)} (best val ${bestVal.toFixed(4)} at epoch ${model.bestEpoch})`,
      );
      model.customerTower.dispose();
      model.productTower.dispose();
    }
    const chosen = variantResults.reduce((a, b) => (b.val > a.val ? b : a));
    chosenPerFold.push(chosen.variant);
    record(
      'two-tower (selected)',
      'per fold, the variant with the better validation MAP@7',
      chosen.metrics,
      chosen.rec,
    );

    if (options.ranker !== false) {
      const ranker = await trainRanker(
        pre,
        products,
        { ...trainAdders, tower: chosen.scores.train },
        { ...val, tower: chosen.scores.val },
        {
          seed: options.train?.seed ?? 42,
          ...options.ranker,
          onEpoch: (e) =>
            log(
              `[${ds.spec.dataset} fold ${fold} ranker] epoch ${e.epoch} loss ${e.loss.toFixed(4)} val MAP@7 ${e.valMap7.toFixed(4)} ${e.seconds.toFixed(1)}s`,
            ),
        },
      );
      const rs = ranker.score(test.X, chosen.scores.test, test.n);
      record(
        'two-stage (towers + DLRM ranker)',
        'selected towers, then the pairwise-interaction ranking stage over their candidates',
        evalScores(rs),
      );
      const secs = ranker.history.map((h) => h.seconds);
      rankerTimings.push({
        fold,
        epochsRun: ranker.history.length,
        bestEpoch: ranker.bestEpoch,
        secondsPerEpoch: secs.reduce((a, b) => a + b, 0) / Math.max(1, secs.length),
        bestValMap7: Math.max(...ranker.history.map((h) => h.valMap7)),
      });
      log(
        `[${ds.spec.dataset} fold ${fold} ranker] test MAP@7 ${perMethod.get('two-stage (towers + DLRM ranker)')!.parts.at(-1)!.map7.toFixed(4)}`,
      );
      ranker.dispose();
    }

    for (const ab of options.ablationSpecs ?? []) {
      const abPre = Preprocessor.fit(
        ab.spec,
        split.train.map((i) => ds.customers[i]),
        ds.products,
      );
      const abProducts = abPre.transformProducts(ds.products);
      const abDs = { ...ds, spec: ab.spec };
      const model = await trainTwoTower(
        abPre,
        abProducts,
        splitData(abDs, abPre, adders(ds, split.train)),
        splitData(abDs, abPre, adders(ds, split.val)),
        {
          ...options.train,
          model: { ...options.train?.model, variant: 'mlp' },
          onEpoch: (e) =>
            log(`[${ds.spec.dataset} fold ${fold} ${ab.name}] epoch ${e.epoch} val MAP@7 ${e.valMap7.toFixed(4)}`),
        },
      );
      const abTest = splitData(abDs, abPre, testIdx);
      record(ab.name, ab.description, evalScores(scoreMatrix(abPre, abProducts, model, abTest.X, abTest.n)));
      model.customerTower.dispose();
      model.productTower.dispose();
    }
  }

  const methods: MethodSummary[] = [...perMethod.entries()].map(([name, e]) => ({
    name,
    description: e.description,
    metrics: poolMetrics(e.parts),
    perFoldMap7: e.parts.map((p) => p.map7),
    perCustomerAp7: e.ap7,
    productHits: e.hits,
    ...(e.recovery.n
      ? {
          recovery: {
            productSpearman: e.recovery.p / e.recovery.n,
            categorySpearman: e.recovery.c / e.recovery.n,
            customers: e.recovery.n,
          },
        }
      : {}),
  }));
  return {
    dataset: ds.spec.dataset,
    productIds: [...ds.spec.productIds],
    folds,
    customers: ds.customers.length,
    testAdders,
    methods,
    chosenPerFold,
    timings,
    gbdtSeconds,
    rankerTimings,
    trainOptions: { ...options.train, onEpoch: undefined },
    maxTrain: options.maxTrain,
  };
}

/** Mean Spearman ρ (per customer) between scores and hidden affinities, over products not held / over categories. */
function recoveryOf(
  ds: TrainingDataset,
  idx: readonly number[],
  rows: { n: number; excluded: number[][] },
  scores: Float32Array,
  options: EvaluateOptions,
): { p: number; c: number; n: number } {
  const P = ds.spec.productIds.length;
  let sp = 0;
  let sc = 0;
  let n = 0;
  idx.forEach((ci, r) => {
    const aff = options.affinity!.get(ds.customers[ci].id);
    if (!aff) return;
    const held = new Set(rows.excluded[r]);
    const model: number[] = [];
    const hidden: number[] = [];
    for (let p = 0; p < P; p++) {
      if (held.has(p)) continue;
      model.push(scores[r * P + p]);
      hidden.push(aff.product[ds.spec.productIds[p]] ?? 0);
    }
    const byCat = new Map<string, { s: number; k: number }>();
    for (let p = 0; p < P; p++) {
      const cat = options.productCategory?.get(ds.spec.productIds[p]);
      if (!cat) continue;
      const e = byCat.get(cat) ?? { s: 0, k: 0 };
      e.s += scores[r * P + p];
      e.k++;
      byCat.set(cat, e);
    }
    const cats = [...byCat.keys()];
    const rp = spearman(model, hidden);
    const rc = spearman(
      cats.map((c) => byCat.get(c)!.s / byCat.get(c)!.k),
      cats.map((c) => aff.category[c] ?? 0),
    );
    if (Number.isFinite(rp) && Number.isFinite(rc)) {
      sp += rp;
      sc += rc;
      n++;
    }
  });
  return { p: n ? sp / n : NaN, c: n ? sc / n : NaN, n };
}

/** Combine evaluations of disjoint folds (run as separate processes) into one. */
export function mergeEvaluations(parts: readonly DatasetEvaluation[]): DatasetEvaluation {
  const sorted = [...parts].sort((a, b) => a.folds[0] - b.folds[0]);
  const names = sorted[0].methods.map((m) => m.name);
  const methods: MethodSummary[] = names.map((name) => {
    const ms = sorted.map((p) => p.methods.find((m) => m.name === name)!);
    const recN = ms.reduce((s, m) => s + (m.recovery?.customers ?? 0), 0);
    return {
      name,
      description: ms[0].description,
      metrics: poolMetrics(ms.map((m) => m.metrics)),
      perFoldMap7: ms.flatMap((m) => m.perFoldMap7),
      perCustomerAp7: ms.flatMap((m) => m.perCustomerAp7),
      productHits: {
        adders: ms[0].productHits.adders.map((_, p) => ms.reduce((s, m) => s + m.productHits.adders[p], 0)),
        top3: ms[0].productHits.top3.map((_, p) => ms.reduce((s, m) => s + m.productHits.top3[p], 0)),
      },
      ...(recN
        ? {
            recovery: {
              productSpearman:
                ms.reduce((s, m) => s + (m.recovery?.productSpearman ?? 0) * (m.recovery?.customers ?? 0), 0) / recN,
              categorySpearman:
                ms.reduce((s, m) => s + (m.recovery?.categorySpearman ?? 0) * (m.recovery?.customers ?? 0), 0) / recN,
              customers: recN,
            },
          }
        : {}),
    };
  });
  return {
    dataset: sorted[0].dataset,
    productIds: sorted[0].productIds,
    folds: sorted.flatMap((p) => p.folds),
    customers: sorted[0].customers,
    testAdders: sorted.reduce((s, p) => s + p.testAdders, 0),
    methods,
    chosenPerFold: sorted.flatMap((p) => p.chosenPerFold),
    timings: sorted.flatMap((p) => p.timings),
    gbdtSeconds: sorted.flatMap((p) => p.gbdtSeconds),
    rankerTimings: sorted.flatMap((p) => p.rankerTimings ?? []),
    trainOptions: sorted[0].trainOptions,
    maxTrain: sorted[0].maxTrain,
  };
}

/** Keep at most `max` training customers (seeded sample, original order kept); validation shrinks in proportion. */
function capTrain(split: FoldSplit, max: number | undefined, seed: number): FoldSplit {
  if (!max || split.train.length <= max) return split;
  const pick = (idx: number[], k: number) => {
    const order = Int32Array.from(idx.keys());
    shuffleInPlace(order, Rng.uniform(seed));
    const keep = new Set(Array.from(order.subarray(0, k)));
    return idx.filter((_, i) => keep.has(i));
  };
  const valMax = Math.max(1, Math.round((split.val.length * max) / split.train.length));
  return { train: pick(split.train, max), val: pick(split.val, valMax), test: split.test };
}

interface Scored {
  metrics: RankingMetrics;
  ap7: number[];
  hits: { adders: number[]; top3: number[] };
}

/** Pooled metrics plus what paired comparisons and per-product tables need. */
function scoreRanked(actual: string[][], ranked: string[][], P: number): Scored {
  const hits = { adders: new Array(P).fill(0), top3: new Array(P).fill(0) };
  actual.forEach((a, i) => {
    const top = new Set(ranked[i].slice(0, 3));
    for (const p of a) {
      hits.adders[Number(p)]++;
      if (top.has(p)) hits.top3[Number(p)]++;
    }
  });
  return {
    metrics: rankingMetrics(actual, ranked),
    ap7: actual.map((a, i) => apk(a, ranked[i], 7)),
    hits,
  };
}
