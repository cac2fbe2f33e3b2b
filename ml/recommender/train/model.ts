import * as tf from '@tensorflow/tfjs';
import type { Preprocessor } from './features.ts';

/**
 * The two towers, built with the TF.js Layers functional API. Both towers are the same block
 * stack — Dense → BatchNorm → Dropout → ReLU, repeated — ending in a linear projection into the
 * shared embedding space; the score is cos(u, v) × temperature (temperature is a trainable scalar
 * kept beside the towers, see trainer.ts).
 *
 * Variant `attention` adds feature attention on the customer side: every customer feature becomes a
 * token (numerics: x·w_f + b_f; categoricals: their embedding; multi-hot blocks: a linear map), a
 * small scorer gives each token a weight (softmax over tokens), and the weighted sum of tokens is
 * fed to the tower together with the plain inputs.
 */
export type ModelVariant = 'mlp' | 'attention';

export interface ModelConfig {
  variant: ModelVariant;
  hidden: number[];
  embeddingDim: number;
  categoricalDim: number;
  dropout: number;
}

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  variant: 'mlp',
  hidden: [128, 64],
  embeddingDim: 32,
  categoricalDim: 8,
  dropout: 0.1,
};

/** Per-feature linear tokens for numeric inputs: [B, n] → [B, n, d]. */
class NumericTokens extends tf.layers.Layer {
  static className = 'NumericTokens';
  private w!: tf.LayerVariable;
  private b!: tf.LayerVariable;
  constructor(readonly config: { units: number; name?: string }) {
    super(config);
  }
  override build(inputShape: tf.Shape | tf.Shape[]) {
    const n = (inputShape as tf.Shape)[1] as number;
    this.w = this.addWeight('w', [n, this.config.units], 'float32', tf.initializers.glorotUniform({}));
    this.b = this.addWeight('b', [n, this.config.units], 'float32', tf.initializers.zeros());
    this.built = true;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = inputShape as tf.Shape;
    return [s[0], s[1], this.config.units];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      return tf.add(tf.mul(x.expandDims(2), this.w.read()), this.b.read());
    });
  }
  override getConfig() {
    return { ...super.getConfig(), units: this.config.units };
  }
}
tf.serialization.registerClass(NumericTokens);

function block(
  x: tf.SymbolicTensor,
  hidden: number[],
  dropout: number,
  outDim: number,
  prefix: string,
): tf.SymbolicTensor {
  let h = x;
  hidden.forEach((units, i) => {
    h = tf.layers.dense({ units, useBias: false, name: `${prefix}_dense${i}` }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.batchNormalization({ name: `${prefix}_bn${i}` }).apply(h) as tf.SymbolicTensor;
    if (dropout > 0) h = tf.layers.dropout({ rate: dropout, name: `${prefix}_drop${i}` }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.reLU({ name: `${prefix}_relu${i}` }).apply(h) as tf.SymbolicTensor;
  });
  return tf.layers.dense({ units: outDim, name: `${prefix}_out` }).apply(h) as tf.SymbolicTensor;
}

const flatten = (x: tf.SymbolicTensor, name: string) => tf.layers.flatten({ name }).apply(x) as tf.SymbolicTensor;
const concat = (xs: tf.SymbolicTensor[], name: string, axis = -1) =>
  xs.length === 1 ? xs[0] : (tf.layers.concatenate({ axis, name }).apply(xs) as tf.SymbolicTensor);

/**
 * An embedding lookup written as one-hot × matrix (a bias-free Dense on a one-hot input): the same
 * function as tf.layers.embedding, but its gradient is a matmul — the wasm backend lacks the
 * UnsortedSegmentSum kernel that the Gather gradient needs.
 */
const embedding = (_vocab: number, dim: number, name: string, input: tf.SymbolicTensor) =>
  tf.layers
    .dense({
      units: dim,
      useBias: false,
      name,
      kernelInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }),
    })
    .apply(input) as tf.SymbolicTensor;

