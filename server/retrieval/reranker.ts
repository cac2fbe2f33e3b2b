/**
 * The `Reranker` seam: a cross-encoder (`Xenova/ms-marco-MiniLM-L-6-v2` through transformers.js)
 * when its files are present, else the documented fallback.
 */
export interface Reranker {
  readonly id: string;
  readonly kind: 'cross-encoder' | 'fallback' | 'none';
  /** One relevance score per passage, higher is better, same order as `passages`. */
  score(query: string, passages: string[], options?: RerankOptions): Promise<number[]>;
}

interface RerankOptions {
  signal?: AbortSignal;
  /**
   * cosine(query, passage) per passage where the caller already knows it (a dense hit's 1 − distance,
   * or the stored vector against the query's): a reranker that uses embeddings takes these instead of
   * embedding the passages again, and embeds only the ones left undefined.
   */
  similarities?: readonly (number | undefined)[];
}
