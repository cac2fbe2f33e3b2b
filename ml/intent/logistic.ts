import type { FeatureMatrix } from './features.ts';

/**
 * Multinomial logistic regression with an L2 penalty, fitted by L-BFGS — the same objective as
 * scikit-learn's `LogisticRegression(C, penalty='l2')` (lbfgs, multinomial), which MTEB uses on
 * frozen embeddings: minimize  Σ_i −log p(y_i | x_i) + ‖W‖² / (2C)   (intercepts not penalized).
 */
export interface LogisticOptions {
  /** Inverse regularization strength (sklearn's C). */
  C?: number;
  /** L-BFGS iterations (sklearn's max_iter; MTEB uses 100). */
  maxIter?: number;
  /** Stop when the largest gradient component falls below this (sklearn's tol). */
  tol?: number;
  history?: number;
  onIteration?: (iter: number, loss: number) => void;
}

export interface LogisticModel {
  classes: number;
  dim: number;
  /** classes × dim, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  iterations: number;
  finalLoss: number;
}

/** Loss and gradient over all rows; theta = [W (classes×dim), b (classes)]. */
function lossAndGrad(
  X: FeatureMatrix,
  y: Int32Array,
  classes: number,
  theta: Float64Array,
  C: number,
  grad: Float64Array,
): number {
  const d = X.dim;
  const W = theta.subarray(0, classes * d);
  const b = theta.subarray(classes * d);
  grad.fill(0);
  const gW = grad.subarray(0, classes * d);
  const gb = grad.subarray(classes * d);
  const z = new Float64Array(classes);
  let loss = 0;
  for (let i = 0; i < X.rows; i++) {
    X.logits(i, W, classes, z);
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      z[c] += b[c]!;
      if (z[c]! > max) max = z[c]!;
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      z[c] = Math.exp(z[c]! - max);
      sum += z[c]!;
    }
    const yi = y[i]!;
    loss -= Math.log(Math.max(z[yi]! / sum, 1e-300));
    for (let c = 0; c < classes; c++) z[c] = z[c]! / sum - (c === yi ? 1 : 0);
    for (let c = 0; c < classes; c++) gb[c] += z[c]!;
    X.accumulate(i, z, classes, gW);
  }
  let reg = 0;
  for (let k = 0; k < W.length; k++) {
    reg += W[k]! * W[k]!;
    gW[k] += W[k]! / C;
  }
  return loss + reg / (2 * C);
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
};

export function trainLogistic(
  X: FeatureMatrix,
  y: Int32Array,
  classes: number,
  options: LogisticOptions = {},
): LogisticModel {
  const C = options.C ?? 1.0,
    maxIter = options.maxIter ?? 100,
    tol = options.tol ?? 1e-4,
    m = options.history ?? 10;
  const n = classes * X.dim + classes;
  let theta = new Float64Array(n);
  let g = new Float64Array(n);
  let f = lossAndGrad(X, y, classes, theta, C, g);
  const S: Float64Array[] = [],
    Y: Float64Array[] = [],
    rho: number[] = [];
  let iter = 0;
  for (; iter < maxIter; iter++) {
    let gmax = 0;
    for (let k = 0; k < n; k++) gmax = Math.max(gmax, Math.abs(g[k]!));
    if (gmax < tol) break;
    // Two-loop recursion: direction = −H·g.
    const q = Float64Array.from(g);
    const alpha = new Array<number>(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, q);
      const yk = Y[k]!;
      for (let j = 0; j < n; j++) q[j] -= alpha[k]! * yk[j]!;
    }
    const gamma = S.length
      ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!)
      : 1 / Math.sqrt(dot(g, g));
    for (let j = 0; j < n; j++) q[j] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k]! * dot(Y[k]!, q);
      const sk = S[k]!;
      for (let j = 0; j < n; j++) q[j] += sk[j]! * (alpha[k]! - beta);
    }
    for (let j = 0; j < n; j++) q[j] = -q[j]!;
    let slopeAt0 = dot(g, q);
    if (slopeAt0 >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let j = 0; j < n; j++) q[j] = -g[j]! / Math.sqrt(dot(g, g));
      slopeAt0 = dot(g, q);
    }
    // Backtracking line search (Armijo).
    let step = 1;
    const next = new Float64Array(n);
    const gNext = new Float64Array(n);
    let fNext = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) next[j] = theta[j]! + step * q[j]!;
      fNext = lossAndGrad(X, y, classes, next, C, gNext);
      if (fNext <= f + 1e-4 * step * slopeAt0) break;
      step *= 0.5;
    }
    if (!(fNext < f)) break; // no progress possible
    const s = new Float64Array(n),
      yv = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = next[j]! - theta[j]!;
      yv[j] = gNext[j]! - g[j]!;
    }
    const sy = dot(s, yv);
    if (sy > 1e-10) {
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const converged = Math.abs(f - fNext) <= 1e-10 * Math.max(1, Math.abs(f));
    theta = next;
    g = gNext;
    f = fNext;
    options.onIteration?.(iter + 1, f);
    if (converged) {
      iter++;
      break;
    }
  }
  return {
    classes,
    dim: X.dim,
    weights: Float32Array.from(theta.subarray(0, classes * X.dim)),
    bias: Float32Array.from(theta.subarray(classes * X.dim)),
    iterations: iter,
    finalLoss: f,
  };
}

/** Class probabilities for one row of a feature matrix. */
function predictProba(model: LogisticModel, X: FeatureMatrix, i: number): Float64Array {
  const z = new Float64Array(model.classes);
  X.logits(i, Float64Array.from(model.weights), model.classes, z);
  return softmaxInPlace(z, model.bias);
}

/** Probabilities for a dense vector (the serving path). */
export function predictVector(model: LogisticModel, x: Float32Array): Float64Array {
  const z = new Float64Array(model.classes);
  const d = model.dim;
  for (let c = 0; c < model.classes; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += model.weights[c * d + j]! * x[j]!;
    z[c] = s;
  }
  return softmaxInPlace(z, model.bias);
}

function softmaxInPlace(z: Float64Array, bias: Float32Array): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) {
    z[c] += bias[c]!;
    if (z[c]! > max) max = z[c]!;
  }
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < z.length; c++) z[c] = z[c]! / sum;
  return z;
}

/** Predicted class of every row (weights converted once). */
export function predictAll(model: LogisticModel, X: FeatureMatrix): Int32Array {
  const W = Float64Array.from(model.weights);
  const z = new Float64Array(model.classes);
  const out = new Int32Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    X.logits(i, W, model.classes, z);
    let best = 0,
      bestV = -Infinity;
    for (let c = 0; c < model.classes; c++) {
      const v = z[c]! + model.bias[c]!;
      if (v > bestV) {
        bestV = v;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}
