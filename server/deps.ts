import type { Config } from '../lib/config/index.ts';
import type { Logger } from '../lib/log/index.ts';
import type { VectorStore } from '../lib/vector-store/types.ts';
import type { Embedder } from '../ml/embedder/embedder.ts';
import type { Customer, Product } from '../domain/index.ts';
import type { Reranker } from './retrieval/reranker.ts';
import type { Recommender } from '../ml/recommender/types.ts';
import type { Generator } from './assistant/generators/types.ts';
import type { Metrics } from './http/metrics.ts';

/**
 * Everything the HTTP app needs, built once at start (server/main.ts) or by the test stack
 * (test/fixtures/stack.ts) and passed to `createApp(deps)`. Nothing in server/ reads config or
 * opens connections on its own: it receives them here.
 *
 * Required parts are what RM search and profiles need. Optional slots are filled by the teams that
 * own them; a route whose dependency is absent answers 503 (`requireDep`).
 */
export interface AppDeps {
  config: Config;
  log: Logger;
  store: VectorStore;
  embedder: Embedder;
  reranker: Reranker;
  customers: CustomerRepository;
  /** The product catalog (ingest/catalog PRODUCTS or the products collection). */
  products: Product[];
  /** Prometheus registry + shared instruments. Created by createApp when absent. */
  metrics?: Metrics;
  /** Hybrid retrieval (server/retrieval). Created from the parts above when absent. */
  retrieval?: RetrievalService;
  recommender?: Recommender;
  /** 2-D projection of customers and products (server/recommender projectEmbeddings). */
  embeddingMap?: EmbeddingMapService;
  generator?: Generator;

  // Slots other teams fill (their owners refine these types in place; keep them additive).
  /** CHAT (issue 5): the chat service behind POST /api/chat. */
  chat?: Service;
  /** CHAT (issue 5): append-only audit log of answers. */
  audit?: Service;
  /** BEHAVIOUR (issue 8): spending insights per customer. */
  insights?: Service;
  /** BEHAVIOUR (issue 8): intent classifier for chat messages. */
  intent?: Service;
  /** BEHAVIOUR (issue 8): feedback store. */
  feedback?: Service;

  /** Extra readiness checks (name → throws when not ready); /readyz runs them all. */
  readinessChecks?: Record<string, (signal: AbortSignal) => Promise<void>>;
}

/** An opaque service object; the owning team narrows it where they use it. */
export type Service = object;

/** Customer profiles by id (backed by the customers collection's metadata). */
export interface CustomerRepository {
  get(id: string, signal?: AbortSignal): Promise<Customer | undefined>;
  /** Number of customers stored (for /readyz and start-up). */
  count(signal?: AbortSignal): Promise<number>;
}

export interface EmbeddingMapPoint {
  id: string;
  kind: 'customer' | 'product';
  x: number;
  y: number;
  label?: string;
}

export interface EmbeddingMapService {
  /** Points for the map around one customer (the customer itself is marked by `id`). */
  forCustomer(customer: Customer, signal?: AbortSignal): Promise<{ method: string; points: EmbeddingMapPoint[] }>;
}

/** Implemented by server/retrieval (hybrid search + passages for chat). */
export interface RetrievalService {
  search(
    query: string,
    options?: { k?: number; signal?: AbortSignal; variant?: SearchVariant },
  ): Promise<import('../domain/api/search.ts').SearchResponse>;
  retrievePassages(
    question: string,
    customer?: Customer,
    options?: { k?: number; signal?: AbortSignal; variant?: SearchVariant },
  ): Promise<import('./assistant/generators/types.ts').Passage[]>;
  /** Ready when the lexical index is built. */
  readonly ready: boolean;
}

export type SearchVariant = 'dense' | 'bm25' | 'hybrid' | 'hybrid+rerank';

/** Throw 503 when an optional dependency is missing. */
export function requireDep<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === null) {
    // Imported lazily to keep this file type-only at the top.
    throw new DependencyMissing(name);
  }
  return value;
}

import { UnavailableError } from '../lib/errors/index.ts';
export class DependencyMissing extends UnavailableError {
  constructor(readonly dependency: string) {
    super(`${dependency} is not available on this server`, 30);
  }
}
