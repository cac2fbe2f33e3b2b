import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createApp } from './app.ts';
import { createMetrics } from './http/metrics.ts';
import { matchesConstraints } from './retrieval/filter/index.ts';
import { startTestStack, type TestStack } from '../eval/stack/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ customers: 300 });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  stack.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });

describe('RM search over real Chroma', () => {
  it('parses the filter, returns top k with dense/lexical/fused/rerank scores, reasons and timings', async () => {
    const res = await post(
      '/api/rm/search',
      { query: 'customers with credit score over 700 interested in investment products', k: 3 },
      stack.rm(),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.parsed.where).toEqual({ creditScore: { $gt: 700 } });
    expect(body.parsed.semanticQuery).toBe('customers interested in investment products');
    expect(body.results).toHaveLength(3);
    for (const r of body.results) {
      expect(r.metadata.creditScore).toBeGreaterThan(700);
      expect(r.reason).toMatch(/: credit score \d{3}, above 700/);
      expect(typeof r.scores.fused).toBe('number');
      expect(typeof r.scores.rerank).toBe('number');
      expect(r.metadata.profile).toBeUndefined();
    }
    expect(body.results.some((r: { scores: { dense: number | null } }) => r.scores.dense !== null)).toBe(true);
    expect(body.timings.total).toBeGreaterThan(0);
    expect(body.reranker).toMatch(/^fallback/);
  });

  it('property: every returned customer satisfies every parsed constraint (real Chroma where + BM25 filter)', async () => {
    const phrase = fc.oneof(
      fc.integer({ min: 550, max: 800 }).map((n) => `credit score over ${n}`),
      fc.integer({ min: 20, max: 150 }).map((n) => `income above £${n}k`),
      fc
        .tuple(fc.integer({ min: 20, max: 60 }), fc.integer({ min: 5, max: 25 }))
        .map(([a, d]) => `aged between ${a} and ${a + d}`),
      fc.constantFrom(
        'nearing retirement',
        'young professionals',
        'retirees',
        'high-income',
        'affluent',
        'risk-averse',
        'high risk tolerance',
        'without a mortgage',
        'who hold a credit card',
        'with a cash ISA',
        'with no pension',
        'who hold a fund or a brokerage account',
        'good credit',
      ),
    );
    const intent = fc.constantFrom(
      'interested in investment products',
      'saving for a home',
      'who travel a lot',
      'planning retirement income',
      'looking to consolidate debt',
      '',
    );
    const variant = fc.constantFrom('dense', 'bm25', 'hybrid', 'hybrid+rerank');
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(phrase, { minLength: 1, maxLength: 2 }), intent, variant, async (phrases, want, v) => {
        const res = await post(
          '/api/rm/search',
          { query: `customers ${phrases.join(' and ')} ${want}`.trim(), k: 10, variant: v },
          stack.rm(),
        );
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.parsed.constraints.length).toBeGreaterThan(0);
        if (!body.results.length) return;
        const full = await stack.deps.store.get('customers', {
          ids: body.results.map((r: { customerId: string }) => r.customerId),
          include: ['metadatas'],
        });
        expect(full).toHaveLength(body.results.length);
        for (const r of full) expect(matchesConstraints(r.metadata, body.parsed.constraints)).toBe(true);
        checked += full.length;
      }),
      { numRuns: 200, seed: 4242 },
    );
    expect(checked).toBeGreaterThan(300);
  }, 180_000);
});

describe('chat grounding passages', () => {
  it('retrievePassages returns the top 3 reranked product/knowledge passages', async () => {
    const customer = stack.customers[0];
    const passages = await stack.deps.retrieval.retrievePassages(
      'What is the interest rate on the Cash ISA and can I withdraw money?',
      customer,
    );
    expect(passages).toHaveLength(3);
    for (const p of passages) {
      expect(['products', 'knowledge']).toContain(p.collection);
      expect(typeof p.score).toBe('number');
      expect(p.text.length).toBeGreaterThan(0);
    }
    expect(passages.some((p) => p.productId === 'savings-isa')).toBe(true);
    expect(passages[0].score).toBeGreaterThanOrEqual(passages[2].score);
  });
});

