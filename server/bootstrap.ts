import type { Config } from '../lib/config/index.ts';
import type { Logger } from '../lib/log/index.ts';
import type { VectorStore } from '../lib/vector-store/types.ts';
import type { Embedder } from '../ml/embedder/embedder.ts';
import { PRODUCTS } from '../domain/catalog/index.ts';
import type { AppDeps, EmbeddingMapService } from './deps.ts';
import { createMetrics } from './http/metrics.ts';
import { createCustomerRepository } from './retrieval/customers.ts';
import { createRetrieval, type RetrievalHandle } from './retrieval/index.ts';
import { createReranker } from './retrieval/rerank/index.ts';
import type { Recommender } from '../ml/recommender/types.ts';
import { loadRecommender, projectEmbeddings } from '../ml/recommender/index.ts';

/**
 * Build AppDeps from connected parts (main.ts and test/fixtures/stack.ts both use this).
 * Optional services come from OPTIONAL_SERVICES: each team adds one entry that builds its slot
 * from the deps built so far. A builder that throws leaves its slot empty (its routes answer 503)
 * and is logged — the server still starts.
 */
export interface OptionalService {
  slot: keyof AppDeps;
  build(deps: AppDeps): Promise<unknown>;
}

export const OPTIONAL_SERVICES: OptionalService[] = [
  // CHAT (issue 5): the append-only answer audit log (also read by feedback), then the chat service.
  { slot: 'audit', build: async (deps) => new (await import('./audit/index.ts')).FileAuditLog(deps.config.stateDir) },
  { slot: 'chat', build: async (deps) => (await import('./assistant/index.ts')).createChatService(deps) },
  // BEHAVIOUR (issue 8): insights (imported transactions file, else synthetic regeneration from the seed),
  // intent classifier (artifacts/intent, npm run train:intent; npm start trains it), feedback store.
  {
    slot: 'insights',
    build: async (deps) => (await import('./insights/index.ts')).createInsightsServiceFromConfig(deps.config),
  },
  {
    slot: 'intent',
    build: async (deps) =>
      (await import('../ml/intent/classifier.ts')).loadIntentService(deps.config.artifactsDir, deps.embedder),
  },
  {
    slot: 'feedback',
    build: async (deps) => {
      const f = await import('./feedback/index.ts');
      return f.createFeedbackStore(f.feedbackFile(deps.config.stateDir));
    },
  },
];

export interface BuildDepsOptions {
  config: Config;
  log: Logger;
  store: VectorStore;
  embedder: Embedder;
  /** Anything given here wins over what would be built (tests pass a tiny recommender, a generator…). */
  overrides?: Partial<AppDeps>;
  /** Build the generator with CHAT's createGenerator (default true; tests usually pass one). */
  generator?: boolean;
}

export async function buildDeps(options: BuildDepsOptions): Promise<AppDeps & { retrieval: RetrievalHandle }> {
  const { config, log, store, embedder, overrides = {} } = options;
  const metrics = overrides.metrics ?? createMetrics({ defaultMetrics: config.nodeEnv !== 'test' });
  const reranker = overrides.reranker ?? (await createReranker(config, embedder, log));
  const products = overrides.products ?? PRODUCTS;
  const base = { config, log, store, embedder, reranker, products, metrics };
  const retrieval = (overrides.retrieval as RetrievalHandle | undefined) ?? createRetrieval(base);
  const deps: AppDeps & { retrieval: RetrievalHandle } = {
    ...base,
    customers: overrides.customers ?? createCustomerRepository(store),
    ...overrides,
    retrieval,
  };
  if (!deps.recommender && !('recommender' in overrides)) {
    const loaded = await loadRecommenderIfPresent(config, log);
    if (loaded) {
      deps.recommender = loaded.recommender;
      deps.embeddingMap ??= loaded.embeddingMap;
    }
  }
  if (!deps.generator && options.generator !== false && !('generator' in overrides)) {
    try {
      const { createGenerator } = await import('./assistant/generators/index.ts');
      deps.generator = await createGenerator(config, log);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'generator could not be created; chat answers 503');
    }
  }
  for (const service of OPTIONAL_SERVICES) {
    if (deps[service.slot] !== undefined) continue;
    try {
      (deps as unknown as Record<string, unknown>)[service.slot] = await service.build(deps);
    } catch (err) {
      log.error(
        { err: (err as Error).message, slot: service.slot },
        'optional service failed to start; its routes answer 503',
      );
    }
  }
  return deps;
}

/**
 * RECSYS's recommender (server/recommender: loadRecommender + projectEmbeddings) from
 * `<artifactsDir>/recommender/synthetic/`. Missing or incompatible artifacts → undefined: the
 * recommendation routes answer 503 and /readyz says why; the server still starts.
 */
export async function loadRecommenderIfPresent(
  config: Config,
  log: Logger,
): Promise<{ recommender: Recommender; embeddingMap?: EmbeddingMapService } | undefined> {
  try {
    const recommender = await loadRecommender({ artifactsDir: config.artifactsDir, products: PRODUCTS });
    log.info({ modelVersion: recommender.modelVersion }, 'recommender loaded');
    return { recommender, embeddingMap: projectEmbeddings(recommender) };
  } catch (err) {
    log.warn(
      { err: (err as Error).message },
      'recommender artifacts not loaded (npm run train -- --dataset synthetic); recommendation routes answer 503',
    );
    return undefined;
  }
}
