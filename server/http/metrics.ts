import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus instruments, one registry per app (tests build several apps in one process, so the
 * global default registry is never used). Every part records into these through `deps.metrics`:
 * `metrics.queueDepth.set({ queue: 'llm' }, n)`, `metrics.stage.observe({ stage: 'rerank' }, s)`.
 */
export interface Metrics {
  registry: Registry;
  /** Request latency per route pattern, method and status. */
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Retrieval stage timings (parse, embed, vector, bm25, fuse, rerank, total). */
  stage: Histogram<'stage'>;
  /** Depth of work queues (e.g. `llm`), set by their owners. */
  queueDepth: Gauge<'queue'>;
  /** Requests rejected by the rate limiter. */
  rateLimited: Counter<'kind'>;
  /** Errors answered, by code. */
  errors: Counter<'code'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'meridian_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'meridian_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    stage: new Histogram({
      name: 'meridian_retrieval_stage_seconds',
      help: 'Retrieval stage timings',
      labelNames: ['stage'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'meridian_queue_depth',
      help: 'Items waiting in work queues',
      labelNames: ['queue'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'meridian_rate_limited_total',
      help: 'Requests rejected with 429',
      labelNames: ['kind'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'meridian_http_errors_total',
      help: 'Error responses by code',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}
