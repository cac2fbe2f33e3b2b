/**
 * Candidate set for one batch of in-batch softmax with sampled negatives:
 *  - candidates = the batch's positive products (deduplicated) ∪ `negatives` products drawn from
 *    `negativeDist`;
 *  - log-Q correction: each candidate's logit is reduced by log Q(c), where Q(c) is the probability
 *    that c enters the candidate set at all (1 − (1−p_c)^B · (1−s_c)^M for B in-batch positives with
 *    popularity p and M sampled negatives with distribution s). Without it, popular products appear
 *    as negatives far more often and the model learns to under-score them;
 *  - accidental hits: a candidate that is another positive of the same customer (or a product the
 *    customer already holds, which cannot be a new adoption) is masked out of that row, so the model
 *    is never pushed away from a true positive.
 */
export interface SoftmaxBatch {
  candidates: Int32Array;
  /** Row i's label = position of its positive in `candidates`. */
  labels: Int32Array;
  /** [B × C]: 0, or −1e9 for masked (accidental hit / held) entries. */
  mask: Float32Array;
  /** [C]: log Q(candidate). */
  logQ: Float32Array;
}

export const MASKED = -1e9;

export function buildSoftmaxBatch(args: {
  customers: ArrayLike<number>;
  positives: ArrayLike<number>;
  positivesOf: readonly (readonly number[])[];
  excludedOf: readonly (readonly number[])[];
  popularity: Float64Array;
  negativeDist: Float64Array;
  negatives: number;
  rand: () => number;
}): SoftmaxBatch {
  const { customers, positives, positivesOf, excludedOf, popularity, negativeDist, negatives, rand } = args;
  const B = customers.length;
  const position = new Map<number, number>();
  const cands: number[] = [];
  const addCandidate = (p: number) => {
    if (!position.has(p)) {
      position.set(p, cands.length);
      cands.push(p);
    }
  };
  for (let i = 0; i < B; i++) addCandidate(positives[i]);
  const cdf = cumulative(negativeDist);
  for (let k = 0; k < negatives; k++) addCandidate(sampleCdf(cdf, rand()));
  const C = cands.length;
  const labels = new Int32Array(B);
  const mask = new Float32Array(B * C);
  for (let i = 0; i < B; i++) {
    const label = position.get(positives[i])!;
    labels[i] = label;
    const c = customers[i];
    for (const p of positivesOf[c]) {
      const j = position.get(p);
      if (j !== undefined && j !== label) mask[i * C + j] = MASKED;
    }
    for (const p of excludedOf[c]) {
      const j = position.get(p);
      if (j !== undefined && j !== label) mask[i * C + j] = MASKED;
    }
  }
  const logQ = new Float32Array(C);
  cands.forEach((p, j) => {
    const q = 1 - (1 - popularity[p]) ** B * (1 - negativeDist[p]) ** negatives;
    logQ[j] = Math.log(Math.max(q, 1e-12));
  });
  return { candidates: Int32Array.from(cands), labels, mask, logQ };
}

function cumulative(dist: Float64Array): Float64Array {
  const out = new Float64Array(dist.length);
  let s = 0;
  dist.forEach((v, i) => {
    s += v;
    out[i] = s;
  });
  return out;
}

function sampleCdf(cdf: Float64Array, u: number): number {
  const x = u * cdf[cdf.length - 1];
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