describe('auth and customer isolation', () => {
  it('RM routes need an RM credential', async () => {
    expect((await post('/api/rm/search', { query: 'x' }, { 'content-type': 'application/json' })).status).toBe(401);
    const id = stack.customers[0].id;
    expect((await post('/api/rm/search', { query: 'x' }, await stack.asCustomer(id))).status).toBe(403);
    expect(
      (
        await post(
          '/api/rm/search',
          { query: 'x' },
          { authorization: 'Bearer wrong', 'content-type': 'application/json' },
        )
      ).status,
    ).toBe(401);
  });

  it('a customer token reads only its own customer, whatever the request says', async () => {
    const [me, other] = stack.customers;
    const headers = await stack.asCustomer(me.id);
    const own = await stack.app.request(`/api/customers/${me.id}`, { headers });
    expect(own.status).toBe(200);
    expect((await own.json()).id).toBe(me.id);
    for (const path of [
      `/api/customers/${other.id}`,
      `/api/customers/${other.id}/recommendations`,
      `/api/customers/${other.id}/embedding-map`,
    ]) {
      const res = await stack.app.request(path, { headers });
      expect(res.status, path).toBe(403);
      expect(JSON.stringify(await res.json())).not.toContain(other.name);
    }
    // A customer cannot mint tokens, and an RM can (for an existing customer only).
    expect((await post('/api/auth/customer-token', { customerId: other.id }, headers)).status).toBe(403);
    const minted = await post('/api/auth/customer-token', { customerId: other.id }, stack.rm());
    expect(minted.status).toBe(200);
    expect((await post('/api/auth/customer-token', { customerId: 'C9999999' }, stack.rm())).status).toBe(404);
    const tok = (await minted.json()).token;
    const asOther = await stack.app.request(`/api/customers/${other.id}`, {
      headers: { authorization: `Bearer ${tok}` },
    });
    expect((await asOther.json()).name).toBe(other.name);
  });

  it('RMs read any profile', async () => {
    const c = stack.customers[5];
    const res = await stack.app.request(`/api/customers/${c.id}`, { headers: stack.rm() });
    expect(await res.json()).toEqual(c);
    expect((await stack.app.request('/api/customers/C9999999', { headers: stack.rm() })).status).toBe(404);
  });
});

