import type { Embedder } from '../../ml/embedder/embedder.ts';
import type { Metadata, VectorStore } from '../../lib/vector-store/types.ts';
import { UnavailableError } from '../../lib/errors/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import type { SearchVariant } from '../../domain/api/search.ts';
import type { Metrics } from '../http/metrics.ts';
import type { Reranker } from './reranker.ts';
import type { Product } from '../../domain/index.ts';
import type { FilterParser } from './filter/index.ts';
import { matchesConstraints } from './filter/index.ts';
import { constraintsToWhere } from './filter/where.ts';
import { explainConstraints } from './filter/explain.ts';
import { LexicalIndex } from './bm25.ts';
import { CustomerRecords, type CustomerRecord } from './customer-records.ts';
import { reciprocalRankFusion } from './fuse.ts';
import { stem, STOP_WORDS, terms } from './text.ts';
import type { Constraint, SearchResponse, SearchResult, SearchTimings } from '../../domain/api/search.ts';

/**
 * RM search: parse → (dense ∥ BM25, both restricted to customers satisfying the filter) → RRF →
 * rerank top N → top k with scores and a reason. Variants switch stages off for evaluation:
 * `dense`, `bm25`, `hybrid` (no rerank), `hybrid+rerank` (default).
 */
export interface HybridOptions {
  /** Candidates taken from each of dense and BM25. */
  candidates: number;
  /** How many fused candidates the reranker sees. */
  rerankTopN: number;
  /** Largest filtered set sent to Chroma as an id list; above it, the `where` is sent instead. */
  maxIdRestriction: number;
}
export const DEFAULT_HYBRID: HybridOptions = { candidates: 50, rerankTopN: 20, maxIdRestriction: 20_000 };

export interface HybridParts {
  store: VectorStore;
  embedder: Embedder;
  reranker: Reranker;
  parser: FilterParser;
  /** The catalog, to name products in reasons. */
  products: readonly Product[];
  lexical: LexicalIndex;
  /** Documents and metadata of the indexed customers (candidates are read here, not from Chroma). */
  records: CustomerRecords;
  log: Logger;
  metrics?: Metrics;
  options?: Partial<HybridOptions>;
}

export interface SearchOptions {
  k?: number;
  variant?: SearchVariant;
  signal?: AbortSignal;
  /** Search only this RM's book (an RM principal); absent = every customer (a supervisor). */
  rmId?: string;
}

const now = () => performance.now();
const ms = (x: number) => Math.round(x * 100) / 100;

