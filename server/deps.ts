import type { Config } from '../lib/config/index.ts';
import { UnavailableError } from '../lib/errors/index.ts';
import type { Logger } from '../lib/log/index.ts';
import type { VectorStore } from '../lib/vector-store/types.ts';
import type { Customer, Product } from '../domain/index.ts';
import type { EmbeddingMapService } from '../domain/api/embedding-map.ts';
import type { Embedder } from '../ml/embedder/embedder.ts';
import type { IntentService } from '../ml/intent/classifier.ts';
import type { Recommender } from '../ml/recommender/types.ts';
import type { ChatService } from './assistant/service.ts';
import type { Generator } from './assistant/generators/types.ts';
import type { AuditLog } from './audit/index.ts';
import type { FeedbackStore } from './feedback/store.ts';
import type { Metrics } from './http/metrics.ts';
import type { RevocationList } from './http/revocation.ts';
import type { RateLimitStore } from './http/rate-limit.ts';
import type { InsightsService } from './insights/service.ts';
import type { CustomerRepository } from './retrieval/customers.ts';
import type { Reranker } from './retrieval/reranker.ts';
import type { BookHandle } from './book/index.ts';
import type { RetrievalService } from './retrieval/service.ts';

/**
 * Everything the HTTP app needs, built once by `buildDeps` (server/bootstrap.ts) and passed to
 * `createApp(deps)`. Nothing in server/ reads config or opens connections on its own.
 *
 * The required parts are what RM search and profiles need. An optional part is absent when its
 * artifacts or files are missing (no trained recommender, no intent model, no generator); a
 * route that needs it answers 503 (`requireDep`) and /readyz says which.
 */
export interface AppDeps {
  config: Config;
  log: Logger;
  metrics: Metrics;
  store: VectorStore;
  embedder: Embedder;
  reranker: Reranker;
  customers: CustomerRepository;
  /** The product catalog. */
  products: Product[];
  retrieval: RetrievalService;
  /** Every customer in memory, for exact counts and book-wide rankings (loaded in the background). */
  book?: BookHandle;
  recommender?: Recommender;
  /** 2-D projection of customers and products for the console's embedding map. */
  embeddingMap?: EmbeddingMapService;
  generator?: Generator;
  /** POST /api/chat. */
  chat?: ChatService;
  /** Append-only audit log of answers (read by feedback and escalations). */
  audit?: AuditLog;
  /** Spending insights per customer. */
  insights?: InsightsService;
  /** banking77 intent classifier for chat messages. */
  intent?: IntentService;
  feedback?: FeedbackStore;
  /** Revoked JWT ids, checked on every request with a JWT (absent: none revoked). */
  revocations?: RevocationList;
  /**
   * The shared database, when DATABASE_URL is set: the paths that keep state there check it
   * answers first, so an outage is a clean 503 before any work starts (not an error mid-stream).
   */
  database?: { ping(): Promise<void> };
  /** Rate-limit buckets shared by every instance (PostgreSQL); absent: this process's own buckets. */
  rateLimits?: RateLimitStore;
  /** Extra readiness checks (name → throws when not ready); /readyz runs them all. */
  readinessChecks?: Record<string, (signal: AbortSignal) => Promise<void>>;
}

class DependencyMissing extends UnavailableError {
  constructor(readonly dependency: string) {
    super(`${dependency} is not available on this server`, 30);
  }
}

/** The optional part, or a 503 naming it. */
export function requireDep<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === null) throw new DependencyMissing(name);
  return value;
}
