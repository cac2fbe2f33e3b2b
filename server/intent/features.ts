/**
 * Row-wise feature matrices for the logistic regression: dense (embeddings) or sparse (TF-IDF).
 * The two operations the optimizer needs — logits of a row and the rank-one gradient update —
 * are implemented per layout so the inner loops stay monomorphic.
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly dim: number;
  /** out[c] = W[c]·x_i (W row-major classes × dim, no bias). */
  logits(i: number, W: Float64Array, classes: number, out: Float64Array): void;
  /** G[c] += coef[c] · x_i for every class. */
  accumulate(i: number, coef: Float64Array, classes: number, G: Float64Array): void;
}

export class DenseMatrix implements FeatureMatrix {
  constructor(readonly data: Float32Array, readonly rows: number, readonly dim: number) {
    if (data.length !== rows * dim) throw new Error(`dense matrix: ${data.length} values ≠ ${rows}×${dim}`);
  }
  static fromRows(vectors: Float32Array[]): DenseMatrix {
    const dim = vectors[0]?.length ?? 0;
    const data = new Float32Array(vectors.length * dim);
    vectors.forEach((v, i) => data.set(v, i * dim));
    return new DenseMatrix(data, vectors.length, dim);
  }
  subset(indices: number[]): DenseMatrix {
    const data = new Float32Array(indices.length * this.dim);
    indices.forEach((r, i) => data.set(this.data.subarray(r * this.dim, (r + 1) * this.dim), i * this.dim));
    return new DenseMatrix(data, indices.length, this.dim);
  }
  logits(i: number, W: Float64Array, classes: number, out: Float64Array) {
    const d = this.dim, x = this.data, base = i * d;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      const w = c * d;
      for (let j = 0; j < d; j++) s += W[w + j]! * x[base + j]!;
      out[c] = s;
    }
  }
  accumulate(i: number, coef: Float64Array, classes: number, G: Float64Array) {
    const d = this.dim, x = this.data, base = i * d;
    for (let c = 0; c < classes; c++) {
      const a = coef[c]!;
      if (a === 0) continue;
      const w = c * d;
      for (let j = 0; j < d; j++) G[w + j] += a * x[base + j]!;
    }
  }
}

/** Compressed sparse rows. */
export class SparseMatrix implements FeatureMatrix {
  constructor(readonly indptr: Int32Array, readonly indices: Int32Array, readonly values: Float32Array, readonly dim: number) {}
  get rows() {
    return this.indptr.length - 1;
  }
  logits(i: number, W: Float64Array, classes: number, out: Float64Array) {
    const s0 = this.indptr[i]!, s1 = this.indptr[i + 1]!, d = this.dim;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      const w = c * d;
      for (let k = s0; k < s1; k++) s += W[w + this.indices[k]!]! * this.values[k]!;
      out[c] = s;
    }
  }
  accumulate(i: number, coef: Float64Array, classes: number, G: Float64Array) {
    const s0 = this.indptr[i]!, s1 = this.indptr[i + 1]!, d = this.dim;
    for (let c = 0; c < classes; c++) {
      const a = coef[c]!;
      if (a === 0) continue;
      const w = c * d;
      for (let k = s0; k < s1; k++) G[w + this.indices[k]!] += a * this.values[k]!;
    }
  }
}
