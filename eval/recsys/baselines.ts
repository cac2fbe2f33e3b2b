import * as tf from '@tensorflow/tfjs';
import type { Preprocessor } from '../../ml/recommender/train/features.ts';
import { customerInputs } from '../../ml/recommender/train/model.ts';
import { Rng, withSeededMathRandom } from '../../lib/random/index.ts';
import { tidyData } from '../../ml/recommender/tidy-data.ts';
import type { SplitData } from '../../ml/recommender/train/trainer.ts';

/**
 * Baselines evaluated on exactly the same splits as the two-tower model.
 *
 * Popularity (SOURCES.md 6.1): rank products by how often they were adopted in the TRAINING folds;
 * for each test customer drop the products already held, take the top. `filterHeld = false` gives
 * the unfiltered variant (0.488 on Santander) for reference.
 */
export function popularityCounts(positives: readonly (readonly number[])[], nProducts: number): Float64Array {
  const counts = new Float64Array(nProducts);
  for (const ps of positives) for (const p of ps) counts[p]++;
  return counts;
}

/** Scores [n, P]: the same popularity vector for everyone (ties broken by product index in ranking). */
export function popularityScores(counts: Float64Array, n: number): Float32Array {
  const P = counts.length;
  const out = new Float32Array(n * P);
  for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) out[i * P + p] = counts[p];
  return out;
}

/**
 * Per-product logistic regression (one sigmoid output per product over the same preprocessed
 * features as the two-tower customer side, categoricals one-hot): the simple learned baseline.
 * Multi-label binary cross-entropy; held products are masked out of the loss (they cannot be
 * adopted). Fixed epochs, Adam, seeded.
 */
export async function trainLogisticBaseline(
  pre: Preprocessor,
  train: SplitData,
  options: { epochs?: number; batchSize?: number; learningRate?: number; seed?: number; l2?: number } = {},
): Promise<(X: Float32Array, n: number) => Float32Array> {
  const P = pre.spec.productIds.length;
  const W = pre.layout.width;
  const epochs = options.epochs ?? 8;
  const bs = options.batchSize ?? 512;
  return withSeededMathRandom(options.seed ?? 42, async () => {
    const inputs = customerInputs(pre, tf.zeros([1, W]) as tf.Tensor2D).map((t) => tf.input({ shape: [t.shape[1]!] }));
    const x = inputs.length > 1 ? (tf.layers.concatenate().apply(inputs) as tf.SymbolicTensor) : inputs[0];
    const out = tf.layers
      .dense({ units: P, kernelRegularizer: tf.regularizers.l2({ l2: options.l2 ?? 1e-5 }) })
      .apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs, outputs: out });
    const opt = tf.train.adam(options.learningRate ?? 0.01);
    const Y = new Float32Array(train.n * P);
    const M = new Float32Array(train.n * P).fill(1);
    train.positives.forEach((ps, i) => ps.forEach((p) => (Y[i * P + p] = 1)));
    train.excluded.forEach((ps, i) => ps.forEach((p) => (M[i * P + p] = 0)));
    const rand = Rng.uniform(options.seed ?? 42);
    const order = Array.from({ length: train.n }, (_, i) => i);
    for (let e = 0; e < epochs; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let s = 0; s < order.length; s += bs) {
        const idx = order.slice(s, s + bs);
        const xb = new Float32Array(idx.length * W);
        const yb = new Float32Array(idx.length * P);
        const mb = new Float32Array(idx.length * P);
        idx.forEach((c, r) => {
          xb.set(train.X.subarray(c * W, (c + 1) * W), r * W);
          yb.set(Y.subarray(c * P, (c + 1) * P), r * P);
          mb.set(M.subarray(c * P, (c + 1) * P), r * P);
        });
        tf.tidy(() => {
          const xin = customerInputs(pre, tf.tensor2d(xb, [idx.length, W]));
          const y = tf.tensor2d(yb, [idx.length, P]);
          const m = tf.tensor2d(mb, [idx.length, P]);
          opt.minimize(() => {
            const logits = model.apply(xin, { training: true }) as tf.Tensor2D;
            const loss = tf.losses.sigmoidCrossEntropy(y, logits, m);
            return loss as tf.Scalar;
          });
        });
      }
    }
    opt.dispose();
    return (X: Float32Array, n: number) =>
      tidyData(
        () =>
          model.predict(customerInputs(pre, tf.tensor2d(X.subarray(0, n * W), [n, W])), {
            batchSize: 8192,
          }) as tf.Tensor,
      );
  });
}
