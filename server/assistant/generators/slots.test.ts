import { describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '../../../lib/errors/index.ts';
import { SlotPool } from './slots.ts';
import { AsyncQueue } from './async-queue.ts';

describe('SlotPool', () => {
  it('hands out slots, queues FIFO with positions, rejects beyond the queue with 429 + position', async () => {
    const pool = new SlotPool(['a', 'b'], 2);
    const a = await pool.acquire();
    const b = await pool.acquire();
    expect([a, b].sort()).toEqual(['a', 'b']);
    const positions: number[][] = [[], []];
    const w1 = pool.acquire(undefined, (p) => positions[0]!.push(p));
    const w2 = pool.acquire(undefined, (p) => positions[1]!.push(p));
    const err = await pool.acquire().catch((e) => e);
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect(err.status).toBe(429);
    expect(err.queuePosition).toBe(3);
    pool.release(a);
    expect(await w1).toBe(a);
    expect(positions[1]).toEqual([2, 1]);
    pool.release(b);
    expect(await w2).toBe(b);
    expect(pool.queued).toBe(0);
  });

  it('removes an aborted waiter from the queue', async () => {
    const pool = new SlotPool([1], 1);
    await pool.acquire();
    const ac = new AbortController();
    const waiting = pool.acquire(ac.signal);
    ac.abort(new Error('client gone'));
    await expect(waiting).rejects.toThrow('client gone');
    expect(pool.queued).toBe(0);
    pool.release(1);
    expect(pool.available).toBe(1);
  });
});

describe('AsyncQueue', () => {
  it('delivers pushed items in order, then ends or throws', async () => {
    const q = new AsyncQueue<number>();
    setTimeout(() => {
      q.push(1);
      q.push(2);
      q.close();
    }, 1);
    const got: number[] = [];
    for await (const x of q) got.push(x);
    expect(got).toEqual([1, 2]);
    const f = new AsyncQueue<number>();
    setTimeout(() => f.fail(new Error('boom')), 1);
    await expect(
      (async () => {
        for await (const _ of f) void _;
      })(),
    ).rejects.toThrow('boom');
  });
});
