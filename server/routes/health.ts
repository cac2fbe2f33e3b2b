import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import type { AppDeps } from '../deps.ts';

const ReadySchema = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional(), ms: z.number() })),
});

/**
 * /healthz: the process answers. /readyz: Chroma answers, the customers collection has data,
 * the embedder and reranker are loaded, the lexical index is built, the recommender is loaded
 * (when configured) and every extra readiness check passes. /metrics: Prometheus.
 */
export function healthRoutes(deps: AppDeps): App {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['ops'],
      responses: {
        200: {
          description: 'process is up',
          content: { 'application/json': { schema: z.object({ ok: z.literal(true), uptimeS: z.number() }) } },
        },
      },
    }),
    (c) => c.json({ ok: true as const, uptimeS: Math.round(process.uptime()) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['ops'],
      responses: {
        200: { description: 'ready', content: { 'application/json': { schema: ReadySchema } } },
        503: { description: 'not ready', content: { 'application/json': { schema: ReadySchema } } },
      },
    }),
    async (c) => {
      const checks: Record<string, (signal: AbortSignal) => Promise<string | undefined>> = {
        chroma: async (s) => {
          await deps.store.heartbeat(s);
          return undefined;
        },
        customers: async (s) => {
          const n = await deps.customers.count(s);
          if (n === 0) throw new Error('customers collection is empty (run npm run ingest)');
          return `${n} customers`;
        },
        embedder: async () => `${deps.embedder.id} (${deps.embedder.kind}, dim ${deps.embedder.dim})`,
        reranker: async () => `${deps.reranker.id} (${deps.reranker.kind})`,
        lexicalIndex: async () => {
          if (!deps.retrieval?.ready) throw new Error('BM25 index not built yet');
          return 'built';
        },
        recommender: async () => {
          if (!deps.recommender) throw new Error('recommender artifacts not loaded (run npm run train)');
          return deps.recommender.modelVersion;
        },
        ...deps.readinessChecks,
      };
      const results: z.infer<typeof ReadySchema>['checks'] = {};
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          const start = performance.now();
          try {
            const detail = await check(AbortSignal.timeout(2000));
            results[name] = { ok: true, ms: Math.round(performance.now() - start), ...(detail ? { detail } : {}) };
          } catch (err) {
            results[name] = { ok: false, ms: Math.round(performance.now() - start), detail: (err as Error).message };
          }
        }),
      );
      const ready = Object.values(results).every((r) => r.ok);
      if (!ready) c.header('Retry-After', '5');
      return c.json({ ready, checks: results }, ready ? 200 : 503);
    },
  );

  app.get('/metrics', async (c) => {
    const registry = deps.metrics!.registry;
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  });
  return app;
}
