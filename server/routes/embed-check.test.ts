import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { EmbedCheckSchema } from '../../domain/api/embed-check.ts';
import { testConfig } from '../../lib/config/index.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { createApp } from '../app.ts';
import { mintCustomerToken } from '../http/auth.ts';

const SECRET = 'test-secret-test-secret-123';

function appWithLog() {
  const warnings: unknown[] = [];
  const log = { warn: (o: unknown) => warnings.push(o), info() {}, debug() {}, error() {}, fatal() {}, trace() {} };
  const deps = fakeAppDeps(undefined, {
    config: testConfig({ supervisorApiKeys: ['rm-key'], jwtSecret: SECRET, corsOrigins: ['https://bank.example'] }),
    log: log as never,
  });
  return { app: createApp(deps), warnings };
}

async function check(app: ReturnType<typeof createApp>, token: string, origin?: string) {
  const res = await app.request('http://meridian.test/api/embed/check', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...(origin ? { origin } : {}) },
    body: token,
  });
  expect(res.status).toBe(200);
  // Every origin may read the answer: allowed ones get their own origin back (CORS), others '*'.
  expect([origin, '*']).toContain(res.headers.get('access-control-allow-origin'));
  return EmbedCheckSchema.parse(await res.json());
}

describe('POST /api/embed/check', () => {
  it('ok for an allowed origin with a valid token for a known customer; the own origin is always allowed', async () => {
    const { app, warnings } = appWithLog();
    const { token } = await mintCustomerToken(SECRET, 'C000007');
    expect(await check(app, token, 'https://bank.example')).toMatchObject({ ok: true, problems: [] });
    expect((await check(app, token, 'http://meridian.test')).ok).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('names each problem and logs it: origin not allowed, token missing, expired, invalid, customer not found', async () => {
    const { app, warnings } = appWithLog();
    const { token } = await mintCustomerToken(SECRET, 'C000007');
    expect((await check(app, token, 'https://evil.example')).problems).toEqual(['origin_not_allowed']);
    expect((await check(app, '', 'https://bank.example')).problems).toEqual(['token_missing']);
    const expired = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('C000007')
      .setIssuer('meridian')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setJti('expired-one')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    expect((await check(app, expired)).problems).toEqual(['token_expired']);
    expect((await check(app, 'a.b.c')).problems).toEqual(['token_invalid']);
    const stranger = (await mintCustomerToken(SECRET, 'C9999999')).token;
    expect(await check(app, stranger)).toMatchObject({ problems: ['customer_not_found'], customerId: 'C9999999' });
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatchObject({ origin: 'https://evil.example', problems: ['origin_not_allowed'] });
  });
});
