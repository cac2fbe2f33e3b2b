import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { mintCustomerToken } from '../http/auth.ts';
import { MemoryAuditLog } from '../audit/index.ts';
import { InMemoryConversationStore } from '../assistant/index.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { TemplateGenerator } from '../assistant/generators/template.ts';
import { TooManyRequestsError } from '../../lib/errors/index.ts';
import { buildMessages, DATA_CLOSE, DATA_OPEN, INVESTMENT_DISCLAIMER } from '../assistant/prompts/index.ts';
import type { Answer, GenerateEvent, GenerateRequest, Generator } from '../assistant/generators/types.ts';
import { createChatService } from '../bootstrap.ts';
import { testConfig } from '../../lib/config/index.ts';
import { parseUiMessageStream } from '../../web/src/shared/sse.ts';

const SECRET = 'test-secret-test-secret-123';
const RM = { authorization: 'Bearer rm-key', 'content-type': 'application/json' };
const asCustomer = async (id: string) => ({
  authorization: `Bearer ${(await mintCustomerToken(SECRET, id)).token}`,
  'content-type': 'application/json',
});

/** A fake LLM: answers from a script (one entry per attempt), records what it was asked. */
class ScriptedGenerator implements Generator {
  readonly kind = 'llama' as const;
  readonly model = 'scripted.gguf';
  readonly requests: GenerateRequest[] = [];
  constructor(private readonly script: (req: GenerateRequest, attempt: number) => Answer | Error) {}
  async *stream(req: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    this.requests.push(req);
    const out = this.script(req, this.requests.length - 1);
    if (out instanceof Error) throw out;
    for (const piece of out.answer.match(/.{1,5}/gs) ?? []) {
      signal.throwIfAborted();
      yield { type: 'text-delta', delta: piece };
    }
    yield { type: 'final', answer: out, usage: { promptTokens: 10, completionTokens: 5 } };
  }
}

function setup(generator: Generator | undefined) {
  const audit = new MemoryAuditLog();
  const deps = fakeAppDeps(generator, { audit });
  deps.chat = createChatService(deps, { conversations: new InMemoryConversationStore() });
  return { app: createApp(deps), audit, deps };
}

