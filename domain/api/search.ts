/**
 * The RM search wire shapes, defined once: zod schemas (the route validates and documents with
 * them) and the TypeScript types inferred from them (server, console and eval import these).
 */
import { z } from 'zod';

const SEARCH_VARIANTS = ['dense', 'bm25', 'hybrid', 'hybrid+rerank'] as const;
export type SearchVariant = (typeof SEARCH_VARIANTS)[number];

/** One structured constraint parsed from an RM query. */
const ConstraintOpSchema = z.enum(['gt', 'gte', 'lt', 'lte', 'eq', 'in', 'holds_any', 'holds_none']);
export type ConstraintOp = z.infer<typeof ConstraintOpSchema>;

const ConstraintSchema = z.object({
  /**
   * Customer field (`creditScore`, `income`, `age`, `savingsBalance`, `loanAmount`, `creditUtilization` and
   * `digitalEngagement` as 0–1 shares, `tenureYears`, `productCount`, `segment`, `riskTolerance`, `lifeStage`)
   * or `products`.
   */
  field: z.string(),
  op: ConstraintOpSchema,
  /** Number for comparisons, string for eq, string[] for in / holds_any / holds_none (product ids). */
  value: z.union([z.number(), z.string(), z.array(z.string())]),
  /** The words of the query this came from. */
  text: z.string(),
});
export type Constraint = z.infer<typeof ConstraintSchema>;

/** Words of the query that look like a constraint (a number, comparator or field word) but became none. */
const ParseWarningSchema = z.object({
  text: z.string(),
  /** Character offsets into the query: query.slice(start, end) === text. */
  start: z.number().int(),
  end: z.number().int(),
  /** Why it was not turned into a filter, in words. */
  reason: z.string(),
});
export type ParseWarning = z.infer<typeof ParseWarningSchema>;

const ParsedQuerySchema = z.object({
  constraints: z.array(ConstraintSchema),
  /** Chroma `where` equivalent of `constraints` (null over the wire, undefined in process, when there are none). */
  where: z.record(z.string(), z.unknown()).nullable().optional(),
  /** What is left after removing the constraint phrases: the semantic intent. */
  semanticQuery: z.string(),
  /** Everything that looked like a constraint but did not become one; kept in the semantic query. */
  warnings: z.array(ParseWarningSchema),
  /** A count the query asked for ("show me 5", "top ten"); the request's `k` wins when given. */
  k: z.number().int().min(1).optional(),
});
export type ParsedQuery = z.infer<typeof ParsedQuerySchema>;

const SearchScoresSchema = z.object({
  /** Cosine similarity from Chroma (null when not in the dense candidate list). */
  dense: z.number().nullable(),
  /** BM25+ score (null when not in the lexical candidate list). */
  lexical: z.number().nullable(),
  /** Reciprocal-rank-fusion score. */
  fused: z.number(),
  /** Reranker score (null when the variant has no rerank stage). */
  rerank: z.number().nullable(),
});
type SearchScores = z.infer<typeof SearchScoresSchema>;

const SearchResultSchema = z.object({
  customerId: z.string(),
  /** The client's name (RM search is RM-only). */
  name: z.string(),
  summary: z.string(),
  scores: SearchScoresSchema,
  /** Why it is here, in words: each constraint with the client's value ("credit score 824, above 750"). */
  reason: z.string(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

const SearchTimingsSchema = z.object({
  parse: z.number(),
  embed: z.number(),
  vector: z.number(),
  bm25: z.number(),
  fuse: z.number(),
  rerank: z.number(),
  total: z.number(),
});
export type SearchTimings = z.infer<typeof SearchTimingsSchema>;

export const SearchResponseSchema = z.object({
  query: z.string(),
  parsed: ParsedQuerySchema,
  results: z.array(SearchResultSchema),
  timings: SearchTimingsSchema,
  /** Which reranker ran (`cross-encoder`, `fallback`, `none`). */
  reranker: z.string(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

/** 422 body of a strict search: the warnings that stopped it. */
export const SearchNotUnderstoodSchema = z.object({
  error: z.object({
    code: z.literal('not_understood'),
    message: z.string(),
    field: z.literal('query'),
    warnings: z.array(ParseWarningSchema),
  }),
});

export const SearchRequestSchema = z.object({
  query: z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters'),
  /** Results wanted; without it, a count in the query ("show me 5") or 3. */
  k: z.number().int().min(1).max(50).optional(),
  variant: z.enum(SEARCH_VARIANTS).default('hybrid+rerank'),
  /** Answer 422 listing `parsed.warnings` instead of searching when part of the query was not understood. */
  strict: z.boolean().default(false),
});
type SearchRequest = z.input<typeof SearchRequestSchema>;

/** A retrieved passage used as grounding (a product terms chunk or a knowledge/FAQ passage). */
const PassageSchema = z.object({
  id: z.string(),
  collection: z.enum(['products', 'knowledge']),
  text: z.string(),
  productId: z.string().optional(),
  /** Rerank score (higher is better). */
  score: z.number(),
});
export type Passage = z.infer<typeof PassageSchema>;
