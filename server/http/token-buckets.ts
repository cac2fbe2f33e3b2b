/**
 * Token buckets by key: `perMinute` tokens, refilled continuously; `take` answers the seconds until
 * one token is back when the bucket is empty. Buckets idle for > 10 minutes are dropped so memory stays bounded.
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
    const b = this.refill(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return this.waitFor(b);
  }

  /** Like take, without spending: 0 when a token is there, else seconds to wait. */
  peek(key: string): number {
    const b = this.refill(key);
    return b.tokens >= 1 ? 0 : this.waitFor(b);
  }

  private refill(key: string): { tokens: number; at: number } {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * (this.perMinute / 60_000));
    b.at = t;
    this.buckets.set(key, b);
    if (t - this.lastSweep > 60_000) this.sweep(t);
    return b;
  }

  private waitFor(b: { tokens: number }): number {
    return Math.max(1, Math.ceil((1 - b.tokens) / (this.perMinute / 60_000) / 1000));
  }

  private sweep(t: number) {
    this.lastSweep = t;
    for (const [k, b] of this.buckets) if (t - b.at > 600_000) this.buckets.delete(k);
  }
}
