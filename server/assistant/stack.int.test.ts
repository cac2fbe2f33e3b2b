import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../eval/stack/stack.ts';
import { TemplateGenerator } from './generators/template.ts';
import type { ChatMeta, RecommendationsData } from './service.ts';
import { ESCALATION_NOTICE } from './prompts/index.ts';
import { parseUiMessageStream } from '../../web/src/shared/sse.ts';

/** /api/chat on the whole real stack (Chroma child, offline embedder, hybrid retrieval, tiny recommender), template generator. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ customers: 300, deps: { generator: new TemplateGenerator() } });
}, 300_000);
afterAll(async () => stack?.stop());

async function chat(body: unknown, headers: Record<string, string>) {
  const res = await stack.app.request('/api/chat', { method: 'POST', headers, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  const { chunks, done } = parseUiMessageStream(await res.text());
  expect(done).toBe(true);
  const text = chunks
    .filter((c) => c.type === 'text-delta')
    .map((c) => (c as { delta: string }).delta)
    .join('');
  const data = <T>(type: string) => (chunks.find((c) => c.type === type) as { data: T } | undefined)?.data as T;
  return { text, recs: data<RecommendationsData>('data-recommendations'), meta: data<ChatMeta>('data-meta') };
}

describe('/api/chat on the real stack', () => {
  it('customer mode: grounded on the profile, recommender top products (after suitability) and 3 reranked passages', async () => {
    const customer = stack.customers[0]!;
    const { text, recs, meta } = await chat(
      { message: 'Which savings or investment product suits me?' },
      await stack.asCustomer(customer.id),
    );
    expect(meta).toMatchObject({ generator: 'template', template: true, promptId: 'customer-advice' });
    expect(meta.groundingIds).toContain(`customer:${customer.id}`);
    expect(meta.plan).toMatchObject({ intent: 'recommend', tools: ['recommend'] });
    if (stack.deps.recommender) {
      expect(recs.items.length).toBeGreaterThan(0);
      const categories = new Set(['savings', 'term_deposit', 'fund', 'brokerage', 'wealth_management', 'pension']);
      for (const item of recs.items) expect(categories.has(item.category ?? '')).toBe(true);
      expect(text).toMatch(/^For savings or investing, the best fit for you is the /);
      const excluded = new Set(recs.excluded.map((e) => e.productId));
      for (const item of recs.items) expect(excluded.has(item.productId)).toBe(false);
    }
  });

  it('RM mode: "which of my clients should I call about the wealth management product?" → ranked clients with reasons', async () => {
    const { text, recs, meta } = await chat(
      { mode: 'rm', message: 'Which of my clients should I call about the wealth management product?' },
      stack.rm(),
    );
    expect(meta.promptId).toBe('rm-assist');
    const clients = recs.clients ?? [];
    expect(clients.length).toBeGreaterThan(0);
    for (let i = 1; i < clients.length; i++) expect(clients[i - 1]!.score).toBeGreaterThanOrEqual(clients[i]!.score);
    if (stack.deps.recommender)
      expect(clients[0]!.reason).toMatch(
        /(Managed Portfolio Service|Meridian Wealth Premier \(NEW\)) score -?\d+\.\d{3}/,
      );
    expect(text).toContain(`(${clients[0]!.customerId})`);
    expect(meta.plan).toMatchObject({ intent: 'rank_book', tools: ['rank_book'] });
  });

  it("intent routing with the stack's real (small) banking77 classifier: a fraud report is escalated, audited and listed for the RM", async () => {
    expect(stack.deps.intent).toBeDefined();
    const customer = stack.customers[1]!;
    const message = 'someone used my card without permission';
    const { text, recs, meta } = await chat({ message }, await stack.asCustomer(customer.id));
    expect(meta.intent).toMatchObject({ escalate: true, route: 'escalate', escalationReason: 'fraud' });
    expect(meta.escalated).toBe(true);
    expect(text.startsWith(ESCALATION_NOTICE.text)).toBe(true);
    expect(recs.items).toEqual([]);
    const res = await stack.app.request('/api/rm/escalations?limit=5', { headers: stack.rm() });
    const { escalations } = (await res.json()) as {
      escalations: { auditId: string; customerId: string; message: string }[];
    };
    expect(escalations[0]).toMatchObject({ auditId: meta.auditId, customerId: customer.id, message });
  });
});
