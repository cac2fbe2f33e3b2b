import { TooManyRequestsError } from '../../../lib/errors/index.ts';

/**
 * A fixed set of slots (the context's sequences) and a bounded FIFO queue of waiters. Beyond
 * `slots + queueLimit` concurrent requests, `acquire` fails at once with 429 and the position
 * the request would have had.
 */
export class SlotPool<T> {
  private free: T[];
  private waiting: { resolve: (slot: T) => void; reject: (e: unknown) => void; onPosition?: (p: number) => void }[] =
    [];

  constructor(
    slots: T[],
    readonly queueLimit: number,
  ) {
    this.free = [...slots];
  }

  get available(): number {
    return this.free.length;
  }
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a slot; `onPosition(n)` reports the 1-based queue position while waiting. */
  acquire(signal?: AbortSignal, onPosition?: (position: number) => void): Promise<T> {
    signal?.throwIfAborted();
    const slot = this.free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    if (this.waiting.length >= this.queueLimit) {
      const position = this.waiting.length + 1;
      return Promise.reject(
        new TooManyRequestsError(
          `Generation queue is full (${this.queueLimit} waiting); you would be number ${position}. Retry shortly.`,
          2,
          position,
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const entry = { resolve, reject, onPosition };
      this.waiting.push(entry);
      onPosition?.(this.waiting.length);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) {
            this.waiting.splice(i, 1);
            this.reportPositions();
            reject(signal.reason);
          }
        },
        { once: true },
      );
    });
  }

  release(slot: T): void {
    const next = this.waiting.shift();
    if (next) {
      this.reportPositions();
      next.resolve(slot);
    } else this.free.push(slot);
  }

  private reportPositions() {
    this.waiting.forEach((w, i) => w.onPosition?.(i + 1));
  }
}
