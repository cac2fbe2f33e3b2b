/**
 * 2-D PCA of product embeddings (the map's axes), with customers projected onto the same axes.
 * Principal components by power iteration with deflation on the d×d covariance — d is small (32).
 */
export interface Projection {
  mean: Float64Array;
  axes: [Float64Array, Float64Array];
  /** Share of the products' variance the two axes explain. */
  explained: [number, number];
}

export function fitPca2(data: Float32Array, n: number, dim: number): Projection {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) mean[k] += data[i * dim + k] / n;
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < dim; a++) {
      const da = data[i * dim + a] - mean[a];
      for (let b = 0; b < dim; b++) cov[a * dim + b] += (da * (data[i * dim + b] - mean[b])) / Math.max(1, n - 1);
    }
  let total = 0;
  for (let a = 0; a < dim; a++) total += cov[a * dim + a];
  const axes: Float64Array[] = [];
  const explained: number[] = [];
  for (let c = 0; c < 2; c++) {
    let v = new Float64Array(dim).map((_, i) => 1 / Math.sqrt(dim) + i * 1e-3);
    let lambda = 0;
    for (let it = 0; it < 300; it++) {
      const w = new Float64Array(dim);
      for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) w[a] += cov[a * dim + b] * v[b];
      const norm = Math.hypot(...w) || 1;
      lambda = norm;
      v = w.map((x) => x / norm);
    }
    // Sign convention: largest |component| positive, so the map does not flip between runs.
    let big = 0;
    for (let a = 1; a < dim; a++) if (Math.abs(v[a]) > Math.abs(v[big])) big = a;
    if (v[big] < 0) v = v.map((x) => -x);
    axes.push(v);
    explained.push(total > 0 ? lambda / total : 0);
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b] -= lambda * v[a] * v[b];
  }
  return { mean, axes: [axes[0], axes[1]], explained: [explained[0], explained[1]] };
}

export function project(p: Projection, vec: ArrayLike<number>, offset = 0): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (let k = 0; k < p.mean.length; k++) {
    const d = vec[offset + k] - p.mean[k];
    x += d * p.axes[0][k];
    y += d * p.axes[1][k];
  }
  return { x, y };
}
