import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../lib/config/index.ts';
import type { Logger } from '../lib/log/index.ts';
import type { VectorStore } from '../lib/vector-store/types.ts';
import type { Embedder } from '../ingest/embed/embedder.ts';
import { PRODUCTS } from '../ingest/catalog/index.ts';
import type { AppDeps, EmbeddingMapService } from './deps.ts';
import { createMetrics } from './http/metrics.ts';
import { createCustomerRepository } from './retrieval/customers.ts';
import { createRetrieval, type RetrievalHandle } from './retrieval/index.ts';
import { createReranker } from './retrieval/rerank/index.ts';
import type { Recommender } from './recommender/types.ts';

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

export const OPTIONAL_SERVICES: OptionalService[] = [];

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
      const { createGenerator } = await import('./generator/index.ts');
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
      log.error({ err: (err as Error).message, slot: service.slot }, 'optional service failed to start; its routes answer 503');
    }
  }
  return deps;
}

/**
 * RECSYS's recommender (server/recommender/index.ts: loadRecommender, projectEmbeddings) when the
 * module and the artifacts exist; otherwise undefined and the recommendation routes answer 503
 * (/readyz says why). Imported dynamically so the server starts before training has happened.
 */
export async function loadRecommenderIfPresent(config: Config, log: Logger): Promise<{ recommender: Recommender; embeddingMap?: EmbeddingMapService } | undefined> {
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), 'recommender', 'index.ts');
  if (!existsSync(file)) {
    log.warn('recommender module not present; recommendation routes answer 503');
    return undefined;
  }
  try {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const load = mod.loadRecommender as ((o: Record<string, unknown>) => Promise<Recommender>) | undefined;
    if (!load) throw new Error('server/recommender/index.ts has no loadRecommender');
    const recommender = await load({ config, artifactsDir: config.artifactsDir, products: PRODUCTS, log });
    const project = mod.projectEmbeddings as ((o: Record<string, unknown>) => Promise<EmbeddingMapService>) | undefined;
    const embeddingMap = project ? await embeddingMapFrom(project, recommender, config, log) : undefined;
    log.info({ modelVersion: recommender.modelVersion }, 'recommender loaded');
    return { recommender, embeddingMap };
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'recommender artifacts not loaded (run npm run train); recommendation routes answer 503');
    return undefined;
  }
}

async function embeddingMapFrom(project: (o: Record<string, unknown>) => Promise<EmbeddingMapService>, recommender: Recommender, config: Config, log: Logger): Promise<EmbeddingMapService | undefined> {
  try {
    return await project({ recommender, config, artifactsDir: config.artifactsDir, products: PRODUCTS, log });
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'embedding map unavailable');
    return undefined;
  }
}
