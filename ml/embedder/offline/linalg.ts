/**
 * The small amount of linear algebra the offline embedder needs: a CSR sparse matrix, a seeded
 * Gaussian, modified Gram–Schmidt, a cyclic Jacobi eigen-solver, and a randomized eigendecomposition
 * of a symmetric sparse matrix (Halko, Martinsson & Tropp 2011) built from them.
 */

import { Rng } from '../../../lib/random/index.ts';

export interface Csr {
  n: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

/** Seeded uniform source: seeded builds must be byte-identical. */
export const seededRandom = Rng.uniform;

function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Y (n×l, row-major) = A (n×n CSR) · X (n×l, row-major). */
function csrMulDense(a: Csr, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.n * l);
  for (let i = 0; i < a.n; i++) {
    const yo = i * l;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const v = a.values[p];
      const xo = a.colIdx[p] * l;
      for (let c = 0; c < l; c++) y[yo + c] += v * x[xo + c];
    }
  }
  return y;
}

/** Orthonormalize the l columns of Y (n×l, row-major) in place (modified Gram–Schmidt, twice for stability). */
function orthonormalizeColumns(y: Float64Array, n: number, l: number): void {
  const col = new Float64Array(n);
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < l; j++) {
      for (let i = 0; i < n; i++) col[i] = y[i * l + j];
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += y[i * l + k] * col[i];
        for (let i = 0; i < n; i++) col[i] -= dot * y[i * l + k];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += col[i] * col[i];
      norm = Math.sqrt(norm);
      const inv = norm > 1e-12 ? 1 / norm : 0;
      for (let i = 0; i < n; i++) y[i * l + j] = col[i] * inv;
    }
  }
}

/** Eigen-decomposition of a symmetric m×m matrix (row-major) by cyclic Jacobi: returns values and column eigenvectors. */
export function jacobiEigen(
  aIn: Float64Array,
  m: number,
  maxSweeps = 30,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(aIn);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p * m + q] ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p];
          const vkq = v[k * m + q];
          v[k * m + p] = c * vkp - s * vkq;
          v[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(m);
  for (let i = 0; i < m; i++) values[i] = a[i * m + i];
  return { values, vectors: v };
}

/**
 * Top-`k` (by magnitude) eigenpairs of a symmetric sparse matrix via a randomized range finder
 * with `powerIters` subspace iterations. Returns eigenvectors as rows of an n×k matrix.
 */
export function randomizedEigen(
  a: Csr,
  k: number,
  options: { seed: number; oversample?: number; powerIters?: number; onStep?: (step: string) => void },
): { values: Float64Array; vectors: Float64Array; k: number } {
  const n = a.n;
  const l = Math.min(n, k + (options.oversample ?? 16));
  const kk = Math.min(k, l);
  const g = gaussian(Rng.uniform(options.seed));
  let y: Float64Array = new Float64Array(n * l);
  for (let i = 0; i < y.length; i++) y[i] = g();
  y = csrMulDense(a, y, l);
  orthonormalizeColumns(y, n, l);
  for (let it = 0; it < (options.powerIters ?? 2); it++) {
    options.onStep?.(`power iteration ${it + 1}`);
    y = csrMulDense(a, y, l);
    orthonormalizeColumns(y, n, l);
  }
  // T = Qᵀ A Q (l×l), symmetric.
  const aq = csrMulDense(a, y, l);
  const t = new Float64Array(l * l);
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let r = 0; r < l; r++) {
      const qr = y[o + r];
      if (qr === 0) continue;
      for (let c = 0; c < l; c++) t[r * l + c] += qr * aq[o + c];
    }
  }
  for (let r = 0; r < l; r++)
    for (let c = r + 1; c < l; c++) t[r * l + c] = t[c * l + r] = (t[r * l + c] + t[c * l + r]) / 2;
  options.onStep?.('eigen-decomposition');
  const { values, vectors } = jacobiEigen(t, l);
  const order = Array.from({ length: l }, (_, i) => i).sort((x, z) => Math.abs(values[z]) - Math.abs(values[x]));
  const outValues = new Float64Array(kk);
  const out = new Float64Array(n * kk);
  for (let j = 0; j < kk; j++) {
    const src = order[j];
    outValues[j] = values[src];
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * l;
      for (let r = 0; r < l; r++) s += y[o + r] * vectors[r * l + src];
      out[i * kk + j] = s;
    }
  }
  return { values: outValues, vectors: out, k: kk };
}