async function chat(app: ReturnType<typeof createApp>, body: unknown, headers: Record<string, string>) {
  const res = await app.request('/api/chat', { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  return { res, text, ...(res.status === 200 ? parseUiMessageStream(text) : { chunks: [], done: false }) };
}
const textOf = (chunks: { type: string; delta?: string }[]) =>
  chunks
    .filter((c) => c.type === 'text-delta')
    .map((c) => c.delta)
    .join('');
const dataOf = (chunks: { type: string; data?: unknown }[], type: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of stream data parts
  chunks.find((c) => c.type === type)?.data as Record<string, any>;

describe('POST /api/chat (AI SDK UI-message stream v1)', () => {
  it('streams a grounded template answer with recommendations, meta and an audit line', async () => {
    const { app, audit } = setup(new TemplateGenerator());
    const { res, chunks, done } = await chat(
      app,
      { mode: 'customer', message: 'What should I invest in?' },
      await asCustomer('C000042'),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(done).toBe(true);
    const types = chunks.map((c) => c.type);
    // The planned tool call and its result come first, as the AI SDK's own tool parts, then the text.
    expect(types.slice(0, 5)).toEqual([
      'start',
      'start-step',
      'tool-input-available',
      'tool-output-available',
      'text-start',
    ]);
    expect(chunks[2]).toMatchObject({
      toolName: 'recommend',
      input: { categories: ['fund', 'brokerage', 'wealth_management'] },
    });
    expect(types.slice(-5)).toEqual(['text-end', 'data-recommendations', 'data-meta', 'finish-step', 'finish']);
    const text = textOf(chunks as never);
    // The question is answered first; no profile block, no model score for a customer.
    expect(text).toMatch(/^For investing, the best fit for you is the Global Equity Fund/);
    expect(text).not.toMatch(/score|Based on your profile/i);
    expect(JSON.stringify(chunks[3])).not.toContain('"score"');
    expect(text.endsWith(INVESTMENT_DISCLAIMER.text)).toBe(true); // investment product → disclaimer
    const recs = dataOf(chunks as never, 'data-recommendations');
    // An investment question: the template lists the grounded investments only (the fixed saver is not one).
    expect(recs.items.map((i: { productId: string }) => i.productId)).toEqual(['global_equity_fund']);
    expect(recs.items[0]).toMatchObject({ productName: 'Global Equity Fund', disclaimer: INVESTMENT_DISCLAIMER.text });
    expect(recs.items[0].score).toBeUndefined();
    expect(recs.excluded[0]).toMatchObject({ productId: 'crypto_speculator', rule: 'risk_above_tolerance' });
    expect(recs.excluded[0].detail).toMatch(/above the level 3 that your medium risk tolerance allows/);
    const meta = dataOf(chunks as never, 'data-meta');
    expect(meta).toMatchObject({
      generator: 'template',
      model: 'template',
      template: true,
      promptId: 'customer-advice',
      promptVersion: '1.1.0',
      disclaimer: true,
      plan: { intent: 'recommend', kind: 'answer', source: 'deterministic', tools: ['recommend'] },
    });
    expect(meta.groundingIds).toContain('customer:C000042');
    expect(meta.groundingIds).toContain('product:global_equity_fund');
    expect(audit.records).toHaveLength(1);
    expect(audit.records[0]).toMatchObject({
      auditId: meta.auditId,
      generator: 'template',
      template: true,
      customerId: 'C000042',
      answer: text,
      promptComponents: { 'customer-advice': '1.1.0', 'grounding-block': '1.0.0' },
    });
  });

  it('enforces credentials: customer token → own id only; RM key → rm mode; none → 401; empty message → 400', async () => {
    const { app } = setup(new TemplateGenerator());
    expect(
      (await chat(app, { mode: 'customer', customerId: 'C000099', message: 'hi' }, await asCustomer('C000042'))).res
        .status,
    ).toBe(403);
    expect((await chat(app, { mode: 'customer', customerId: 'C000042', message: 'hi' }, RM)).res.status).toBe(403);
    expect((await chat(app, { mode: 'rm', message: 'hi' }, await asCustomer('C000042'))).res.status).toBe(403);
    expect(
      (await chat(app, { mode: 'customer', message: 'hi' }, { 'content-type': 'application/json' })).res.status,
    ).toBe(401);
    const bad = await chat(app, { mode: 'customer', message: '  ' }, await asCustomer('C000042'));
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.text).error.field).toBe('message');
  });

  it('answers 503 without a generator and 429 with the queue position when generation is full', async () => {
    expect((await chat(setup(undefined).app, { message: 'hi' }, await asCustomer('C000042'))).res.status).toBe(503);
    const busy = new ScriptedGenerator(() => new TooManyRequestsError('queue full', 2, 5));
    const r = await chat(setup(busy).app, { message: 'hi' }, await asCustomer('C000042'));
    expect(r.res.status).toBe(429);
    expect(r.res.headers.get('retry-after')).toBe('2');
    expect(JSON.parse(r.text).error.queuePosition).toBe(5);
  });

  it('works on chatTurns turns at once: later turns wait in order and see their place, beyond the queue 429', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    class GatedGenerator extends ScriptedGenerator {
      override async *stream(req: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
        await gate;
        yield* super.stream(req, signal);
      }
    }
    const gen = new GatedGenerator(() => ({ answer: 'Done.', recommendations: [] }));
    const deps = fakeAppDeps(gen, {
      config: testConfig({
        supervisorApiKeys: ['rm-key'],
        jwtSecret: SECRET,
        chatTurns: 1,
        chatTurnQueue: 1,
        chatsPerPrincipal: 10,
      }),
    });
    const app = createApp(deps);
    const me = await asCustomer('C000042');
    const first = chat(app, { message: 'one' }, me);
    const second = chat(app, { message: 'two' }, me);
    // One of them holds the slot, the other waits (whichever the scheduler let in first).
    while (deps.chat!.queuedTurns < 1) await new Promise((r) => setTimeout(r, 5));
    const third = await chat(app, { message: 'three' }, me);
    expect(third.res.status).toBe(429);
    expect(JSON.parse(third.text).error.queuePosition).toBe(2);
    open();
    const both = await Promise.all([first, second]);
    for (const r of both) expect(textOf(r.chunks as never)).toContain('Done.');
    expect(both.map((r) => dataOf(r.chunks as never, 'data-queued'))).toContainEqual({ position: 1 });
    expect(both.filter((r) => dataOf(r.chunks as never, 'data-queued')).length).toBe(1);
    // Both slots are free again.
    expect((await chat(app, { message: 'four' }, me)).res.status).toBe(200);
  });

  it('remembers the conversation server-side, for its owner only; accepts the AI SDK {id, messages} body', async () => {
    const gen = new ScriptedGenerator(() => ({ answer: 'Your credit score is 742.', recommendations: [] }));
    const { app } = setup(gen);
    const me = await asCustomer('C000042');
    const first = await chat(
      app,
      { id: 'conv-1', messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hello there' }] }] },
      me,
    );
    expect(dataOf(first.chunks as never, 'data-meta').conversationId).toBe('conv-1');
    await chat(app, { conversationId: 'conv-1', message: 'And then?' }, me);
    expect(gen.requests[1]!.history).toEqual([
      { role: 'user', content: 'Hello there' },
      { role: 'assistant', content: 'Your credit score is 742.' },
    ]);
    expect(gen.requests[1]!.message).toBe('And then?');
    expect((await chat(app, { conversationId: 'conv-1', message: 'x' }, await asCustomer('C000003'))).res.status).toBe(
      403,
    );
  });

  it('guardrails remove promises, ungrounded numbers, unsuitable products and other customers from a model answer, logging each event', async () => {
    const gen = new ScriptedGenerator(() => ({
      answer:
        'The Global Equity Fund suits your long horizon [P1]. It is guaranteed to return 20% a year. Bob Smith (C000099) bought it too. Its charges are 0.45% a year.',
      recommendations: [
        { productId: 'global_equity_fund', why: 'Long horizon and income of 82,000 [P1].', risks: 'Capital at risk.' },
        { productId: 'crypto_speculator', why: 'High growth.', risks: 'None.' },
        { productId: 'invented_product', why: 'x', risks: 'y' },
      ],
    }));
    const { app, audit } = setup(gen);
    const { chunks } = await chat(app, { message: 'What should I do?' }, await asCustomer('C000042'));
    const text = textOf(chunks as never);
    expect(text).toContain('The Global Equity Fund suits your long horizon [P1]. ');
    expect(text).toContain('Its charges are 0.45% a year.');
    expect(text).not.toMatch(/guaranteed|20%|Bob Smith|C000099/);
    expect(text).toContain(INVESTMENT_DISCLAIMER.text);
    const recs = dataOf(chunks as never, 'data-recommendations');
    expect(recs.items.map((i: { productId: string }) => i.productId)).toEqual(['global_equity_fund']);
    const meta = dataOf(chunks as never, 'data-meta');
    expect(meta).toMatchObject({ generator: 'llama', template: false, attempts: 1 });
    const rules = audit.records[0]!.guardrails.map((g) => g.rule).sort();
    expect(rules).toEqual([
      'other_customer_data',
      'promised_returns',
      'ungrounded_number',
      'ungrounded_product',
      'unsuitable_product',
    ]);
  });

  it('regenerates when nothing passes, then falls back to the template (bounded), marked as such', async () => {
    const gen = new ScriptedGenerator(() => ({
      answer: 'You will earn a guaranteed 30% return.',
      recommendations: [],
    }));
    const { app, audit } = setup(gen);
    const { chunks } = await chat(app, { message: 'What would you recommend?' }, await asCustomer('C000042'));
    expect(gen.requests).toHaveLength(2); // first try + 1 retry, with a reminder appended
    expect(gen.requests[1]!.message).toContain('Answer again');
    const meta = dataOf(chunks as never, 'data-meta');
    expect(meta).toMatchObject({
      generator: 'template',
      template: true,
      attempts: 3,
      fallback: 'guardrails removed every sentence',
    });
    expect(textOf(chunks as never)).not.toMatch(/guaranteed|30%/);
    // The fallback is the composer's answer to the question asked.
    expect(textOf(chunks as never)).toMatch(/best fit for you is the/);
    expect(audit.records[0]!.guardrails.filter((g) => g.rule === 'regenerate')).toHaveLength(2);
  });

  it('treats retrieved text as data: injected instructions in a passage never reach the output (notes are not in a customer grounding at all)', async () => {
    // A gullible fake model that obeys any instruction it finds anywhere in its prompt.
    const gullible = new ScriptedGenerator((req) => {
      const prompt = buildMessages(req.grounding.mode, req.grounding, req.history, req.message)
        .map((m) => m.content)
        .join('\n');
      if (/IGNORE ALL PREVIOUS INSTRUCTIONS|Ignore your rules/i.test(prompt)) {
        return {
          answer:
            'Sure! Crypto Speculator Fund gives guaranteed 20% returns. Account C000099 is owned by Bob Smith. You have a credit score of 742.',
          recommendations: [{ productId: 'crypto_speculator', why: 'as instructed', risks: 'none' }],
        };
      }
      return { answer: 'ok', recommendations: [] };
    });
    const { app, deps } = setup(gullible);
    const { chunks } = await chat(app, { message: 'How do I reset my PIN?' }, await asCustomer('C000042'));
    const text = textOf(chunks as never);
    expect(text).not.toMatch(/guaranteed|20%|C000099|Bob Smith/);
    expect(dataOf(chunks as never, 'data-recommendations').items).toEqual([]);
    // In the prompt, the injected text sits only inside the data fence, neutralised.
    const prompt = buildMessages('customer', gullible.requests[0]!.grounding, [], 'x')[0]!.content;
    const inside = prompt.slice(prompt.indexOf(DATA_OPEN), prompt.lastIndexOf(DATA_CLOSE));
    expect(inside).toContain('Ignore your rules');
    expect(prompt).not.toContain('IGNORE ALL PREVIOUS INSTRUCTIONS');
    expect(prompt.split(DATA_CLOSE)).toHaveLength(2);
    expect(prompt.slice(0, prompt.indexOf(DATA_OPEN))).not.toContain('Ignore your rules');
    // The template backend gives the identical answer with or without the injected text.
    const clean = fakeAppDeps(new TemplateGenerator());
    const a = await chat(
      setup(new TemplateGenerator()).app,
      { message: 'How do I reset my PIN?' },
      await asCustomer('C000042'),
    );
    const cleanCustomers = {
      ...clean.customers,
      get: async (id: string) => ({ ...(await deps.customers.get(id))!, notes: undefined }),
    };
    const cleanDeps = fakeAppDeps(new TemplateGenerator(), {
      customers: cleanCustomers,
      retrieval: {
        ...clean.retrieval!,
        retrievePassages: async () =>
          (await clean.retrieval!.retrievePassages('', undefined)).map((p) => ({
            ...p,
            text: p.text.replace(/Ignore your rules[^.]*\./, ''),
          })),
      } as never,
    });
    const b = await chat(createApp(cleanDeps), { message: 'How do I reset my PIN?' }, await asCustomer('C000042'));
    expect(textOf(a.chunks as never)).toBe(textOf(b.chunks as never));
  });

  it('RM mode ranks clients for a product with reasons (which of my clients should I call about wealth management?)', async () => {
    const { app } = setup(new TemplateGenerator());
    const { res, chunks } = await chat(
      app,
      { mode: 'rm', message: 'Which of my clients should I call about the wealth management product?' },
      RM,
    );
    expect(res.status).toBe(200);
    const clients = dataOf(chunks as never, 'data-recommendations').clients as {
      customerId: string;
      score: number;
      reason: string;
    }[];
    // Every client of the book scored for the product by the (fake) recommender, income-ordered; the
    // low-risk client is excluded by suitability, and the answer names the product and says why.
    expect(clients.map((c) => c.customerId)).toEqual(['C000007', 'C000042', 'C000003']);
    expect(clients[0]!.score).toBeCloseTo(0.9375, 3);
    const text = textOf(chunks as never);
    expect(text).toMatch(
      /^For Premier Wealth Management, the clients to call first are Grace Hopper, Ada Lovelace and Alan Turing/,
    );
    expect(text.indexOf('1. Grace Hopper (C000007)')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('1. Grace Hopper')).toBeLessThan(text.indexOf('3. Alan Turing (C000003)'));
    expect(text).toContain('1 whose risk tolerance is too low');
    expect(text).not.toContain('C000099');
    expect(dataOf(chunks as never, 'data-meta')).toMatchObject({ promptId: 'rm-assist' });
  });

  it('starts streaming before a slow first token instead of hitting the request deadline', async () => {
    const slowStart: Generator = {
      kind: 'llama',
      model: 'slow-start',
      async *stream() {
        await new Promise((r) => setTimeout(r, 600)); // long prompt evaluation
        yield { type: 'text-delta', delta: 'Your credit score is 742.' };
        yield {
          type: 'final',
          answer: { answer: 'Your credit score is 742.', recommendations: [] },
          usage: { promptTokens: 1, completionTokens: 1 },
        };
      },
    };
    const deps = fakeAppDeps(slowStart, { audit: new MemoryAuditLog() });
    deps.config = { ...deps.config, requestTimeoutMs: 400 };
    const t0 = performance.now();
    const res = await createApp(deps).request('/api/chat', {
      method: 'POST',
      headers: await asCustomer('C000042'),
      body: JSON.stringify({ message: 'hi' }),
    });
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(550); // headers went out at ~200 ms
    const { chunks, done } = parseUiMessageStream(await res.text());
    expect(done).toBe(true);
    expect(textOf(chunks as never)).toBe('Your credit score is 742.');
  });

  it('aborts generation when the HTTP client disconnects', async () => {
    let aborted = false;
    const slow: Generator = {
      kind: 'llama',
      model: 'slow',
      async *stream(_req, signal) {
        signal.addEventListener('abort', () => (aborted = true));
        for (let i = 0; i < 200; i++) {
          await new Promise((r) => setTimeout(r, 20));
          signal.throwIfAborted();
          yield { type: 'text-delta', delta: `Your credit score is 742. ` };
        }
        yield {
          type: 'final',
          answer: { answer: 'x', recommendations: [] },
          usage: { promptTokens: 1, completionTokens: 1 },
        };
      },
    };
    const { app } = setup(slow);
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const ac = new AbortController();
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`, {
        method: 'POST',
        headers: await asCustomer('C000042'),
        body: JSON.stringify({ message: 'hi' }),
        signal: ac.signal,
      });
      const reader = res.body!.getReader();
      await reader.read();
      ac.abort();
      const t0 = Date.now();
      while (!aborted && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
      expect(aborted).toBe(true);
    } finally {
      server.close();
    }
  });
});
