import type { RankingMetrics } from '../../metrics/ranking.ts';
import { Preprocessor } from './features.ts';
import type { ModelVariant } from './model.ts';
import { rankingMetrics } from '../../metrics/ranking.ts';
import {
  evaluateSplit,
  rankFromScores,
  scoreMatrix,
  trainTwoTower,
  type SplitData,
  type TrainedModel,
  type TrainOptions,
} from './trainer.ts';
import { trainRanker, type RankerConfig, type TrainedRanker } from './ranker.ts';
import { isValidation, type TrainingDataset } from './datasets/types.ts';

export interface FoldSplit {
  train: number[];
  val: number[];
  test: number[];
}

/**
 * Customers of `testFold` are the test set; the other folds are split into train and validation
 * (every 10th customer). No customer is in two sets. `testFold = null`: no test set.
 */
export function splitByFold(ds: Pick<TrainingDataset, 'fold'>, testFold: number | null): FoldSplit {
  const split: FoldSplit = { train: [], val: [], test: [] };
  ds.fold.forEach((f, i) => {
    if (testFold !== null && f === testFold) split.test.push(i);
    else if (isValidation(i)) split.val.push(i);
    else split.train.push(i);
  });
  return split;
}

export function splitData(ds: TrainingDataset, pre: Preprocessor, idx: readonly number[]): SplitData {
  return {
    X: pre.transform(idx.map((i) => ds.customers[i])),
    n: idx.length,
    positives: idx.map((i) => ds.positives[i]),
    excluded: idx.map((i) => ds.excluded[i]),
  };
}

/** Only customers with at least one adoption carry a ranking label. */
export const adders = (ds: TrainingDataset, idx: readonly number[]) => idx.filter((i) => ds.positives[i].length > 0);

interface VariantResult {
  variant: ModelVariant;
  model: TrainedModel;
  valMap7: number;
}

export interface FitResult {
  split: FoldSplit;
  pre: Preprocessor;
  products: ReturnType<Preprocessor['transformProducts']>;
  variants: VariantResult[];
  chosen: VariantResult;
  /** The ranking stage trained over the chosen towers (absent when disabled), and whether it serves. */
  ranker?: { model: TrainedRanker; valMap7: number; kept: boolean };
  /** Test metrics of what serves: the two-stage model when the ranker is kept, else the towers. */
  test?: RankingMetrics;
  /** Test metrics of the chosen towers alone. */
  towersTest?: RankingMetrics;
}

/** A ranking stage is worth serving only when it beats the towers alone on validation MAP@7. */
export type RankerPolicy = 'if-better' | 'always';

/**
 * Fit preprocessing on the TRAIN customers only, train each variant, keep the one with the best
 * validation MAP@7 (the attention variant must earn its place), train the ranking stage over its
 * scores (kept when it beats the towers alone on validation, or always under `keepRanker: 'always'`),
 * and score the test fold.
 */
export async function fitDataset(
  ds: TrainingDataset,
  options: {
    testFold: number | null;
    variants?: ModelVariant[];
    train?: Partial<TrainOptions>;
    /** Ranking-stage settings; false: towers only. */
    ranker?: Partial<RankerConfig> | false;
    keepRanker?: RankerPolicy;
    log?: (line: string) => void;
  },
): Promise<FitResult> {
  const split = splitByFold(ds, options.testFold);
  const pre = Preprocessor.fit(
    ds.spec,
    split.train.map((i) => ds.customers[i]),
    ds.products,
  );
  const products = pre.transformProducts(ds.products);
  const train = splitData(ds, pre, adders(ds, split.train));
  const val = splitData(ds, pre, adders(ds, split.val));
  const variants: VariantResult[] = [];
  for (const variant of options.variants ?? ['mlp', 'attention']) {
    const model = await trainTwoTower(pre, products, train, val, {
      ...options.train,
      model: { ...options.train?.model, variant },
      onEpoch: (e) => {
        options.log?.(
          `[${ds.spec.dataset}${options.testFold !== null ? ` fold ${options.testFold}` : ''} ${variant}] epoch ${e.epoch} loss ${e.loss.toFixed(4)} val MAP@7 ${e.valMap7.toFixed(4)} T ${e.temperature.toFixed(2)} ${e.seconds.toFixed(1)}s`,
        );
        options.train?.onEpoch?.(e);
      },
    });
    const valMap7 = Math.max(...model.history.map((h) => h.valMap7));
    variants.push({ variant, model, valMap7 });
  }
  const chosen = variants.reduce((a, b) => (b.valMap7 > a.valMap7 ? b : a));
  const tag = `${ds.spec.dataset}${options.testFold !== null ? ` fold ${options.testFold}` : ''}`;
  const towerScores = (X: Float32Array, n: number) => scoreMatrix(pre, products, chosen.model, X, n);
  let ranker: FitResult['ranker'];
  if (options.ranker !== false && (options.ranker?.epochs ?? 1) > 0) {
    const model = await trainRanker(
      pre,
      products,
      { ...train, tower: towerScores(train.X, train.n) },
      { ...val, tower: towerScores(val.X, val.n) },
      {
        seed: options.train?.seed ?? 42,
        ...options.ranker,
        onEpoch: (e) =>
          options.log?.(
            `[${tag} ranker] epoch ${e.epoch} loss ${e.loss.toFixed(4)} val MAP@7 ${e.valMap7.toFixed(4)} ${e.seconds.toFixed(1)}s`,
          ),
      },
    );
    const valMap7 = Math.max(...model.history.map((h) => h.valMap7));
    const kept = options.keepRanker === 'always' || valMap7 > chosen.valMap7;
    options.log?.(
      `[${tag}] ranking stage val MAP@7 ${valMap7.toFixed(4)} vs towers ${chosen.valMap7.toFixed(4)}: ${kept ? 'two-stage serves' : 'towers serve alone'}`,
    );
    ranker = { model, valMap7, kept };
  }
  const testIdx = adders(ds, split.test);
  if (!testIdx.length) return { split, pre, products, variants, chosen, ranker };
  const testData = splitData(ds, pre, testIdx);
  const towersTest = evaluateSplit(pre, products, chosen.model, testData);
  const P = pre.spec.productIds.length;
  const test = ranker?.kept
    ? rankingMetrics(
        testData.positives.map((ps) => ps.map(String)),
        rankFromScores(
          ranker.model.score(testData.X, towerScores(testData.X, testData.n), testData.n),
          testData.n,
          P,
          testData.excluded,
          P,
        ).map((r) => r.map(String)),
      )
    : towersTest;
  return { split, pre, products, variants, chosen, ranker, test, towersTest };
}
