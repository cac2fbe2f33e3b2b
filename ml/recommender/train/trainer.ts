import * as tf from '@tensorflow/tfjs';
import { rankingMetrics, type RankingMetrics } from '../../metrics/ranking.ts';
import type { Preprocessor } from './features.ts';
import {
  buildCustomerTower,
  buildProductTower,
  customerInputs,
  DEFAULT_MODEL_CONFIG,
  l2normalize,
  productInputs,
  type ModelConfig,
} from './model.ts';
import { Rng, shuffleInPlace, withSeededMathRandom } from '../../../lib/random/index.ts';
import { buildSoftmaxBatch } from './sampled-softmax.ts';
import { tidyData } from '../tidy-data.ts';

/** Customers of one split: flat preprocessed rows plus per-customer product indices. */
export interface SplitData {
  X: Float32Array;
  n: number;
  /** Products adopted (labels). */
  positives: number[][];
  /** Products that cannot be recommended (held): masked in training and ranking. */
  excluded: number[][];
}

export interface TrainOptions {
  model: Partial<ModelConfig>;
  epochs: number;
  batchSize: number;
  negatives: number;
  learningRate: number;
  patience: number;
  seed: number;
  initialTemperature: number;
  onEpoch?: (e: EpochLog) => void;
}

const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  model: {},
  epochs: 30,
  batchSize: 512,
  negatives: 8,
  learningRate: 3e-3,
  patience: 3,
  seed: 42,
  initialTemperature: 10,
};

interface EpochLog {
  epoch: number;
  loss: number;
  valMap7: number;
  seconds: number;
  temperature: number;
}

export interface TrainedModel {
  customerTower: tf.LayersModel;
  productTower: tf.LayersModel;
  temperature: number;
  config: ModelConfig;
  history: EpochLog[];
  bestEpoch: number;
  /** Seconds of wall time for the whole fit. */
  seconds: number;
}

/**
 * Fit the two towers with in-batch sampled softmax (see sampled-softmax.ts), Adam, early stopping
 * on validation MAP@7 (best weights restored). Deterministic for a given seed.
 */
export async function trainTwoTower(
  pre: Preprocessor,
  products: ReturnType<Preprocessor['transformProducts']>,
  train: SplitData,
  val: SplitData,
  options: Partial<TrainOptions> = {},
): Promise<TrainedModel> {
  const opt: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    ...options,
    model: { ...DEFAULT_TRAIN_OPTIONS.model, ...options.model },
  };
  const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG, ...opt.model };
  return withSeededMathRandom(opt.seed, async () => {
    const started = performance.now();
    const rand = Rng.uniform(opt.seed);
    const customerTower = buildCustomerTower(pre, config);
    const productTower = buildProductTower(pre, config);
    const logTemp = tf.variable(tf.scalar(Math.log(opt.initialTemperature)), true, 'log_temperature');
    const optimizer = tf.train.adam(opt.learningRate);
    const P = pre.spec.productIds.length;
    const W = pre.layout.width;

    // Examples: one (customer, positive) pair each.
    const exCustomer: number[] = [];
    const exProduct: number[] = [];
    train.positives.forEach((ps, c) => ps.forEach((p) => (exCustomer.push(c), exProduct.push(p))));
    const popularity = new Float64Array(P);
    exProduct.forEach((p) => popularity[p]++);
    popularity.forEach((v, i) => (popularity[i] = v / Math.max(1, exProduct.length)));
    const negativeDist = new Float64Array(P).fill(1 / P);
    const order = Int32Array.from(exCustomer.map((_, i) => i));

    const history: EpochLog[] = [];
    let best = { map: -1, epoch: -1, weights: [] as tf.Tensor[], temp: 0 };
    let sinceBest = 0;
    for (let epoch = 1; epoch <= opt.epochs; epoch++) {
      const t0 = performance.now();
      shuffleInPlace(order, rand);
      let lossSum = 0;
      let steps = 0;
      for (let s = 0; s < order.length; s += opt.batchSize) {
        const idx = order.subarray(s, Math.min(order.length, s + opt.batchSize));
        if (idx.length < 2) continue;
        const cs = Int32Array.from(idx, (i) => exCustomer[i]);
        const ps = Int32Array.from(idx, (i) => exProduct[i]);
        const batch = buildSoftmaxBatch({
          customers: cs,
          positives: ps,
          positivesOf: train.positives,
          excludedOf: train.excluded,
          popularity,
          negativeDist,
          negatives: opt.negatives,
          rand,
        });
        const Xb = new Float32Array(cs.length * W);
        cs.forEach((c, r) => Xb.set(train.X.subarray(c * W, (c + 1) * W), r * W));
        const C = batch.candidates.length;
        const loss = tf.tidy(() => {
          const xT = tf.tensor2d(Xb, [cs.length, W]);
          const cin = customerInputs(pre, xT);
          const pin = productInputs(pre, products, batch.candidates);
          const mask = tf.tensor2d(batch.mask, [cs.length, C]);
          const logQ = tf.tensor1d(batch.logQ);
          const labels = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), C);
          return optimizer.minimize(() => {
            const u = l2normalize(customerTower.apply(cin, { training: true }) as tf.Tensor2D);
            const v = l2normalize(productTower.apply(pin, { training: true }) as tf.Tensor2D);
            const logits = tf.matMul(u, v, false, true).mul(tf.exp(logTemp)).sub(logQ).add(mask);
            return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
          }, true) as tf.Scalar;
        });
        lossSum += (await loss.data())[0];
        loss.dispose();
        steps++;
      }
      const temperature = Math.exp((await logTemp.data())[0]);
      const valMap7 = val.n ? evaluateSplit(pre, products, { customerTower, productTower, temperature }, val).map7 : -1;
      const log: EpochLog = {
        epoch,
        loss: lossSum / Math.max(1, steps),
        valMap7,
        seconds: (performance.now() - t0) / 1000,
        temperature,
      };
      history.push(log);
      opt.onEpoch?.(log);
      if (valMap7 > best.map + 1e-5) {
        best.weights.forEach((w) => w.dispose());
        best = {
          map: valMap7,
          epoch,
          weights: [...customerTower.getWeights(), ...productTower.getWeights()].map((w) => w.clone()),
          temp: temperature,
        };
        sinceBest = 0;
      } else if (++sinceBest >= opt.patience) break;
    }
    if (best.weights.length) {
      const nc = customerTower.getWeights().length;
      customerTower.setWeights(best.weights.slice(0, nc));
      productTower.setWeights(best.weights.slice(nc));
      best.weights.forEach((w) => w.dispose());
    }
    logTemp.dispose();
    optimizer.dispose();
    return {
      customerTower,
      productTower,
      temperature: best.weights.length ? best.temp : (history.at(-1)?.temperature ?? opt.initialTemperature),
      config,
      history,
      bestEpoch: best.epoch,
      seconds: (performance.now() - started) / 1000,
    };
  });
}

