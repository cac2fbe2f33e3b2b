/**
 * The one ranking-metrics module (recommender and retrieval evaluation). Every function takes the
 * relevant items `actual` first and the ranked list `predicted` second.
 * `apk`/`mapk` follow Kaggle's Santander definition (the `ml_metrics` reference code): precision at
 * each hit among the first k, summed, divided by min(|actual|, k); duplicates in `predicted` count
 * once; a customer with no relevant item scores 0.
 */
export function apk(actual: ReadonlySet<string> | readonly string[], predicted: readonly string[], k = 7): number {
  const rel = actual instanceof Set ? actual : new Set(actual as readonly string[]);
  if (rel.size === 0) return 0;
  const top = predicted.slice(0, k);
  let hits = 0;
  let score = 0;
  const seen = new Set<string>();
  top.forEach((p, i) => {
    if (rel.has(p) && !seen.has(p)) {
      hits++;
      score += hits / (i + 1);
    }
    seen.add(p);
  });
  return score / Math.min(rel.size, k);
}

export function mapk(
  actuals: readonly (ReadonlySet<string> | readonly string[])[],
  predicteds: readonly (readonly string[])[],
  k = 7,
): number {
  if (actuals.length !== predicteds.length)
    throw new Error(`mapk: ${actuals.length} actual lists vs ${predicteds.length} predicted`);
  if (actuals.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < actuals.length; i++) s += apk(actuals[i], predicteds[i], k);
  return s / actuals.length;
}

const asSet = (a: ReadonlySet<string> | readonly string[]) => (a instanceof Set ? a : new Set(a as readonly string[]));

export function precisionAtK(
  actual: ReadonlySet<string> | readonly string[],
  predicted: readonly string[],
  k: number,
): number {
  const rel = asSet(actual);
  return predicted.slice(0, k).filter((p) => rel.has(p)).length / k;
}

/**
 * |relevant ∩ top k| / |relevant|. With `capped`, the denominator is min(|relevant|, k), so a query
 * with hundreds of relevant items can still reach 1.0 (reported as such).
 */
export function recallAtK(
  actual: ReadonlySet<string> | readonly string[],
  predicted: readonly string[],
  k: number,
  options: { capped?: boolean } = {},
): number {
  const rel = asSet(actual);
  if (rel.size === 0) return 0;
  const hits = predicted.slice(0, k).filter((p) => rel.has(p)).length;
  return hits / (options.capped ? Math.min(rel.size, k) : rel.size);
}

/** Binary-relevance nDCG@k with log2(rank + 1) discounts. */
export function ndcgAtK(
  actual: ReadonlySet<string> | readonly string[],
  predicted: readonly string[],
  k: number,
): number {
  const rel = asSet(actual);
  if (rel.size === 0) return 0;
  let dcg = 0;
  predicted.slice(0, k).forEach((p, i) => {
    if (rel.has(p)) dcg += 1 / Math.log2(i + 2);
  });
  let idcg = 0;
  for (let i = 0; i < Math.min(rel.size, k); i++) idcg += 1 / Math.log2(i + 2);
  return dcg / idcg;
}

/** Reciprocal rank of the first relevant item within the top k (the whole list by default; 0 if none). */
export function reciprocalRank(
  actual: ReadonlySet<string> | readonly string[],
  predicted: readonly string[],
  k = Number.POSITIVE_INFINITY,
): number {
  const rel = asSet(actual);
  const i = predicted.slice(0, k).findIndex((p) => rel.has(p));
  return i < 0 ? 0 : 1 / (i + 1);
}

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export interface RankingMetrics {
  n: number;
  map7: number;
  mrr: number;
  'precision@1': number;
  'precision@3': number;
  'precision@5': number;
  'recall@3': number;
  'recall@5': number;
  'ndcg@3': number;
  'ndcg@5': number;
}

/** All reported metrics, averaged over customers. */
export function rankingMetrics(
  actuals: readonly (ReadonlySet<string> | readonly string[])[],
  predicteds: readonly (readonly string[])[],
): RankingMetrics {
  const n = actuals.length;
  const avg = (f: (a: ReadonlySet<string> | readonly string[], p: readonly string[]) => number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += f(actuals[i], predicteds[i]);
    return n ? s / n : 0;
  };
  return {
    n,
    map7: mapk(actuals, predicteds, 7),
    mrr: avg((a, p) => reciprocalRank(a, p)),
    'precision@1': avg((a, p) => precisionAtK(a, p, 1)),
    'precision@3': avg((a, p) => precisionAtK(a, p, 3)),
    'precision@5': avg((a, p) => precisionAtK(a, p, 5)),
    'recall@3': avg((a, p) => recallAtK(a, p, 3)),
    'recall@5': avg((a, p) => recallAtK(a, p, 5)),
    'ndcg@3': avg((a, p) => ndcgAtK(a, p, 3)),
    'ndcg@5': avg((a, p) => ndcgAtK(a, p, 5)),
  };
}

/** Combine per-fold metrics weighted by customer count. */
export function poolMetrics(parts: readonly RankingMetrics[]): RankingMetrics {
  const n = parts.reduce((s, p) => s + p.n, 0);
  const out = { n } as RankingMetrics;
  for (const key of Object.keys(parts[0] ?? {}) as (keyof RankingMetrics)[]) {
    if (key === 'n') continue;
    out[key] = parts.reduce((s, p) => s + p[key] * p.n, 0) / (n || 1);
  }
  return out;
}