/** Customer tower. Inputs: num [n], cat_i [vocab_i] one-hot, mh_j [vocab_j]. */
export function buildCustomerTower(pre: Preprocessor, cfg: ModelConfig): tf.LayersModel {
  const nNum = pre.numNumeric;
  const num = tf.input({ shape: [Math.max(1, nNum)], name: 'num' });
  const cats = pre.spec.customer.categorical.map((f, i) =>
    tf.input({ shape: [pre.vocabSizes[i]], name: `cat_${f.name}` }),
  );
  const mhs = pre.layout.multiHot.map((m) => tf.input({ shape: [m.end - m.start], name: `mh_${m.name}` }));
  const d = cfg.categoricalDim;
  const catEmb = cats.map((c, i) => embedding(pre.vocabSizes[i], d, `emb_${pre.spec.customer.categorical[i].name}`, c)); // [B,d]
  const parts = [num, ...catEmb, ...mhs];
  if (cfg.variant === 'attention') {
    const tokens: tf.SymbolicTensor[] = [];
    if (nNum > 0) tokens.push(new NumericTokens({ units: d, name: 'num_tokens' }).apply(num) as tf.SymbolicTensor);
    catEmb.forEach((e, i) =>
      tokens.push(tf.layers.reshape({ targetShape: [1, d], name: `cat_token_${i}` }).apply(e) as tf.SymbolicTensor),
    );
    mhs.forEach((m, i) => {
      const t = tf.layers.dense({ units: d, name: `mh_token_${i}` }).apply(m) as tf.SymbolicTensor;
      tokens.push(tf.layers.reshape({ targetShape: [1, d], name: `mh_token_r${i}` }).apply(t) as tf.SymbolicTensor);
    });
    const all = concat(tokens, 'tokens', 1); // [B, T, d]
    const hidden = tf.layers
      .dense({ units: d, activation: 'tanh', name: 'attn_hidden' })
      .apply(all) as tf.SymbolicTensor;
    const logits = tf.layers.dense({ units: 1, useBias: false, name: 'attn_logit' }).apply(hidden) as tf.SymbolicTensor; // [B,T,1]
    const flat = flatten(logits, 'attn_flat'); // [B,T]
    const weights = tf.layers.softmax({ name: 'attention_weights' }).apply(flat) as tf.SymbolicTensor;
    const pooled = tf.layers.dot({ axes: [1, 1], name: 'attn_pool' }).apply([weights, all]) as tf.SymbolicTensor; // [B,d]
    parts.push(pooled);
  }
  const x = concat(parts, 'customer_concat');
  const out = block(x, cfg.hidden, cfg.dropout, cfg.embeddingDim, 'customer');
  return tf.model({ inputs: [num, ...cats, ...mhs], outputs: out, name: 'customer_tower' });
}

/** Product tower. Inputs: pnum [n], pid [P] one-hot, pcat_i [vocab_i] one-hot. */
export function buildProductTower(pre: Preprocessor, cfg: ModelConfig): tf.LayersModel {
  const nNum = pre.spec.product.numeric.length;
  const num = tf.input({ shape: [Math.max(1, nNum)], name: 'pnum' });
  const P = pre.spec.productIds.length;
  const pid = tf.input({ shape: [P], name: 'pid' });
  const cats = pre.spec.product.categorical.map((name, i) =>
    tf.input({ shape: [pre.productVocabSizes[i]], name: `pcat_${name}` }),
  );
  const d = cfg.categoricalDim;
  const idEmb = embedding(P, d, 'emb_product_id', pid);
  const catEmb = cats.map((c, i) =>
    embedding(pre.productVocabSizes[i], d, `pemb_${pre.spec.product.categorical[i]}`, c),
  );
  const x = concat([num, idEmb, ...catEmb], 'product_concat');
  const out = block(x, cfg.hidden, cfg.dropout, cfg.embeddingDim, 'product');
  return tf.model({ inputs: [num, pid, ...cats], outputs: out, name: 'product_tower' });
}

/** Split the flat customer rows [B, width] into the customer tower's inputs. */
export function customerInputs(pre: Preprocessor, X: tf.Tensor2D): tf.Tensor[] {
  return tf.tidy(() => {
    const [n0, n1] = pre.layout.numeric;
    const [c0, c1] = pre.layout.categorical;
    const B = X.shape[0];
    const num = n1 > n0 ? X.slice([0, n0], [B, n1 - n0]) : tf.zeros([B, 1]);
    const sizes = pre.vocabSizes;
    const cats = Array.from({ length: c1 - c0 }, (_, i) =>
      tf
        .oneHot(
          X.slice([0, c0 + i], [B, 1])
            .reshape([B])
            .toInt(),
          sizes[i],
        )
        .toFloat(),
    );
    const mhs = pre.layout.multiHot.map((m) => X.slice([0, m.start], [B, m.end - m.start]));
    return [num, ...cats, ...mhs];
  });
}

/** Product tower inputs for the given product indices. */
export function productInputs(
  pre: Preprocessor,
  table: ReturnType<Preprocessor['transformProducts']>,
  index: Int32Array,
): tf.Tensor[] {
  const nNum = Math.max(1, pre.spec.product.numeric.length);
  const num = new Float32Array(index.length * nNum);
  index.forEach((p, r) => num.set(table.numeric.subarray(p * nNum, (p + 1) * nNum), r * nNum));
  const n = index.length;
  const oneHot = (values: Int32Array, depth: number) => {
    const out = new Float32Array(values.length * depth);
    values.forEach((v, r) => (out[r * depth + v] = 1));
    return tf.tensor2d(out, [values.length, depth]);
  };
  return [
    tf.tensor2d(num, [n, nNum]),
    oneHot(index, pre.spec.productIds.length),
    ...table.categorical.map((col, i) =>
      oneHot(
        Int32Array.from(index, (p) => col[p]),
        pre.productVocabSizes[i],
      ),
    ),
  ];
}

/** Row-wise L2 normalization (cosine similarity = dot of normalized rows). */
export const l2normalize = (x: tf.Tensor2D) =>
  tf.tidy(() => tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-8)) as tf.Tensor2D);