describe('recommendations (tiny trained two-tower)', () => {
  it('GET /api/customers/:id/recommendations → top-k after suitability with SHAP, exclusions and product details', async () => {
    const c = stack.customers[3];
    const res = await stack.app.request(`/api/customers/${c.id}/recommendations?k=5`, {
      headers: await stack.asCustomer(c.id),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.customerId).toBe(c.id);
    expect(body.items).toHaveLength(5);
    for (const item of body.items) {
      expect(item.product.id).toBe(item.productId);
      expect(c.productsHeld).not.toContain(item.productId);
      const shap = item.explanation;
      const sum = shap.contributions.reduce((a: number, x: { value: number }) => a + x.value, shap.baseValue);
      expect(sum).toBeCloseTo(item.score, 3);
    }
    expect(body.excluded.length).toBeGreaterThan(0);
    expect(body.excluded[0]).toMatchObject({ rule: expect.any(String), detail: expect.any(String) });
    expect(
      (await stack.app.request(`/api/customers/${c.id}/recommendations?k=0`, { headers: stack.rm() })).status,
    ).toBe(400);
  });

  it('POST /api/recommendations scores an ad-hoc profile; bad profiles name the field', async () => {
    const { id: _id, name: _name, ...profile } = stack.customers[7];
    const res = await post('/api/recommendations', { profile, k: 3 }, stack.rm());
    expect(res.status).toBe(200);
    expect((await res.json()).items).toHaveLength(3);
    const bad = await post('/api/recommendations', { profile: { ...profile, creditScore: 9000 } }, stack.rm());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('profile.creditScore');
  });

  it('embedding map: a customer sees products and only themselves', async () => {
    const c = stack.customers[2];
    const asRm = await (
      await stack.app.request(`/api/customers/${c.id}/embedding-map`, { headers: stack.rm() })
    ).json();
    expect(asRm.points.some((p: { id: string }) => p.id === c.id)).toBe(true);
    expect(asRm.points.filter((p: { kind: string }) => p.kind === 'product').length).toBeGreaterThan(10);
    const mine = await (
      await stack.app.request(`/api/customers/${c.id}/embedding-map`, { headers: await stack.asCustomer(c.id) })
    ).json();
    expect(mine.points.every((p: { kind: string; id: string }) => p.kind === 'product' || p.id === c.id)).toBe(true);
  });

  it('/readyz is ready when Chroma, data, models, BM25 index and recommender are all there', async () => {
    const res = await stack.app.request('/readyz');
    const body = await res.json();
    expect(body.checks.recommender.ok).toBe(true);
    expect(res.status).toBe(body.ready ? 200 : 503);
    expect(body.ready).toBe(Object.values(body.checks).every((c) => (c as { ok: boolean }).ok));
  });
});

describe('HTTP hygiene', () => {
  it('bad input → 400 naming the field; malformed JSON and oversize bodies rejected', async () => {
    const bad = await post('/api/rm/search', { query: 'x', k: 0 }, stack.rm());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid_input', field: 'k' });
    const empty = await post('/api/rm/search', { query: '   ' }, stack.rm());
    expect((await empty.json()).error.field).toBe('query');
    const badId = await stack.app.request('/api/customers/..%2Fetc', { headers: stack.rm() });
    expect(badId.status).toBe(400);
    const malformed = await stack.app.request('/api/rm/search', {
      method: 'POST',
      headers: stack.rm(),
      body: '{"query":',
    });
    expect(malformed.status).toBe(400);
    const big = await post('/api/rm/search', { query: 'x'.repeat(200_000) }, stack.rm());
    expect(big.status).toBe(413);
  });

  it('CORS only for configured origins; secure headers; request ids', async () => {
    const ok = await stack.app.request('/healthz', { headers: { origin: 'http://localhost:3000' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('x-request-id')).toBeTruthy();
    const evil = await stack.app.request('/healthz', { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('per-credential rate limit → 429 with Retry-After', async () => {
    const app = createApp({ ...stack.deps, metrics: createMetrics(), config: { ...stack.config, rateLimitPerMin: 2 } });
    const call = () => app.request(`/api/customers/${stack.customers[0].id}`, { headers: stack.rm() });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another credential has its own bucket.
    expect(
      (
        await app.request(`/api/customers/${stack.customers[1].id}`, {
          headers: await stack.asCustomer(stack.customers[1].id),
        })
      ).status,
    ).toBe(200);
  });

  it('request deadline → 504', async () => {
    const slow = { ...stack.deps.retrieval, search: () => new Promise<never>(() => {}) };
    const app = createApp({
      ...stack.deps,
      retrieval: slow as never,
      metrics: createMetrics(),
      config: { ...stack.config, requestTimeoutMs: 150 },
    });
    const res = await app.request('/api/rm/search', {
      method: 'POST',
      headers: stack.rm(),
      body: JSON.stringify({ query: 'x' }),
    });
    expect(res.status).toBe(504);
  });

  it('serves OpenAPI, Swagger UI, metrics with route histograms and retrieval stages', async () => {
    const doc = await (await stack.app.request('/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/rm/search',
        '/api/customers/{id}',
        '/api/customers/{id}/recommendations',
        '/api/recommendations',
        '/api/auth/customer-token',
      ]),
    );
    expect((await stack.app.request('/docs')).status).toBe(200);
    const metrics = await (await stack.app.request('/metrics')).text();
    expect(metrics).toContain('meridian_http_request_duration_seconds_bucket');
    expect(metrics).toContain('route="/api/rm/search"');
    expect(metrics).toMatch(/meridian_retrieval_stage_seconds_count\{stage="rerank"\} [1-9]/);
  });
});

describe('Chroma outage', () => {
  it('503 + Retry-After while Chroma is down, process stays up, recovers when it returns', async () => {
    await stack.stopChroma();
    const down = await post('/api/rm/search', { query: 'customers saving for a home' }, stack.rm());
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBeTruthy();
    expect((await stack.app.request(`/api/customers/${stack.customers[0].id}`, { headers: stack.rm() })).status).toBe(
      503,
    );
    expect((await stack.app.request('/healthz')).status).toBe(200);
    const ready = await stack.app.request('/readyz');
    expect(ready.status).toBe(503);
    expect((await ready.json()).checks.chroma.ok).toBe(false);
    await stack.restartChroma();
    const up = await post('/api/rm/search', { query: 'customers saving for a home' }, stack.rm());
    expect(up.status).toBe(200);
    expect((await up.json()).results.length).toBe(3);
    expect((await (await stack.app.request('/readyz')).json()).checks.chroma.ok).toBe(true);
  }, 120_000);
});
