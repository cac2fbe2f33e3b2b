/**
 * The `Reranker` seam: a cross-encoder (`Xenova/ms-marco-MiniLM-L-6-v2` through transformers.js)
 * when its files are present, else the documented fallback.
 */
export interface Reranker {
  readonly id: string;
  readonly kind: 'cross-encoder' | 'fallback' | 'none';
  /** One relevance score per passage, higher is better, same order as `passages`. */
  score(query: string, passages: string[], signal?: AbortSignal): Promise<number[]>;
}
