import MiniSearch from 'minisearch';
import type { Customer, Product } from '../../domain/index.ts';
import { meetsEligibility } from '../../domain/catalog/index.ts';
import type { Embedder } from '../../ml/embedder/embedder.ts';
import type { CollectionName, Metadata, VectorStore } from '../../lib/vector-store/types.ts';
import type { Logger } from '../../lib/log/index.ts';
import type { Passage } from '../assistant/generators/types.ts';
import type { Reranker } from './reranker.ts';
import type { SearchVariant } from '../../domain/api/search.ts';
import { reciprocalRankFusion } from './fuse.ts';
import { STOP_WORDS, stem } from './text.ts';

/**
 * Grounding passages for the chat: the same hybrid recipe as RM search over the `products`
 * (terms chunks) and `knowledge` (FAQ/policy) collections — dense + BM25 → RRF → rerank top N →
 * top k. With a customer, passages about products whose hard eligibility rules the customer
 * fails (credit score, income, age) are dropped unless the question names that product, so the
 * grounding does not steer towards products the guardrails would reject.
 */
const PASSAGE_COLLECTIONS = ['products', 'knowledge'] as const satisfies readonly CollectionName[];

interface Doc {
  id: string;
  collection: 'products' | 'knowledge';
  text: string;
  productId?: string;
}

export class PassageIndex {
  private readonly mini = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    processTerm: (term) => {
      const t = term.toLowerCase();
      return STOP_WORDS.has(t) ? null : stem(t);
    },
    searchOptions: { combineWith: 'OR' },
  });
  readonly docs = new Map<string, Doc>();
  /** Collections that held passages when the index was built (others are not queried). */
  readonly collections = new Set<'products' | 'knowledge'>();

  add(collection: 'products' | 'knowledge', records: { id: string; document: string; metadata: Metadata }[]) {
    for (const r of records) {
      const key = `${collection}:${r.id}`;
      if (this.docs.has(key)) continue;
      const productId = typeof r.metadata.productId === 'string' ? r.metadata.productId : undefined;
      this.docs.set(key, { id: r.id, collection, text: r.document, productId });
      this.mini.add({ id: key, text: r.document });
    }
  }

  search(q: string, limit: number): string[] {
    return this.mini
      .search(q)
      .slice(0, limit)
      .map((h) => String(h.id));
  }
}

export async function buildPassageIndex(store: VectorStore, log?: Logger): Promise<PassageIndex> {
  const index = new PassageIndex();
  for (const c of PASSAGE_COLLECTIONS) {
    const total = await store.count(c);
    if (total > 0) index.collections.add(c);
    for (let offset = 0; offset < total; offset += 2000)
      index.add(c, await store.get(c, { limit: 2000, offset, include: ['documents', 'metadatas'] }));
  }
  log?.info({ passages: index.docs.size }, 'passage BM25 index built');
  return index;
}

export interface PassageParts {
  store: VectorStore;
  embedder: Embedder;
  reranker: Reranker;
  index: PassageIndex;
  products: Product[];
  candidates?: number;
  rerankTopN?: number;
}

export interface PassageOptions {
  k?: number;
  signal?: AbortSignal;
  variant?: SearchVariant;
  /** Collections to search (default both): the knowledge answer asks the FAQs only. */
  collections?: readonly PassageCollection[];
}
type PassageCollection = (typeof PASSAGE_COLLECTIONS)[number];

export async function retrievePassages(
  parts: PassageParts,
  question: string,
  customer?: Customer,
  options: PassageOptions = {},
): Promise<Passage[]> {
  const k = options.k ?? 3;
  const collections = new Set(options.collections ?? PASSAGE_COLLECTIONS);
  const variant = options.variant ?? 'hybrid+rerank';
  const pool = Math.max(parts.candidates ?? 30, k);
  const [vec] = variant === 'bm25' ? [undefined] : await parts.embedder.embed([question], options.signal);
  const denseLists = await Promise.all(
    PASSAGE_COLLECTIONS.map(async (c) => {
      if (!vec || !parts.index.collections.has(c) || !collections.has(c)) return [];
      const hits = await parts.store.query(c, vec, { k: pool, embedder: parts.embedder });
      for (const h of hits) parts.index.add(c, [h]);
      return hits.map((h) => ({ key: `${c}:${h.id}`, sim: 1 - h.distance }));
    }),
  );
  // The dense hits' cosines go to the reranker, which then embeds only the lexical-only passages.
  const denseSim = new Map(denseLists.flat().map((h) => [h.key, h.sim]));
  const dense = denseLists
    .flat()
    .sort((a, b) => b.sim - a.sim)
    .map((h) => h.key);
  const lexical =
    variant === 'dense'
      ? []
      : parts.index
          .search(question, pool * collections.size)
          .filter((key) => collections.has(parts.index.docs.get(key)?.collection ?? 'products'))
          .slice(0, pool);
  const lists = variant === 'dense' ? [dense] : variant === 'bm25' ? [lexical] : [dense, lexical];
  let keys = reciprocalRankFusion(lists).map((f) => f.id);

  if (customer) {
    const q = question.toLowerCase();
    const byId = new Map(parts.products.map((p) => [p.id, p]));
    keys = keys.filter((key) => {
      const pid = parts.index.docs.get(key)?.productId;
      const p = pid ? byId.get(pid) : undefined;
      if (!p || meetsEligibility(customer, p)) return true;
      return q.includes(p.name.toLowerCase()) || q.includes(p.category.replace('_', ' '));
    });
  }
  const rerank = variant === 'hybrid+rerank' && parts.reranker.kind !== 'none';
  const top = keys
    .slice(0, rerank ? Math.max(parts.rerankTopN ?? 20, k) : k)
    .map((key) => parts.index.docs.get(key)!)
    .filter(Boolean);
  const scores =
    rerank && top.length
      ? await parts.reranker.score(
          question,
          top.map((d) => d.text),
          { signal: options.signal, similarities: top.map((d) => denseSim.get(`${d.collection}:${d.id}`)) },
        )
      : [];
  return top
    .map((d, i) => ({ d, score: rerank ? scores[i] : -i }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map(({ d, score }) => ({
      id: d.id,
      collection: d.collection,
      text: d.text,
      ...(d.productId ? { productId: d.productId } : {}),
      score,
    }));
}
