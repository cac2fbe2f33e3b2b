import { createHash } from 'node:crypto';
import os from 'node:os';
import { Piscina } from 'piscina';
import { NotFoundError, TimeoutError, TooManyRequestsError } from '../../../lib/errors/index.ts';
import type { Customer, Product } from '../../../domain/index.ts';
import type { ProductScore, Recommendations, Recommender, ShapExplanation } from '../types.ts';
import type { PoolResult, PoolTask, PoolWorkerData } from './protocol.ts';

/**
 * The recommender served from a pool of worker threads (piscina), so scoring and SHAP — about a
 * second of CPU per explained customer — never run on the event loop that answers every other
 * request. Same `Recommender` interface as the in-process model.
 *
 * - Threads: one per core by default; workers load the artifacts when the pool starts.
 * - Queue: bounded; a call that finds it full rejects at once with TooManyRequestsError (HTTP 429,
 *   Retry-After 1) instead of waiting behind minutes of work.
 * - Cancellation: `signal` (the request's, aborted when the client goes away) drops queued work and
 *   stops running work (piscina terminates that worker and starts a fresh one); every task also has
 *   a timeout (TimeoutError, 504).
 * - SHAP: one pass explains every product, so the whole map is cached per (model version, customer,
 *   customer profile hash) — an LRU of `shapCacheSize` customers — and later calls for the same
 *   customer, whatever their k, run only the scoring pass.
 */
export interface PooledRecommenderOptions {
  artifactsDir: string;
  products: readonly Product[];
  /** The model version of the artifacts (the in-process model's), for the interface and the cache key. */
  modelVersion: string;
  /** Product ids the model scores (scoreProduct rejects others before queueing). */
  productIds: readonly string[];
  /** Worker threads (default: os.availableParallelism()). */
  threads?: number;
  /** Tasks waiting beyond the running ones before calls are refused (default 64). */
  maxQueue?: number;
  /** Longest a task may wait + run (default 30 s). */
  taskTimeoutMs?: number;
  /** Customers whose SHAP maps are kept (default 256). */
  shapCacheSize?: number;
  shapBackground?: number;
  batchRows?: number;
  /** Niceness of the worker threads (default 0: as the server). */
  nice?: number;
}

export interface PooledRecommender extends Recommender {
  /** Tasks waiting for a worker now. */
  readonly queueSize: number;
  readonly threads: number;
  close(): Promise<void>;
}

const WORKER = new URL('./worker.mjs', import.meta.url);
/** Customers per scoreProduct task: enough rows for one efficient forward pass, small enough to spread over the workers. */
const SCORE_CHUNK = 2048;

export function createPooledRecommender(options: PooledRecommenderOptions): PooledRecommender {
  const threads = Math.max(1, options.threads || os.availableParallelism());
  const maxQueue = options.maxQueue ?? 64;
  const timeoutMs = options.taskTimeoutMs ?? 30_000;
  const workerData: PoolWorkerData = {
    artifactsDir: options.artifactsDir,
    products: options.products,
    shapBackground: options.shapBackground,
    batchRows: options.batchRows,
    nice: options.nice,
  };
  const pool = new Piscina({
    filename: WORKER.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData,
  });
  const shapCache = new LruCache<Map<string, ShapExplanation>>(options.shapCacheSize ?? 256);
  const known = new Set(options.productIds);

  // The bound is counted here (running + waiting) rather than by piscina's maxQueue, which admits
  // extra tasks while workers are starting.
  let inFlight = 0;
  async function run<T extends PoolTask>(task: T, signal: AbortSignal | undefined): Promise<PoolResult<T>> {
    signal?.throwIfAborted();
    if (inFlight >= threads + maxQueue)
      throw new TooManyRequestsError(
        `the recommender is busy (${inFlight - threads} tasks queued on ${threads} threads); retry shortly`,
        1,
        inFlight - threads,
      );
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    inFlight++;
    try {
      return (await pool.run(task, { signal: combined })) as PoolResult<T>;
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) throw new TimeoutError(`recommender ${task.op} timed out after ${timeoutMs} ms`);
      throw err;
    } finally {
      inFlight--;
    }
  }

  return {
    modelVersion: options.modelVersion,
    threads,
    get queueSize() {
      return Math.max(0, inFlight - threads);
    },
    async recommend(customer, { k, explain, signal } = {}): Promise<Recommendations> {
      const key = explain ? shapKey(options.modelVersion, customer) : undefined;
      const cached = key ? shapCache.get(key) : undefined;
      const { recommendations, explanations } = await run(
        { op: 'recommend', customer, k: k ?? 5, explainAll: key !== undefined && !cached },
        signal,
      );
      const shap = cached ?? (explanations ? new Map(explanations) : undefined);
      if (key && shap && !cached) shapCache.set(key, shap);
      if (shap) for (const item of recommendations.items) item.explanation = shap.get(item.productId);
      return recommendations;
    },
    async scoreProduct(customers, productId, { signal } = {}): Promise<ProductScore[]> {
      if (!known.has(productId)) throw new NotFoundError(`the recommender does not know product ${productId}`);
      const chunks: Customer[][] = [];
      for (let i = 0; i < customers.length; i += SCORE_CHUNK) chunks.push(customers.slice(i, i + SCORE_CHUNK));
      const parts = await Promise.all(chunks.map((c) => run({ op: 'scoreProduct', customers: c, productId }, signal)));
      return parts.flat();
    },
    async scoreMatrix(customers) {
      const chunks: Customer[][] = [];
      for (let i = 0; i < customers.length; i += SCORE_CHUNK) chunks.push(customers.slice(i, i + SCORE_CHUNK));
      const parts = await Promise.all(chunks.map((c) => run({ op: 'scoreMatrix', customers: c }, undefined)));
      const scores = new Float32Array(customers.length * options.productIds.length);
      let offset = 0;
      for (const part of parts) {
        scores.set(part, offset);
        offset += part.length;
      }
      return { productIds: options.productIds, scores };
    },
    async close() {
      await pool.destroy();
    },
  };
}

/** (model version, customer id, hash of the profile): a changed profile is a new entry. */
function shapKey(modelVersion: string, customer: Customer): string {
  const profile = createHash('sha1').update(JSON.stringify(customer)).digest('base64url');
  return `${modelVersion}\u0000${customer.id}\u0000${profile}`;
}

/** Least-recently-used cache over a Map's insertion order. */
class LruCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
