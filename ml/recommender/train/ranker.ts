import * as tf from '@tensorflow/tfjs';
import { rankingMetrics } from '../../metrics/ranking.ts';
import type { Preprocessor } from './features.ts';
import { Rng, shuffleInPlace, withSeededMathRandom } from '../../../lib/random/index.ts';
import { rankFromScores, type SplitData } from './trainer.ts';
import { tidyData } from '../tidy-data.ts';

/**
 * Second stage over the two-tower's candidates: a DLRM-style ranker with pairwise interactions of
 * feature embeddings. Every customer field becomes a d-vector (categoricals: an embedding; each
 * multi-hot block: an embedding bag, i.e. a linear map of its flags; the numerics: a bottom MLP), and
 * every product field too (its id and its categoricals). The interaction layer takes all pairwise
 * dot products — customer×customer once per customer (into a customer summary h through a dense
 * layer) and customer×product per candidate — and a top MLP turns [h, customer×product dots,
 * product vectors, two-tower score] into the candidate's logit.
 *
 * Trained listwise on the same training customers as the towers: a softmax over the candidates
 * (held products masked out), one target per adopted product; early stopping on validation MAP@7.
 * Its input is the same flat customer row the towers read, so exact group SHAP applies unchanged
 * to the composed two-stage score.
 */
