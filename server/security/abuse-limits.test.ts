import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { testConfig } from '../../lib/config/index.ts';
import { TemplateGenerator } from '../assistant/generators/template.ts';
import { mintCustomerToken } from '../http/auth.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { HeldGenerator } from '../../testkit/held-generator.ts';
import { listen, type RunningApp } from '../../testkit/http-server.ts';

/** Guessing credentials, spoofing X-Forwarded-For, and one caller holding every chat slot, over real HTTP. */
const SECRET = 'test-secret-test-secret-123';
const servers: RunningApp[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
const start = async (config: Partial<ReturnType<typeof testConfig>>, generator = new TemplateGenerator()) => {
  const deps = fakeAppDeps(generator);
  deps.config = { ...deps.config, ...config };
  const s = await listen(deps);
  servers.push(s);
  return s;
};
const profile = (s: RunningApp, auth: string, extra: Record<string, string> = {}) =>
  fetch(`${s.url}/api/customers/C000042`, { headers: { authorization: auth, ...extra } });

describe('failed-authentication throttling', () => {
  it('after N wrong keys a client address gets 429 with Retry-After, even for a right key, and spoofed X-Forwarded-For does not reset it', async () => {
    const s = await start({ authFailuresPerMin: 5 });
    for (let i = 0; i < 5; i++) expect((await profile(s, `Bearer guess-${i}`)).status).toBe(401);
    const blocked = await profile(s, 'Bearer guess-6');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await profile(s, 'Bearer rm-key')).status).toBe(429);
    expect((await profile(s, 'Bearer guess-7', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    // Requests without a credential are not what is throttled here (they get the anonymous bucket).
    expect((await fetch(`${s.url}/api/customers/C000042`)).status).toBe(401);
  });

  it('believes X-Forwarded-For only from a proxy named in MERIDIAN_TRUST_PROXY', async () => {
    const s = await start({ authFailuresPerMin: 2, trustProxy: ['127.0.0.1'] });
    const from = (ip: string) => ({ 'x-forwarded-for': `198.51.100.1, ${ip}` });
    for (let i = 0; i < 2; i++) await profile(s, 'Bearer wrong', from('203.0.113.1'));
    expect((await profile(s, 'Bearer wrong', from('203.0.113.1'))).status).toBe(429);
    // Another client behind the same proxy has its own bucket (the rightmost untrusted address).
    expect((await profile(s, 'Bearer rm-key', from('203.0.113.2'))).status).toBe(200);
  });
});

describe('concurrent chats per principal', () => {
  const held = new HeldGenerator();
  afterEach(() => held.releaseAll());
  it('a third chat from the same caller gets 429 with Retry-After; another caller is unaffected; slots free when chats end', async () => {
    const s = await start({ chatsPerPrincipal: 2 }, held as never);
    const token = async (id: string) => ({
      authorization: `Bearer ${(await mintCustomerToken(SECRET, id)).token}`,
      'content-type': 'application/json',
    });
    const a = await token('C000042');
    const chat = (headers: Record<string, string>) =>
      fetch(`${s.url}/api/chat`, { method: 'POST', headers, body: JSON.stringify({ message: 'Any advice?' }) });
    const open = [chat(a), chat(a)];
    while (held.started < 2) await new Promise((r) => setTimeout(r, 10));
    const third = await chat(a);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('2');
    expect((await third.json()).error.message).toMatch(/at most 2 chats at once/);
    const other = chat(await token('C000007'));
    while (held.started < 3) await new Promise((r) => setTimeout(r, 10));
    held.releaseAll();
    for (const res of await Promise.all([...open, other])) {
      expect(res.status).toBe(200);
      await res.text();
    }
    const again = chat(a);
    while (held.started < 4) await new Promise((r) => setTimeout(r, 10));
    held.releaseAll();
    expect((await again).status).toBe(200);
  });
});
