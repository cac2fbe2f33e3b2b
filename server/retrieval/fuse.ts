/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): score(d) = Σ_lists 1 / (k + rank_d),
 * rank starting at 1, k = 60. Scale-free, so dense cosines and BM25 scores need no calibration.
 */
export const RRF_K = 60;

export interface FusedItem {
  id: string;
  fused: number;
  /** 1-based rank in each input list (undefined when absent). */
  ranks: (number | undefined)[];
}

export function reciprocalRankFusion(lists: string[][], k = RRF_K): FusedItem[] {
  const byId = new Map<string, FusedItem>();
  lists.forEach((list, li) => {
    list.forEach((id, i) => {
      let item = byId.get(id);
      if (!item) {
        item = { id, fused: 0, ranks: lists.map(() => undefined) };
        byId.set(id, item);
      }
      if (item.ranks[li] !== undefined) return; // duplicates in one list count once
      item.ranks[li] = i + 1;
      item.fused += 1 / (k + i + 1);
    });
  });
  // Ties broken by best single rank, then id, so results are deterministic (best rank computed
  // once per item, not twice per comparison).
  const items = [...byId.values()];
  const best = new Map(items.map((it) => [it, Math.min(...it.ranks.map((r) => r ?? Infinity))]));
  return items.sort((a, b) => b.fused - a.fused || best.get(a)! - best.get(b)! || (a.id < b.id ? -1 : 1));
}
