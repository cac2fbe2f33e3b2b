import type { MiddlewareHandler } from 'hono';
import { TooManyRequestsError } from '../../lib/errors/index.ts';
import type { Metrics } from './metrics.ts';
import { getPrincipal } from './auth.ts';
import { TokenBuckets } from './token-buckets.ts';

/**
 * Per-credential rate limit (a token bucket of `perMinute`); anonymous requests are bucketed by
 * client address (server/http/client-address.ts: proxy headers only from a trusted proxy). A
 * rejected request gets 429 with Retry-After.
 */
/**
 * Where the buckets live: this process (TokenBuckets) or a store shared by every instance
 * (PostgreSQL), so a client cannot multiply its limit by the number of instances.
 */
export interface RateLimitStore {
  /** Takes one token from `key`'s bucket: 0 when allowed, else seconds until one is back. */
  take(key: string): Promise<number>;
}

/** The buckets of this process, as a RateLimitStore. */
export function localRateLimits(perMinute: number): RateLimitStore {
  const buckets = new TokenBuckets(perMinute);
  return { take: async (key) => buckets.take(key) };
}

export function rateLimitMiddleware(
  perMinute: number,
  clientAddress: (c: Parameters<MiddlewareHandler>[0]) => string,
  metrics?: Metrics,
  store: RateLimitStore = localRateLimits(perMinute),
): MiddlewareHandler {
  return async (c, next) => {
    const p = getPrincipal(c);
    const key = p ? p.id : `ip:${clientAddress(c)}`;
    const wait = await store.take(key);
    if (wait > 0) {
      metrics?.rateLimited.inc({ kind: p?.role ?? 'anonymous' });
      throw new TooManyRequestsError(`rate limit of ${perMinute} requests a minute exceeded`, wait);
    }
    await next();
  };
}

/**
 * Chats streaming at once per principal. `enter` returns a release function, or throws 429 with
 * Retry-After when the principal already has `limit` chats open: one caller cannot hold every
 * generation slot.
 */
export class ConcurrencyLimiter {
  private readonly open = new Map<string, number>();
  constructor(
    private readonly limit: number,
    private readonly retryAfterS = 2,
  ) {}

  enter(key: string): () => void {
    const n = this.open.get(key) ?? 0;
    if (n >= this.limit)
      throw new TooManyRequestsError(
        `at most ${this.limit} chats at once per caller; wait for one to finish`,
        this.retryAfterS,
      );
    this.open.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left <= 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }
}
