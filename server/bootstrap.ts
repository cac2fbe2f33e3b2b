import path from 'node:path';
import type { Config } from '../lib/config/index.ts';
import type { Logger } from '../lib/log/index.ts';
import type { VectorStore } from '../lib/vector-store/types.ts';
import { PRODUCTS } from '../domain/catalog/index.ts';
import type { Embedder } from '../ml/embedder/embedder.ts';
import { loadIntentService } from '../ml/intent/classifier.ts';
import { loadRecommender, projectEmbeddings } from '../ml/recommender/index.ts';
import { createPooledRecommender } from '../ml/recommender/pool/index.ts';
import type { Recommender } from '../ml/recommender/types.ts';
import { type ConversationStore, InMemoryConversationStore } from './assistant/conversation-store.ts';
import { createGenerator } from './assistant/generators/index.ts';
import { ChatService } from './assistant/service.ts';
import { FileAuditLog, scheduleRetention } from './audit/index.ts';
import type { EmbeddingMapService } from '../domain/api/embedding-map.ts';
import type { AppDeps } from './deps.ts';
import { createFeedbackStore, feedbackFile } from './feedback/index.ts';
import { PgAuditLog } from './db/audit-log.ts';
import { PgConversationStore } from './db/conversation-store.ts';
import type { Database } from './db/database.ts';
import { PgFeedbackStore } from './db/feedback-store.ts';
import { PgRateLimits } from './db/rate-limits.ts';
import { PgRevocationList } from './db/revocations.ts';
import { createMetrics } from './http/metrics.ts';
import { FileRevocationList, revokedTokensFile } from './http/revocation.ts';
import { createInsightsServiceFromConfig } from './insights/index.ts';
import { createCustomerRepository } from './retrieval/customers.ts';
import { createRetrieval, type RetrievalHandle } from './retrieval/index.ts';
import { createFilterParser } from './retrieval/filter/index.ts';
import { createBookHandle } from './book/index.ts';
import { createLlmPlanner } from './assistant/dialogue/llm-planner.ts';
import { createReranker } from './retrieval/rerank/index.ts';

export interface BuildDepsOptions {
  config: Config;
  log: Logger;
  store: VectorStore;
  embedder: Embedder;
  /**
   * The shared database (DATABASE_URL, opened and migrated by openDatabase): conversations, audit,
   * feedback and rate limits live there. Absent: memory and JSONL files under the state dir.
   */
  database?: Database;
  /**
   * Parts given here are used instead of being built (tests pass a tiny recommender, a generator,
   * an audit log …). A key present with `undefined` leaves that optional part out.
   */
  overrides?: Partial<AppDeps>;
}

export type BuiltDeps = AppDeps & { retrieval: RetrievalHandle };

/**
 * Build every part of the app once, in dependency order. An optional part that cannot be built
 * (missing artifacts, a bad transactions file) is logged and left out: its routes answer 503 and
 * /readyz says why, but the server still starts.
 */
