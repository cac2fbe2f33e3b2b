/** A push-to-pull bridge: callbacks (onTextChunk) push, an async iterator pulls. Unbounded; producers are token-rate limited. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiters: ((r: IteratorResult<T>) => void)[] = [];
  private failWaiters: ((e: unknown) => void)[] = [];
  private closed = false;
  private error: unknown = undefined;

  push(item: T): void {
    if (this.closed) return;
    const w = this.waiters.shift();
    this.failWaiters.shift();
    if (w) w({ value: item, done: false });
    else this.items.push(item);
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w({ value: undefined, done: true });
    this.failWaiters = [];
  }

  fail(error: unknown): void {
    if (this.closed) return;
    this.error = error;
    this.closed = true;
    for (const f of this.failWaiters.splice(0)) f(error);
    this.waiters = [];
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      if (this.items.length) {
        yield this.items.shift()!;
        continue;
      }
      if (this.error !== undefined) throw this.error;
      if (this.closed) return;
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
        this.waiters.push(resolve);
        this.failWaiters.push(reject);
      });
      if (next.done) return;
      yield next.value;
    }
  }
}
