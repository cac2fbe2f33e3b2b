import type { AppDeps } from '../deps.ts';
import type { RetrievalService } from './service.ts';
import { createFilterParser } from './filter/index.ts';
import { buildLexicalIndex, hybridSearch, notReady, type HybridOptions } from './hybrid.ts';
import type { LexicalIndex } from './bm25.ts';
import type { CustomerRecords } from './customer-records.ts';
import { buildPassageIndex, retrievePassages, type PassageIndex } from './passages.ts';
export type * from '../../domain/api/search.ts';

export interface RetrievalHandle extends RetrievalService {
  /** Resolves when the BM25 indexes are built (retries while Chroma is down). */
  whenReady: Promise<void>;
  lexical(): LexicalIndex | undefined;
}

/**
 * The retrieval service for the app: builds the BM25 indexes from the store in the background
 * (retrying with backoff while Chroma is unreachable); searches before that answer 503 with
 * Retry-After, and /readyz says why.
 */
export function createRetrieval(
  deps: Pick<AppDeps, 'store' | 'embedder' | 'reranker' | 'products' | 'log' | 'metrics'>,
  options: Partial<HybridOptions> = {},
): RetrievalHandle {
  const parser = createFilterParser(deps.products);
  let lexical: LexicalIndex | undefined;
  let records: CustomerRecords | undefined;
  let passages: PassageIndex | undefined;
  const whenReady = (async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        ({ lexical, records } = await buildLexicalIndex(deps.store, { log: deps.log }));
        passages = await buildPassageIndex(deps.store, deps.log);
        return;
      } catch (err) {
        const wait = Math.min(30_000, 500 * 2 ** attempt);
        deps.log.warn({ err: (err as Error).message, retryInMs: wait }, 'building the search index failed; retrying');
        await new Promise((r) => setTimeout(r, wait).unref());
      }
    }
  })();
  return {
    whenReady,
    lexical: () => lexical,
    get ready() {
      return lexical !== undefined;
    },
    async search(query, opts = {}) {
      if (!lexical || !records) notReady();
      return hybridSearch({ ...deps, parser, lexical, records, options }, query, opts);
    },
    async retrievePassages(question, customer, opts = {}) {
      if (!passages) notReady();
      return retrievePassages({ ...deps, index: passages }, question, customer, opts);
    },
  };
}