export interface RankerConfig {
  dim: number;
  hidden: number;
  epochs: number;
  patience: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Feed the two-tower score to the top MLP (the stage then refines the towers' ranking). */
  useTowerScore: boolean;
}

const DEFAULT_RANKER_CONFIG: RankerConfig = {
  dim: 16,
  hidden: 64,
  epochs: 12,
  patience: 2,
  batchSize: 1024,
  learningRate: 5e-3,
  l2: 1e-6,
  seed: 42,
  useTowerScore: true,
};

interface RankerWeights<T extends tf.Tensor = tf.Tensor> {
  catEmb: T[];
  bagProj: T[];
  numW: T;
  numB: T;
  prodEmb: T;
  prodCatEmb: T[];
  hW: T;
  hB: T;
  topH: T;
  topCp: T;
  topP: T;
  topT: T;
  topB: T;
  outW: T;
}

/**
 * The ranking stage's weights as plain row-major arrays plus the products' categorical codes:
 * what ranker.json stores and serving rebuilds the scorer from (rankerScorer). Shapes (d = dim,
 * H = hidden, F customer fields, Fp = 1 + product categoricals): catEmb[i] [vocab_i, d],
 * bagProj[i] [block_i, d], numW [max(1, numerics), d], numB [d], prodEmb [P, d],
 * prodCatEmb[j] [productVocab_j, d], hW [F(F−1)/2 + d, H], hB [H], topH [H, H], topCp [F·Fp, H],
 * topP [Fp·d, H], topT [H], topB [H], outW [H, 1].
 */
export type RankerParams = { dim: number; hidden: number; useTowerScore: boolean; productCodes: Int32Array[] } & {
  [K in keyof RankerWeights]: RankerWeights[K] extends tf.Tensor[] ? Float32Array[] : Float32Array;
};

interface RankerScorer {
  /** Logits [n, P] for flat customer rows [n, width] and their two-tower scores [n, P]. */
  score(X: Float32Array, towerScores: Float32Array, n: number): Float32Array;
  dispose(): void;
}

export interface TrainedRanker {
  config: RankerConfig;
  /** Scores [n, P] for flat customer rows and their two-tower scores [n, P]. */
  score(X: Float32Array, towerScores: Float32Array, n: number): Float32Array;
  /** The weights as plain arrays: what ranker.json stores and rankerScorer serves from. */
  params(): RankerParams;
  history: { epoch: number; loss: number; valMap7: number; seconds: number }[];
  bestEpoch: number;
  seconds: number;
  dispose(): void;
}

/**
 * Selection matrix [F*F, F(F−1)/2] picking the upper triangle of the field-by-field dot products
 * (a matmul, not a gather: the wasm backend has no gradient kernel for gather).
 */
function upperPairs(F: number): tf.Tensor2D {
  const T = (F * (F - 1)) / 2;
  const m = new Float32Array(F * F * T);
  let t = 0;
  for (let i = 0; i < F; i++) for (let j = i + 1; j < F; j++) m[(i * F + j) * T + t++] = 1;
  return tf.tensor2d(m, [F * F, T]);
}

/** Flat indices i·F + j of the upper triangle, in upperPairs' column order. */
function upperPairIndices(F: number): tf.Tensor1D {
  const idx: number[] = [];
  for (let i = 0; i < F; i++) for (let j = i + 1; j < F; j++) idx.push(i * F + j);
  return tf.tensor1d(idx, 'int32');
}

const oneHotRows = (values: Int32Array, depth: number) =>
  tf.oneHot(tf.tensor1d(values, 'int32'), depth).toFloat() as tf.Tensor2D;

/** Per-customer summary, dot products with every product field, logits [B, P]. */
function forward(
  pre: Preprocessor,
  w: RankerWeights,
  productCats: readonly tf.Tensor2D[],
  X: tf.Tensor2D,
  tower: tf.Tensor2D,
  pairs: tf.Tensor2D,
  config: RankerConfig,
  training: boolean,
): tf.Tensor2D {
  const B = X.shape[0];
  const d = config.dim;
  const P = pre.spec.productIds.length;
  const [n0, n1] = pre.layout.numeric;
  const [c0, c1] = pre.layout.categorical;
  const fields: tf.Tensor2D[] = [];
  if (n1 > n0) fields.push(tf.relu(tf.add(tf.matMul(X.slice([0, n0], [B, n1 - n0]), w.numW), w.numB)) as tf.Tensor2D);
  const sizes = pre.vocabSizes;
  for (let i = 0; i < c1 - c0; i++) {
    const codes = X.slice([0, c0 + i], [B, 1])
      .reshape([B])
      .toInt() as tf.Tensor1D;
    fields.push(tf.matMul(tf.oneHot(codes, sizes[i]).toFloat(), w.catEmb[i]));
  }
  pre.layout.multiHot.forEach((m, i) =>
    fields.push(tf.matMul(X.slice([0, m.start], [B, m.end - m.start]), w.bagProj[i])),
  );
  const F = fields.length;
  const C = tf.stack(fields, 1) as tf.Tensor3D; // [B, F, d]
  const allPairs = tf.matMul(C, C, false, true).reshape([B, F * F]);
  // Training needs the selection matmul (no gather gradient on wasm); scoring gathers the same entries.
  const cc = training ? tf.matMul(allPairs, pairs) : tf.gather(allPairs, upperPairIndices(F), 1);
  let h = tf.relu(tf.add(tf.matMul(tf.concat([cc, fields[0]], 1), w.hW), w.hB));
  if (training) h = tf.dropout(h, 0.1);
  // Product fields: [P * Fp, d], product-major.
  const pFields = [w.prodEmb, ...w.prodCatEmb.map((e, j) => tf.matMul(productCats[j], e))];
  const Fp = pFields.length;
  const Pv = tf.stack(pFields, 1).reshape([P * Fp, d]);
  const cp = tf
    .matMul(C.reshape([B * F, d]), Pv, false, true) // [B*F, P*Fp]
    .reshape([B, F, P, Fp])
    .transpose([0, 2, 1, 3])
    .reshape([B * P, F * Fp]);
  const pre1 = tf
    .matMul(cp, w.topCp)
    .reshape([B, P, config.hidden])
    .add(tf.matMul(h, w.topH).reshape([B, 1, config.hidden]))
    .add(tf.matMul(tf.stack(pFields, 1).reshape([P, Fp * d]), w.topP).reshape([1, P, config.hidden]))
    .add(w.topB);
  const withTower = config.useTowerScore ? pre1.add(tower.reshape([B, P, 1]).mul(w.topT)) : pre1;
  const top = tf.relu(withTower).reshape([B * P, config.hidden]);
  return tf.matMul(top, w.outW).reshape([B, P]) as tf.Tensor2D;
}

/** Forward passes in batches of 2048 rows (inference: no dropout). */
function scoreInBatches(
  pre: Preprocessor,
  w: RankerWeights,
  productCats: readonly tf.Tensor2D[],
  pairs: tf.Tensor2D,
  config: RankerConfig,
  X: Float32Array,
  tower: Float32Array,
  n: number,
): Float32Array {
  const P = pre.spec.productIds.length;
  const W = pre.layout.width;
  const out = new Float32Array(n * P);
  const step = 2048;
  for (let s = 0; s < n; s += step) {
    const m = Math.min(step, n - s);
    const part = tidyData(() =>
      forward(
        pre,
        w,
        productCats,
        tf.tensor2d(X.subarray(s * W, (s + m) * W), [m, W]),
        tf.tensor2d(tower.subarray(s * P, (s + m) * P), [m, P]),
        pairs,
        config,
        false,
      ),
    );
    out.set(part, s * P);
  }
  return out;
}

/**
 * The serving scorer rebuilt from stored weights (ranker.json): the same graph the ranker was
 * trained and evaluated with. Throws when the weights do not fit this preprocessing layout.
 */
export function rankerScorer(pre: Preprocessor, params: RankerParams): RankerScorer {
  const d = params.dim;
  const H = params.hidden;
  const nNum = pre.layout.numeric[1] - pre.layout.numeric[0];
  const F = (nNum > 0 ? 1 : 0) + pre.vocabSizes.length + pre.layout.multiHot.length;
  const check = (what: string, got: number, want: number) => {
    if (got !== want) throw new Error(`ranking stage: ${what} has ${got} values, expected ${want}`);
  };
  check('catEmb', params.catEmb.length, pre.vocabSizes.length);
  pre.vocabSizes.forEach((v, i) => check(`catEmb[${i}]`, params.catEmb[i].length, v * d));
  check('bagProj', params.bagProj.length, pre.layout.multiHot.length);
  pre.layout.multiHot.forEach((m, i) => check(`bagProj[${i}]`, params.bagProj[i].length, (m.end - m.start) * d));
  check('prodEmb', params.prodEmb.length, pre.spec.productIds.length * d);
  check('hW', params.hW.length, ((F * (F - 1)) / 2 + d) * H);
  check('topCp', params.topCp.length, F * (1 + params.prodCatEmb.length) * H);
  const rows = (a: Float32Array, cols: number) => tf.tensor2d(a, [a.length / cols, cols]);
  const w: RankerWeights = {
    catEmb: params.catEmb.map((a) => rows(a, d)),
    bagProj: params.bagProj.map((a) => rows(a, d)),
    numW: rows(params.numW, d),
    numB: tf.tensor1d(params.numB),
    prodEmb: rows(params.prodEmb, d),
    prodCatEmb: params.prodCatEmb.map((a) => rows(a, d)),
    hW: rows(params.hW, H),
    hB: tf.tensor1d(params.hB),
    topH: rows(params.topH, H),
    topCp: rows(params.topCp, H),
    topP: rows(params.topP, H),
    topT: tf.tensor1d(params.topT),
    topB: tf.tensor1d(params.topB),
    outW: rows(params.outW, 1),
  };
  const productCats = params.productCodes.map((c, j) => oneHotRows(c, params.prodCatEmb[j].length / d));
  const pairs = upperPairs(F);
  const config = { ...DEFAULT_RANKER_CONFIG, dim: d, hidden: H, useTowerScore: params.useTowerScore };
  return {
    score: (X, tower, n) => scoreInBatches(pre, w, productCats, pairs, config, X, tower, n),
    dispose: () => {
      for (const t of Object.values(w).flat()) t.dispose();
      productCats.forEach((t) => t.dispose());
      pairs.dispose();
    },
  };
}

export async function trainRanker(
  pre: Preprocessor,
  products: ReturnType<Preprocessor['transformProducts']>,
  train: SplitData & { tower: Float32Array },
  val: SplitData & { tower: Float32Array },
  options: Partial<RankerConfig> & { onEpoch?: (e: TrainedRanker['history'][number]) => void } = {},
): Promise<TrainedRanker> {
  const config: RankerConfig = { ...DEFAULT_RANKER_CONFIG, ...options };
  return withSeededMathRandom(config.seed, async () => {
    const started = performance.now();
    const P = pre.spec.productIds.length;
    const W = pre.layout.width;
    const d = config.dim;
    const nNum = pre.layout.numeric[1] - pre.layout.numeric[0];
    const init = (shape: number[], scale = 0.05) => tf.variable(tf.randomNormal(shape, 0, scale));
    const nFields = (nNum > 0 ? 1 : 0) + pre.vocabSizes.length + pre.layout.multiHot.length;
    const Fp = 1 + products.categorical.length;
    const w: RankerWeights<tf.Variable> = {
      catEmb: pre.vocabSizes.map((v) => init([v, d])),
      bagProj: pre.layout.multiHot.map((m) => init([m.end - m.start, d])),
      numW: init([Math.max(1, nNum), d], 0.2),
      numB: tf.variable(tf.zeros([d])),
      prodEmb: init([P, d]),
      prodCatEmb: pre.productVocabSizes.map((v) => init([v, d])),
      hW: init([(nFields * (nFields - 1)) / 2 + d, config.hidden], 0.05),
      hB: tf.variable(tf.zeros([config.hidden])),
      topH: init([config.hidden, config.hidden], 0.1),
      topCp: init([nFields * Fp, config.hidden], 0.1),
      topP: init([Fp * d, config.hidden], 0.1),
      topT: init([config.hidden], 0.1),
      topB: tf.variable(tf.zeros([config.hidden])),
      outW: init([config.hidden, 1], 0.1),
    };
    const all = (): tf.Variable[] => [
      ...w.catEmb,
      ...w.bagProj,
      w.numW,
      w.numB,
      w.prodEmb,
      ...w.prodCatEmb,
      w.hW,
      w.hB,
      w.topH,
      w.topCp,
      w.topP,
      w.topT,
      w.topB,
      w.outW,
    ];
    const pairs = upperPairs(nFields);
    const productCats = products.categorical.map((col, j) => oneHotRows(col, pre.productVocabSizes[j]));
    const optimizer = tf.train.adam(config.learningRate);
    const rand = Rng.uniform(config.seed);
    const order = Int32Array.from({ length: train.n }, (_, i) => i);
    const score = (X: Float32Array, tower: Float32Array, n: number) =>
      scoreInBatches(pre, w, productCats, pairs, config, X, tower, n);
    const valMap = () =>
      val.n
        ? rankingMetrics(
            val.positives.map((ps) => ps.map(String)),
            rankFromScores(score(val.X, val.tower, val.n), val.n, P, val.excluded, P).map((r) => r.map(String)),
          ).map7
        : -1;
    const history: TrainedRanker['history'] = [];
    let best = { map: -1, epoch: 0, weights: [] as tf.Tensor[] };
    let sinceBest = 0;
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const t0 = performance.now();
      shuffleInPlace(order, rand);
      let lossSum = 0;
      let steps = 0;
      for (let s = 0; s < order.length; s += config.batchSize) {
        const idx = order.subarray(s, Math.min(order.length, s + config.batchSize));
        const B = idx.length;
        const xb = new Float32Array(B * W);
        const tb = new Float32Array(B * P);
        const yb = new Float32Array(B * P);
        const mb = new Float32Array(B * P);
        idx.forEach((c, r) => {
          xb.set(train.X.subarray(c * W, (c + 1) * W), r * W);
          tb.set(train.tower.subarray(c * P, (c + 1) * P), r * P);
          const ps = train.positives[c];
          for (const p of ps) yb[r * P + p] = 1 / ps.length;
          for (const p of train.excluded[c]) mb[r * P + p] = -1e9;
        });
        const loss = tf.tidy(() => {
          const x = tf.tensor2d(xb, [B, W]);
          const t = tf.tensor2d(tb, [B, P]);
          const y = tf.tensor2d(yb, [B, P]);
          const m = tf.tensor2d(mb, [B, P]);
          return optimizer.minimize(() => {
            const logits = forward(pre, w, productCats, x, t, pairs, config, true).add(m);
            const ce = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1)).mean();
            const reg = tf.addN([...w.catEmb, ...w.bagProj, w.prodEmb].map((v) => tf.sum(tf.square(v))));
            return ce.add(reg.mul(config.l2)) as tf.Scalar;
          }, true) as tf.Scalar;
        });
        lossSum += (await loss.data())[0];
        loss.dispose();
        steps++;
      }
      const valMap7 = valMap();
      const log = { epoch, loss: lossSum / Math.max(1, steps), valMap7, seconds: (performance.now() - t0) / 1000 };
      history.push(log);
      options.onEpoch?.(log);
      if (valMap7 > best.map + 1e-5) {
        best.weights.forEach((t) => t.dispose());
        best = { map: valMap7, epoch, weights: all().map((v) => v.clone()) };
        sinceBest = 0;
      } else if (++sinceBest >= config.patience) break;
    }
    all().forEach((v, i) => best.weights[i] && v.assign(best.weights[i]));
    best.weights.forEach((t) => t.dispose());
    optimizer.dispose();
    const data = (v: tf.Variable) => Float32Array.from(v.dataSync());
    const params = (): RankerParams => ({
      dim: d,
      hidden: config.hidden,
      useTowerScore: config.useTowerScore,
      productCodes: products.categorical.map((c) => Int32Array.from(c)),
      catEmb: w.catEmb.map(data),
      bagProj: w.bagProj.map(data),
      numW: data(w.numW),
      numB: data(w.numB),
      prodEmb: data(w.prodEmb),
      prodCatEmb: w.prodCatEmb.map(data),
      hW: data(w.hW),
      hB: data(w.hB),
      topH: data(w.topH),
      topCp: data(w.topCp),
      topP: data(w.topP),
      topT: data(w.topT),
      topB: data(w.topB),
      outW: data(w.outW),
    });
    return {
      config,
      score,
      params,
      history,
      bestEpoch: best.epoch,
      seconds: (performance.now() - started) / 1000,
      dispose: () => {
        all().forEach((v) => v.dispose());
        pairs.dispose();
        productCats.forEach((t) => t.dispose());
      },
    };
  });
}
