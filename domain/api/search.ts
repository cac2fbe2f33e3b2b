import type { Metadata, Where } from '../../lib/vector-store/types.ts';

/** One structured constraint parsed from an RM query. */
export type ConstraintOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'in' | 'holds_any' | 'holds_none';

export interface Constraint {
  /** Metadata field (`creditScore`, `income`, `age`, `segment`, `riskTolerance`, `lifeStage`) or `products`. */
  field: string;
  op: ConstraintOp;
  /** Number for comparisons, string for eq, string[] for in / holds_any / holds_none (product ids). */
  value: number | string | string[];
  /** The words of the query this came from. */
  text: string;
}

export interface ParsedQuery {
  constraints: Constraint[];
  /** Chroma `where` equivalent of `constraints` (undefined when there are none). */
  where: Where | undefined;
  /** What is left after removing the constraint phrases: the semantic intent. */
  semanticQuery: string;
  /** Phrases that look like constraints but could not be understood; kept in the semantic query. */
  unparsed: string[];
}

export interface SearchScores {
  /** Cosine similarity from Chroma (null when not in the dense candidate list). */
  dense: number | null;
  /** BM25+ score (MiniSearch-identical, computed by server/retrieval/bm25.ts; null when not in the lexical candidate list). */
  lexical: number | null;
  /** Reciprocal-rank-fusion score. */
  fused: number;
  /** Reranker score (null when the variant has no rerank stage). */
  rerank: number | null;
}

export interface SearchResult {
  customerId: string;
  summary: string;
  scores: SearchScores;
  reason: string;
  metadata: Metadata;
}

export interface SearchTimings {
  parse: number;
  embed: number;
  vector: number;
  bm25: number;
  fuse: number;
  rerank: number;
  total: number;
}

export interface SearchResponse {
  query: string;
  parsed: ParsedQuery;
  results: SearchResult[];
  timings: SearchTimings;
  /** Which reranker ran (`cross-encoder`, `fallback`, `none`). */
  reranker: string;
}