export async function hybridSearch(
  parts: HybridParts,
  query: string,
  opts: SearchOptions = {},
): Promise<SearchResponse> {
  const { store, embedder, reranker, parser, lexical, records } = parts;
  const o = { ...DEFAULT_HYBRID, ...parts.options };
  const variant = opts.variant ?? 'hybrid+rerank';
  const t: SearchTimings = { parse: 0, embed: 0, vector: 0, bm25: 0, fuse: 0, rerank: 0, total: 0 };
  const start = now();

  let s = now();
  const parsed = parser.parse(query);
  // The request's k wins; else a count the RM typed ("show me 5"); else 3.
  const k = opts.k ?? parsed.k ?? 3;
  const semantic = parsed.semanticQuery || query;
  // The caller's book is one more constraint on every stage (filter, dense, lexical, the final
  // check), but not part of what the query said, so `parsed` does not show it.
  const constraints: Constraint[] = opts.rmId
    ? [...parsed.constraints, { field: 'rmId', op: 'eq', value: opts.rmId, text: 'in your book' }]
    : parsed.constraints;
  const where = opts.rmId ? constraintsToWhere(constraints) : (parsed.where ?? undefined);
  t.parse = now() - s;
  const pool = Math.max(o.candidates, k, o.rerankTopN);

  // Dense and lexical run concurrently (BM25 is synchronous CPU work while Chroma answers).
  let queryVector: Float32Array | undefined;
  const dense = async () => {
    if (variant === 'bm25') return [];
    let s1 = now();
    const [vec] = await embedder.embed([semantic], opts.signal);
    queryVector = vec;
    t.embed = now() - s1;
    s1 = now();
    // The filter runs here, on the lexical index's typed-array columns, and Chroma searches only the
    // matching ids: Chroma evaluates a `where` of several holds_* clauses in 150–400 ms at 10k
    // customers, an id list of the same records in 4–12 ms. Very large matching sets (where an id
    // list would be a multi-megabyte request) keep the `where`. Ids and distances only: documents and
    // metadata come from `records`, cosines from the distances.
    const matching = constraints.length ? lexical.filterIds(constraints) : undefined;
    if (matching?.length === 0) return [];
    const byIds = matching !== undefined && matching.length <= o.maxIdRestriction;
    const hits = await store.query('customers', vec, {
      k: byIds ? Math.min(pool, matching.length) : pool,
      ...(byIds ? { ids: matching } : { where }),
      embedder,
      include: [],
    });
    t.vector = now() - s1;
    return hits;
  };
  const densePromise = dense();
  let lexHits: ReturnType<LexicalIndex['search']> = [];
  if (variant !== 'dense') {
    s = now();
    lexHits = lexical.search(semantic, { constraints, limit: pool });
    t.bm25 = now() - s;
  }
  const denseHits = await densePromise;

  s = now();
  const lists =
    variant === 'dense'
      ? [denseHits.map((h) => h.id)]
      : variant === 'bm25'
        ? [lexHits.map((h) => h.id)]
        : [denseHits.map((h) => h.id), lexHits.map((h) => h.id)];
  let fused = reciprocalRankFusion(lists);
  const denseById = new Map(denseHits.map((h) => [h.id, h]));
  const lexById = new Map(lexHits.map((h) => [h.id, h]));
  t.fuse = now() - s;

  const rerankScores = new Map<string, number>();
  // Customers written to Chroma after the index was built are not in `records`: read from Chroma.
  const fetched = new Map<string, CustomerRecord>();
  const fetchMissing = async (ids: string[]) => {
    const missing = ids.filter((id) => !records.has(id) && !fetched.has(id));
    if (!missing.length) return;
    for (const r of await store.get('customers', { ids: missing, include: ['documents', 'metadatas'] }))
      fetched.set(r.id, { document: r.document, metadata: r.metadata });
  };
  const documentOf = (id: string) => records.document(id) ?? fetched.get(id)?.document;
  if (variant === 'hybrid+rerank' && reranker.kind !== 'none' && fused.length > 1) {
    s = now();
    const top = fused.slice(0, o.rerankTopN);
    const [, similarities] = await Promise.all([
      fetchMissing(top.map((f) => f.id)),
      reranker.kind === 'fallback' ? candidateSimilarities(parts, top, denseById, queryVector) : undefined,
    ]);
    const present = top.filter((f) => documentOf(f.id) !== undefined);
    const scores = await reranker.score(
      semantic,
      present.map((f) => documentOf(f.id)!),
      { signal: opts.signal, similarities: similarities && present.map((f) => similarities.get(f.id)) },
    );
    present.forEach((f, i) => rerankScores.set(f.id, scores[i]));
    const order = new Map(fused.map((f, i) => [f.id, i]));
    fused = [
      ...present.sort(
        (a, b) => rerankScores.get(b.id)! - rerankScores.get(a.id)! || order.get(a.id)! - order.get(b.id)!,
      ),
      ...fused.slice(o.rerankTopN),
    ];
    t.rerank = now() - s;
  }

  const qTerms = new Set(terms(semantic));
  const results: SearchResult[] = [];
  for (let i = 0; i < fused.length && results.length < k; i++) {
    const f = fused[i];
    if (!records.has(f.id) && !fetched.has(f.id))
      await fetchMissing(fused.slice(i, i + k - results.length).map((x) => x.id));
    const d = records.get(f.id) ?? fetched.get(f.id);
    if (!d) continue;
    // Safety belt: a result that violates a parsed constraint is a bug upstream — drop and log it.
    if (!matchesConstraints(d.metadata, constraints)) {
      parts.log.error({ id: f.id }, 'retrieval returned a customer outside the parsed filter; dropped');
      continue;
    }
    const dh = denseById.get(f.id);
    const lh = lexById.get(f.id);
    const name = typeof d.metadata.name === 'string' ? d.metadata.name : f.id;
    results.push({
      customerId: f.id,
      name,
      summary: summarize(d.document),
      scores: {
        dense: dh ? ms4(1 - dh.distance) : null,
        lexical: lh ? ms4(lh.score) : null,
        fused: ms4(f.fused),
        rerank: rerankScores.has(f.id) ? ms4(rerankScores.get(f.id)!) : null,
      },
      reason: reasonLine(
        name,
        explainConstraints(d.metadata, parsed.constraints, parts.products),
        sharedWords(d.document, qTerms),
      ),
      metadata: publicMetadata(d.metadata),
    });
    if (results.length === k) break;
  }
  t.total = now() - start;
  for (const [stage, v] of Object.entries(t)) {
    t[stage as keyof SearchTimings] = ms(v);
    parts.metrics?.stage.observe({ stage }, v / 1000);
  }
  return { query, parsed, results, timings: t, reranker: variant === 'hybrid+rerank' ? reranker.id : 'none' };
}

