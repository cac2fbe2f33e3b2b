import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFeedbackStore } from '../feedback/store.ts';
import { TemplateGenerator } from '../assistant/generators/template.ts';
import { mintCustomerToken } from '../http/auth.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { HeldGenerator } from '../../testkit/held-generator.ts';
import { listen, type RunningApp } from '../../testkit/http-server.ts';

/** CSP, self-hosted Swagger UI, ops endpoints, error shapes, 499 and who may rate an answer, over real HTTP. */
const SECRET = 'test-secret-test-secret-123';
const servers: RunningApp[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
async function start(config: Record<string, unknown> = {}, generator: unknown = new TemplateGenerator()) {
  const deps = fakeAppDeps(generator as never);
  deps.config = { ...deps.config, ...config };
  const s = await listen(deps);
  servers.push(s);
  return s;
}

describe('headers and assets', () => {
  it('every response has a CSP with script-src self and the configured frame-ancestors', async () => {
    const s = await start({ frameAncestors: ["'self'", 'https://bank.example'] });
    for (const path of ['/docs', '/openapi.json', '/api/customers/C000042', '/healthz']) {
      const csp = (await fetch(`${s.url}${path}`)).headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self';/);
      expect(csp, path).toMatch(/frame-ancestors 'self' https:\/\/bank\.example/);
      expect(csp, path).toMatch(/object-src 'none'/);
    }
  });

  it('/docs loads Swagger UI from this server only (no CDN), and the bundle is served', async () => {
    const s = await start();
    const html = await (await fetch(`${s.url}/docs`)).text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^\/docs\//);
      const res = await fetch(`${s.url}${ref}`);
      expect(res.status, ref).toBe(200);
    }
    expect(html).not.toMatch(/<script>[^<]/);
    expect((await fetch(`${s.url}/docs/../package.json`)).status).toBe(404);
  });
});

describe('/readyz and /metrics', () => {
  it('without a metrics token: open to loopback, closed to proxied clients', async () => {
    const s = await start();
    expect((await fetch(`${s.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${s.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(401);
    expect((await fetch(`${s.url}/readyz`, { headers: { forwarded: 'for=203.0.113.5' } })).status).toBe(401);
  });
  it('with a metrics token: only that bearer token', async () => {
    const s = await start({ metricsToken: 'm'.repeat(24) });
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer rm-key' } })).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${'m'.repeat(24)}` } })).status).toBe(
      200,
    );
  });
});

describe('request errors', () => {
  it('malformed JSON and a wrong content type name the field', async () => {
    const s = await start();
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${s.url}/api/feedback`, { method: 'POST', headers: { authorization: 'Bearer rm-key', ...headers }, body });
    const bad = await post({ 'content-type': 'application/json' }, '{"auditId":');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid_input', field: 'body' });
    const wrong = await post({ 'content-type': 'text/plain' }, '{}');
    expect(wrong.status).toBe(415);
    expect((await wrong.json()).error).toMatchObject({ code: 'unsupported_media_type', field: 'content-type' });
  });

  it('a client that disconnects before the headers is counted as 499, not 500', async () => {
    const held = new HeldGenerator();
    const s = await start({}, held);
    const { token } = await mintCustomerToken(SECRET, 'C000042');
    const ac = new AbortController();
    const pending = fetch(`${s.url}/api/chat`, {
      method: 'POST',
      signal: ac.signal,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      // Small talk needs no tool, so nothing is streamed before the (held) generator starts.
      body: JSON.stringify({ message: 'hello' }),
    }).catch(() => undefined);
    while (held.started < 1) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await pending;
    await new Promise((r) => setTimeout(r, 200));
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/meridian_http_errors_total\{code="client_closed"\} 1/);
    expect(metrics).toMatch(/route="\/api\/chat",status="499"/);
    expect(metrics).not.toMatch(/route="\/api\/chat",status="500"/);
  });

  it('only the principal who got an answer may rate it', async () => {
    const deps = fakeAppDeps(new TemplateGenerator(), {
      feedback: createFeedbackStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'meridian-fb-')), 'f.jsonl')),
    });
    const s = await listen(deps);
    servers.push(s);
    const customer = {
      authorization: `Bearer ${(await mintCustomerToken(SECRET, 'C000042')).token}`,
      'content-type': 'application/json',
    };
    const rm = { authorization: 'Bearer rm-key', 'content-type': 'application/json' };
    const ask = async (headers: Record<string, string>, body: object) => {
      const text = await (
        await fetch(`${s.url}/api/chat`, { method: 'POST', headers, body: JSON.stringify(body) })
      ).text();
      return /"auditId":"([^"]+)"/.exec(text)![1]!;
    };
    const rmAnswer = await ask(rm, { mode: 'rm', customerId: 'C000042', message: 'How is this client doing?' });
    const ownAnswer = await ask(customer, { message: 'Any advice?' });
    const rate = (headers: Record<string, string>, auditId: string) =>
      fetch(`${s.url}/api/feedback`, { method: 'POST', headers, body: JSON.stringify({ auditId, rating: 'down' }) });
    expect((await rate(customer, rmAnswer)).status).toBe(403);
    expect((await rate(rm, ownAnswer)).status).toBe(403);
    expect((await rate(customer, ownAnswer)).status).toBe(201);
    expect((await rate(rm, rmAnswer)).status).toBe(201);
  });
});
