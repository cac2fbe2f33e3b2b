import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { MemoryAuditLog } from '../audit/index.ts';
import { mintCustomerToken } from '../http/auth.ts';
import type { LlamaGenerator } from './generators/llama.ts';
import { tinyLlama } from '../../testkit/llama-model.ts';
import type { GenerateRequest } from './generators/types.ts';
import { InMemoryConversationStore } from './index.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { createChatService } from '../bootstrap.ts';
import { parseUiMessageStream } from '../../web/src/shared/sse.ts';

/**
 * /api/chat on the REAL node-llama-cpp path (stories260K: babble, so mechanics only): streaming
 * through the route, grammar-valid output, guardrail repair of real model output, abort on
 * disconnect. The grammar is left unconstrained on productId and forced to ≥1 recommendation,
 * so the model's invented product ids must be caught by the guardrails.
 */
const shortPrompt = (r: GenerateRequest) => [
  { role: 'system' as const, content: 'Once upon a time there was a bank.' },
  { role: 'user' as const, content: r.message },
];

let gen: LlamaGenerator;
let app: ReturnType<typeof createApp>;
const audit = new MemoryAuditLog();
beforeAll(async () => {
  gen = await tinyLlama({
    queueLimit: 2,
    limits: { answerMaxChars: 160, fieldMaxChars: 30, maxRecommendations: 2, minRecommendations: 1 },
    constrainProducts: false,
    buildPrompt: shortPrompt,
  });
  const deps = fakeAppDeps(gen, { audit });
  deps.chat = createChatService(deps, { conversations: new InMemoryConversationStore() });
  app = createApp(deps);
}, 60_000);
afterAll(async () => gen?.close());

const headers = async () => ({
  authorization: `Bearer ${(await mintCustomerToken('test-secret-test-secret-123', 'C000042')).token}`,
  'content-type': 'application/json',
});

describe('/api/chat on real node-llama-cpp (stories260K)', () => {
  it('streams the model answer through the guardrails; invented products are removed and logged', async () => {
    const res = await app.request('/api/chat', {
      method: 'POST',
      headers: await headers(),
      body: JSON.stringify({ message: 'Tell me a story.' }),
    });
    expect(res.status).toBe(200);
    const { chunks, done } = parseUiMessageStream(await res.text());
    expect(done).toBe(true);
    const meta = chunks.find((c) => c.type === 'data-meta') as { data: Record<string, unknown> };
    const record = audit.records.at(-1)!;
    expect(record.auditId).toBe(meta.data.auditId);
    const recs = (chunks.find((c) => c.type === 'data-recommendations') as { data: { items: { productId: string }[] } })
      .data.items;
    for (const r of recs) expect(['global_equity_fund', 'fixed_saver_2y']).toContain(r.productId);
    // greedy decoding: deterministic — the model's answer is used (not the template)
    expect(meta.data).toMatchObject({ generator: 'llama', model: 'stories260K.gguf', template: false, attempts: 1 });
    // the model had to name ≥1 product with no product list in its prompt: the guardrail removed it
    expect(record.guardrails.some((g) => g.rule === 'ungrounded_product')).toBe(true);
    expect(recs).toEqual([]);
    const deltas = chunks.filter((c) => c.type === 'text-delta').map((c) => (c as { delta: string }).delta);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join('')).toBe(record.answer);
    expect((meta.data.timings as Record<string, number>).promptEval).toBeGreaterThan(0);
  }, 60_000);

  it('aborts real generation when the HTTP client disconnects and frees the sequence', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
      const controllers = [new AbortController(), new AbortController()];
      await Promise.all(
        controllers.map(async (ac) => {
          const res = await fetch(url, {
            method: 'POST',
            headers: await headers(),
            body: JSON.stringify({ message: 'Once upon a time' }),
            signal: ac.signal,
          });
          await res.body!.getReader().read();
          ac.abort();
        }),
      );
      // Both sequences must come back: two new chats complete without queueing.
      const t0 = Date.now();
      const results = await Promise.all(
        [0, 1].map(async () =>
          parseUiMessageStream(
            await (
              await fetch(url, { method: 'POST', headers: await headers(), body: JSON.stringify({ message: 'A cat' }) })
            ).text(),
          ),
        ),
      );
      for (const r of results) {
        expect(r.done).toBe(true);
        expect(r.chunks.some((c) => c.type === 'data-queued')).toBe(false);
      }
      expect(Date.now() - t0).toBeLessThan(50_000);
      expect(gen.queued).toBe(0);
    } finally {
      server.close();
    }
  }, 60_000);
});