const ms4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * cosine(query, candidate) for the rerank candidates without embedding them: a dense hit's is
 * 1 − its cosine distance; the lexical-only ones' stored vectors are read from Chroma in one request.
 */
async function candidateSimilarities(
  parts: Pick<HybridParts, 'store'>,
  candidates: readonly { id: string }[],
  denseById: ReadonlyMap<string, { distance: number }>,
  queryVector: Float32Array | undefined,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const lexicalOnly: string[] = [];
  for (const c of candidates) {
    const hit = denseById.get(c.id);
    if (hit && Number.isFinite(hit.distance)) out.set(c.id, 1 - hit.distance);
    else lexicalOnly.push(c.id);
  }
  if (!queryVector || !lexicalOnly.length) return out;
  for (const r of await parts.store.get('customers', { ids: lexicalOnly, include: ['embeddings'] }))
    if (r.embedding) out.set(r.id, cosine(queryVector, r.embedding));
  return out;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function summarize(doc: string): string {
  const firstTwo = doc
    .split(/(?<=\.)\s+/)
    .slice(0, 2)
    .join(' ');
  return firstTwo.length > 240 ? `${firstTwo.slice(0, 237)}…` : firstTwo;
}

/** Metadata shown in results: the profile fields (not the holds_/goal_ flags, not notes). */
function publicMetadata(meta: Metadata): Metadata {
  const out: Metadata = {};
  for (const [key, value] of Object.entries(meta))
    if (!key.startsWith('holds_') && !key.startsWith('goal_') && !['notes', 'profile', 'content_hash'].includes(key))
      out[key] = value;
  return out;
}

/** The document's own words (not stems) that share a stem with the query's terms, in order. */
function sharedWords(document: string, queryTerms: Set<string>, limit = 4): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of document.toLowerCase().split(/[^a-z]+/)) {
    if (raw.length < 3 || STOP_WORDS.has(raw)) continue;
    const st = stem(raw);
    if (!queryTerms.has(st) || seen.has(st)) continue;
    seen.add(st);
    out.push(raw);
    if (out.length === limit) break;
  }
  return out;
}

/** "Jane Smith: credit score 824, above 750; no mortgage. Profile mentions investment, pension." */
export function reasonLine(name: string, satisfied: string[], words: string[]): string {
  const parts = [satisfied.length ? `${name}: ${satisfied.join('; ')}.` : `${name}: no filter; closest by meaning.`];
  if (words.length) parts.push(`Profile mentions ${words.join(', ')}.`);
  return parts.join(' ');
}

/**
 * Load every customer into a BM25 index and the in-memory records, page by page (one read of
 * documents + metadata serves both).
 */
export async function buildLexicalIndex(
  store: VectorStore,
  options: { pageSize?: number; log?: Logger; signal?: AbortSignal; collection?: 'customers' } = {},
): Promise<{ lexical: LexicalIndex; records: CustomerRecords }> {
  const index = new LexicalIndex();
  const records = new CustomerRecords();
  const pageSize = options.pageSize ?? 2000;
  const total = await store.count(options.collection ?? 'customers');
  for (let offset = 0; offset < total; offset += pageSize) {
    options.signal?.throwIfAborted();
    const page = await store.get(options.collection ?? 'customers', {
      limit: pageSize,
      offset,
      include: ['documents', 'metadatas'],
    });
    index.add(page);
    records.add(page);
  }
  options.log?.info({ documents: index.size }, 'BM25 index built');
  return { lexical: index, records };
}

export function notReady(): never {
  throw new UnavailableError('the search index is still being built (see /readyz)', 5);
}
