import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { UnavailableError, ValidationError } from '../../lib/errors/index.ts';
import { silentLogger } from '../../lib/log/index.ts';
import { authenticate, mintCustomerToken, mintStaffToken } from './auth.ts';
import { errorResponse } from './errors.ts';
import { TokenBuckets } from './token-buckets.ts';

const opts = {
  rmApiKeys: [{ rmId: 'rm-01', key: 'rm-key-1' }],
  supervisorApiKeys: ['supervisor-key-1'],
  jwtSecret: 'a-secret-of-at-least-16-chars',
};

describe('auth', () => {
  it('accepts RM and supervisor API keys and JWTs (an RM carries its book), customer JWTs scoped to one id', async () => {
    expect(await authenticate('Bearer rm-key-1', opts)).toMatchObject({ role: 'rm', via: 'api-key', rmId: 'rm-01' });
    expect(await authenticate('Bearer supervisor-key-1', opts)).toMatchObject({ role: 'supervisor', via: 'api-key' });
    expect(
      await authenticate(`Bearer ${await mintStaffToken(opts.jwtSecret, { role: 'rm', id: 'alice' })}`, opts),
    ).toEqual({ role: 'rm', id: 'rm:alice', via: 'jwt', rmId: 'alice' });
    expect(
      await authenticate(`Bearer ${await mintStaffToken(opts.jwtSecret, { role: 'supervisor', id: 'sam' })}`, opts),
    ).toEqual({ role: 'supervisor', id: 'supervisor:sam', via: 'jwt' });
    const { token } = await mintCustomerToken(opts.jwtSecret, 'C000042');
    expect(await authenticate(`Bearer ${token}`, opts)).toEqual({
      role: 'customer',
      id: 'customer:C000042',
      customerId: 'C000042',
    });
    expect(await authenticate(undefined, opts)).toBeUndefined();
  });
  it('rejects wrong keys, forged or expired tokens', async () => {
    await expect(authenticate('Bearer nope', opts)).rejects.toMatchObject({ status: 401 });
    await expect(authenticate('Basic abc', opts)).rejects.toMatchObject({ status: 401 });
    const { token } = await mintCustomerToken('another-secret-16-chars!!', 'C1');
    await expect(authenticate(`Bearer ${token}`, opts)).rejects.toMatchObject({ status: 401 });
    await expect(mintCustomerToken(opts.jwtSecret, '../etc')).rejects.toMatchObject({ field: 'customerId' });
  });
});

describe('rate limit token buckets', () => {
  it('allows the budget, then asks to retry after the refill time, per key', () => {
    let t = 0;
    const b = new TokenBuckets(3, () => t);
    expect([b.take('k'), b.take('k'), b.take('k')]).toEqual([0, 0, 0]);
    expect(b.take('k')).toBe(20); // 1 token per 20 s at 3/min
    expect(b.take('other')).toBe(0);
    t += 20_000;
    expect(b.take('k')).toBe(0);
  });
});

describe('error mapping', () => {
  const app = new Hono();
  app.get('/v', () => {
    throw new ValidationError('query', 'must not be empty');
  });
  app.get('/u', () => {
    throw new UnavailableError('Chroma down', 7);
  });
  app.get('/x', () => {
    throw new Error('secret detail');
  });
  app.onError((err, c) => errorResponse(err, c, silentLogger));
  it('maps typed errors to status + JSON naming the field; hides internals', async () => {
    const v = await app.request('/v');
    expect(v.status).toBe(400);
    expect(await v.json()).toMatchObject({ error: { code: 'invalid_input', field: 'query' } });
    const u = await app.request('/u');
    expect(u.status).toBe(503);
    expect(u.headers.get('retry-after')).toBe('7');
    const x = await app.request('/x');
    expect(x.status).toBe(500);
    expect(JSON.stringify(await x.json())).not.toContain('secret detail');
  });
});