export interface Towers {
  customerTower: tf.LayersModel;
  productTower: tf.LayersModel;
  temperature: number;
}

/** L2-normalized product embeddings [P, d], in productIds order. */
export function productEmbeddings(
  pre: Preprocessor,
  products: ReturnType<Preprocessor['transformProducts']>,
  towers: Towers,
): { data: Float32Array; dim: number } {
  let dim = 0;
  const data = tidyData(() => {
    const pin = productInputs(pre, products, products.ids);
    const v = l2normalize(towers.productTower.predict(pin, { batchSize: 4096 }) as tf.Tensor2D);
    dim = v.shape[1];
    return v;
  });
  return { data, dim };
}

/** L2-normalized customer embeddings for flat rows X [n, width]. */
function customerEmbeddings(
  pre: Preprocessor,
  towers: Pick<Towers, 'customerTower'>,
  X: Float32Array,
  n: number,
  batchSize = 4096,
): { data: Float32Array; dim: number } {
  const W = pre.layout.width;
  let dim = 0;
  const parts: Float32Array[] = [];
  for (let s = 0; s < n; s += batchSize) {
    const m = Math.min(batchSize, n - s);
    const out = tidyData(() => {
      const xT = tf.tensor2d(X.subarray(s * W, (s + m) * W), [m, W]);
      const u = l2normalize(towers.customerTower.predict(customerInputs(pre, xT), { batchSize }) as tf.Tensor2D);
      dim = u.shape[1];
      return u;
    });
    parts.push(out);
  }
  const data = new Float32Array(n * dim);
  let at = 0;
  for (const p of parts) data.set(p, at), (at += p.length);
  return { data, dim };
}

/** Scores [n, P] = cos × temperature. */
export function scoreMatrix(
  pre: Preprocessor,
  products: ReturnType<Preprocessor['transformProducts']>,
  towers: Towers,
  X: Float32Array,
  n: number,
): Float32Array {
  const v = productEmbeddings(pre, products, towers);
  const u = customerEmbeddings(pre, towers, X, n);
  const P = v.data.length / v.dim;
  const out = new Float32Array(n * P);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < P; p++) {
      let s = 0;
      for (let k = 0; k < v.dim; k++) s += u.data[i * v.dim + k] * v.data[p * v.dim + k];
      out[i * P + p] = s * towers.temperature;
    }
  }
  return out;
}

/** Rank all products per customer by score, excluded products removed; return product indices. */
export function rankFromScores(
  scores: Float32Array,
  n: number,
  P: number,
  excluded: readonly (readonly number[])[],
  k = 7,
): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const ex = new Set(excluded[i]);
    const idx: number[] = [];
    for (let p = 0; p < P; p++) if (!ex.has(p)) idx.push(p);
    idx.sort((a, b) => scores[i * P + b] - scores[i * P + a] || a - b);
    out.push(idx.slice(0, k));
  }
  return out;
}

export function evaluateSplit(
  pre: Preprocessor,
  products: ReturnType<Preprocessor['transformProducts']>,
  towers: Towers,
  split: SplitData,
): RankingMetrics {
  const P = pre.spec.productIds.length;
  const scores = scoreMatrix(pre, products, towers, split.X, split.n);
  const ranked = rankFromScores(scores, split.n, P, split.excluded, P);
  return rankingMetrics(
    split.positives.map((ps) => ps.map(String)),
    ranked.map((r) => r.map(String)),
  );
}