export async function buildDeps(options: BuildDepsOptions): Promise<BuiltDeps> {
  const { config, log, store, embedder, database, overrides = {} } = options;
  const has = (key: keyof AppDeps) => key in overrides;
  const metrics = overrides.metrics ?? createMetrics({ defaultMetrics: config.nodeEnv !== 'test' });
  const reranker = overrides.reranker ?? (await createReranker(config, embedder, log));
  const products = overrides.products ?? PRODUCTS;
  const retrieval =
    (overrides.retrieval as RetrievalHandle | undefined) ??
    createRetrieval({ store, embedder, reranker, products, log, metrics });
  const book = has('book') ? overrides.book : createBookHandle(store, log);
  const deps: BuiltDeps = {
    config,
    log,
    metrics,
    store,
    embedder,
    reranker,
    products,
    customers: overrides.customers ?? createCustomerRepository(store),
    retrieval,
    ...(book ? { book } : {}),
  };

  const optional = async <K extends keyof AppDeps>(key: K, build: () => Promise<AppDeps[K]>) => {
    if (has(key)) {
      deps[key] = overrides[key] as BuiltDeps[K];
      return;
    }
    try {
      deps[key] = (await build()) as BuiltDeps[K];
    } catch (err) {
      log.error({ err: (err as Error).message, part: key }, 'optional part not available; its routes answer 503');
    }
  };

  if (has('recommender')) {
    deps.recommender = overrides.recommender;
    deps.embeddingMap = overrides.embeddingMap;
  } else {
    const loaded = await loadRecommenderIfPresent(config, log);
    deps.recommender = loaded?.recommender;
    deps.embeddingMap = overrides.embeddingMap ?? loaded?.embeddingMap;
  }
  await optional('generator', () => createGenerator(config, log));
  await optional('audit', async () =>
    database ? new PgAuditLog(database) : new FileAuditLog(path.resolve(config.stateDir)),
  );
  await optional('insights', () => createInsightsServiceFromConfig(config));
  await optional('intent', () => loadIntentService(config.artifactsDir, embedder));
  await optional('feedback', async () =>
    database ? new PgFeedbackStore(database) : createFeedbackStore(feedbackFile(config.stateDir)),
  );
  await optional('rateLimits', async () =>
    database ? new PgRateLimits(database, config.rateLimitPerMin, log) : undefined,
  );
  scheduleRetention(
    [
      { name: 'audit', prune: deps.audit?.prune?.bind(deps.audit) },
      { name: 'feedback', prune: deps.feedback?.prune?.bind(deps.feedback) },
    ],
    config.nodeEnv === 'test' ? 0 : config.retentionDays,
    log,
  );
  await optional('revocations', async () =>
    database ? new PgRevocationList(database).asRevocationList() : new FileRevocationList(revokedTokensFile(config)),
  );
  await optional('chat', async () =>
    createChatService(deps, { conversations: database ? new PgConversationStore(database) : undefined }),
  );
  if (overrides.readinessChecks) deps.readinessChecks = overrides.readinessChecks;
  if (database) {
    deps.database = database;
    deps.readinessChecks = { ...deps.readinessChecks, database: () => database.ping() };
  }
  return deps;
}

/** The chat service over the parts built so far; none without a generator and an audit log. */
export function createChatService(
  deps: AppDeps,
  options: { conversations?: ConversationStore; maxRetries?: number } = {},
): ChatService | undefined {
  if (!deps.generator || !deps.audit) return undefined;
  return new ChatService({
    generator: deps.generator,
    customers: deps.customers,
    products: deps.products,
    recommender: deps.recommender,
    retrieval: deps.retrieval,
    intent: deps.intent,
    insights: deps.insights,
    book: deps.book,
    parser: createFilterParser(deps.products),
    ...(deps.config.planner === 'llm' && deps.generator.plan
      ? { planner: createLlmPlanner(deps.generator, deps.products) }
      : {}),
    conversations: options.conversations ?? new InMemoryConversationStore(),
    audit: deps.audit,
    log: deps.log,
    maxRetries: options.maxRetries,
    turns: { concurrent: deps.config.chatTurns, queue: deps.config.chatTurnQueue },
  });
}

/**
 * The recommender trained on the synthetic dataset, from `<artifactsDir>/recommender/synthetic/`.
 * Missing or incompatible artifacts → undefined: the recommendation routes answer 503 and /readyz
 * says why; the server still starts.
 */
async function loadRecommenderIfPresent(
  config: Config,
  log: Logger,
): Promise<{ recommender: Recommender; embeddingMap?: EmbeddingMapService } | undefined> {
  try {
    // Loaded here too: it validates the artifacts before any worker starts, and the embedding map
    // (a small projection) is served from it. Scoring and SHAP run in the worker pool.
    const local = await loadRecommender({ artifactsDir: config.artifactsDir, products: PRODUCTS });
    const recommender = createPooledRecommender({
      artifactsDir: config.artifactsDir,
      products: PRODUCTS,
      modelVersion: local.modelVersion,
      productIds: local.productIds,
      threads: config.workerThreads,
      maxQueue: config.workerQueue,
      nice: config.workerNice,
      taskTimeoutMs: config.requestTimeoutMs,
    });
    log.info(
      { modelVersion: recommender.modelVersion, threads: recommender.threads, queue: config.workerQueue },
      'recommender loaded (worker pool)',
    );
    return { recommender, embeddingMap: projectEmbeddings(local) };
  } catch (err) {
    log.warn(
      { err: (err as Error).message },
      'recommender artifacts not loaded (npm run train -- --dataset synthetic); recommendation routes answer 503',
    );
    return undefined;
  }
}
