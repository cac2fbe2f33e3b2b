/** Binary-relevance ranking metrics used by eval/retrieval. */

/** nDCG@k: DCG of the ranking over the ideal DCG with min(|relevant|, k) relevant items on top. */
export function ndcgAt(ranked: string[], relevant: Set<string>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Reciprocal rank of the first relevant item within the top k (0 when none). */
export function mrrAt(ranked: string[], relevant: Set<string>, k: number): number {
  const i = ranked.slice(0, k).findIndex((id) => relevant.has(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

/**
 * Recall@k = |relevant ∩ top k| / |relevant|. With `capped`, the denominator is min(|relevant|, k)
 * (so a query with hundreds of relevant customers can still reach 1.0 — reported as such).
 */
export function recallAt(ranked: string[], relevant: Set<string>, k: number, capped = false): number {
  if (relevant.size === 0) return 0;
  const hits = ranked.slice(0, k).filter((id) => relevant.has(id)).length;
  return hits / (capped ? Math.min(relevant.size, k) : relevant.size);
}

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
