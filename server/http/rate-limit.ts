import type { MiddlewareHandler } from 'hono';
import { TooManyRequestsError } from '../../lib/errors/index.ts';
import type { Metrics } from './metrics.ts';
import { getPrincipal } from './auth.ts';

/**
 * Per-credential token bucket: `perMinute` requests, refilled continuously. Anonymous requests are
 * bucketed by client address. A rejected request gets 429 with Retry-After (seconds until one
 * token is back). Buckets idle for > 10 minutes are dropped so memory stays bounded.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Returns 0 when allowed, else seconds to wait. */
  take(key: string): number {
    const t = this.now();
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * rate);
    b.at = t;
    this.buckets.set(key, b);
    if (t - this.lastSweep > 60_000) this.sweep(t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  private sweep(t: number) {
    this.lastSweep = t;
    for (const [k, b] of this.buckets) if (t - b.at > 600_000) this.buckets.delete(k);
  }
}

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
  metrics?: Metrics,
  store: RateLimitStore = localRateLimits(perMinute),
  clientAddress?: (c: Parameters<MiddlewareHandler>[0]) => string,
): MiddlewareHandler {
  return async (c, next) => {
    const p = getPrincipal(c);
    const key = p ? p.id : `ip:${clientAddress?.(c) ?? c.req.header('x-forwarded-for') ?? 'local'}`;
    const wait = await store.take(key);
    if (wait > 0) {
      metrics?.rateLimited.inc({ kind: p?.role ?? 'anonymous' });
      throw new TooManyRequestsError(`rate limit of ${perMinute} requests a minute exceeded`, wait);
    }
    await next();
  };
}
