import { testConfig } from '../lib/config/index.ts';
import { silentLogger } from '../lib/log/index.ts';
import { UnavailableError } from '../lib/errors/index.ts';
import { PRODUCTS } from '../domain/catalog/index.ts';
import type { Customer } from '../domain/index.ts';
import { createApp } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { createMetrics } from '../server/http/metrics.ts';
import { unavailablePart } from './unavailable.ts';

/**
 * The real app (createApp, auth, error mapping, route registration) for route tests of the
 * routes, with in-memory customers. Retrieval, vector store, embedder and reranker are not used by
 * these routes: they are present only to satisfy AppDeps and answer 503 if anything touches them.
 */
export const TEST_RM_KEY = 'behaviour-test-rm-key';

export function behaviourTestApp(customers: Customer[], extra: Partial<AppDeps>) {
  const config = testConfig({ supervisorApiKeys: [TEST_RM_KEY] });
  const unavailable = () => {
    throw new UnavailableError('not part of this test app');
  };
  const byId = new Map(customers.map((c) => [c.id, c]));
  const deps: AppDeps = {
    config,
    log: silentLogger,
    metrics: createMetrics(),
    store: unavailablePart<AppDeps['store']>('store'),
    embedder: { id: 'none', kind: 'offline', dim: 1, fileHash: 'none', embed: async () => unavailable() },
    reranker: unavailablePart<AppDeps['reranker']>('reranker'),
    retrieval: { ready: false, search: async () => unavailable(), retrievePassages: async () => unavailable() },
    customers: { get: async (id) => byId.get(id), count: async () => byId.size },
    products: PRODUCTS,
    ...extra,
  };
  return { app: createApp(deps), config, deps };
}
