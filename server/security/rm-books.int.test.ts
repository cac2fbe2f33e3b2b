import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../domain/index.ts';
import { startTestStack, type TestStack } from '../../eval/stack/stack.ts';
import { parseUiMessageStream } from '../../web/src/shared/sse.ts';
import { TemplateGenerator } from '../assistant/generators/template.ts';
import { mintStaffToken } from '../http/auth.ts';

/**
 * RM books through real HTTP on the whole stack (Chroma child, hybrid retrieval, tiny recommender,
 * the customer book): two RMs with keys, one with a JWT, and a supervisor. An RM reads, searches,
 * ranks, counts and chats over their own book only; the supervisor sees every book.
 */
const RM1 = 'rm-01';
const RM2 = 'rm-02';
const KEYS = { [RM1]: 'test-key-for-rm-01-book', [RM2]: 'test-key-for-rm-02-book' };

let stack: TestStack;
let book1: Customer[];
let book2: Customer[];
beforeAll(async () => {
  stack = await startTestStack({
    customers: 300,
    listen: true,
    deps: { generator: new TemplateGenerator() },
    config: { rmApiKeys: Object.entries(KEYS).map(([rmId, key]) => ({ rmId, key })) },
  });
  await stack.deps.book?.whenReady;
  book1 = stack.customers.filter((c) => c.rmId === RM1);
  book2 = stack.customers.filter((c) => c.rmId === RM2);
}, 300_000);
afterAll(async () => stack?.stop());

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const asRm = (rmId: keyof typeof KEYS) => headers(KEYS[rmId]);
const supervisor = () => headers(stack.rmKey);
const get = (path: string, h: Record<string, string>) => fetch(`${stack.url}${path}`, { headers: h });
const post = (path: string, body: unknown, h: Record<string, string>) =>
  fetch(`${stack.url}${path}`, { method: 'POST', headers: h, body: JSON.stringify(body) });

async function chat(body: unknown, h: Record<string, string>) {
  const res = await post('/api/chat', body, h);
  if (res.status !== 200) return { status: res.status, text: '', outputs: [] as unknown[] };
  const { chunks } = parseUiMessageStream(await res.text());
  const text = chunks
    .filter((c) => c.type === 'text-delta')
    .map((c) => (c as { delta: string }).delta)
    .join('');
  const outputs = chunks
    .filter((c) => c.type === 'tool-output-available')
    .map((c) => (c as { output: unknown }).output);
  return { status: 200, text, outputs };
}

describe('RM books', () => {
  it('the synthetic data puts every customer in one book, about 1 in 20 each', () => {
    expect(stack.customers.every((c) => /^rm-\d{2}$/.test(c.rmId ?? ''))).toBe(true);
    expect(book1.length).toBe(15);
    expect(book2.length).toBe(15);
  });

  it.each([
    ['profile', (id: string) => `/api/customers/${id}`],
    ['recommendations', (id: string) => `/api/customers/${id}/recommendations?k=3`],
    ['insights', (id: string) => `/api/customers/${id}/insights`],
    ['embedding map', (id: string) => `/api/customers/${id}/embedding-map`],
  ])('%s: an RM reads their own clients, not another book’s (403); a supervisor reads both', async (_, path) => {
    const own = book1[0]!.id;
    const other = book2[0]!.id;
    const mine = await get(path(own), asRm(RM1));
    expect(mine.status).toBe(200);
    const theirs = await get(path(other), asRm(RM1));
    expect(theirs.status).toBe(403);
    expect((await theirs.json()).error.message).toMatch(/not in your book/);
    expect((await get(path(other), asRm(RM2))).status).toBe(mine.status);
    expect((await get(path(own), supervisor())).status).toBe(mine.status);
    expect((await get(path(other), supervisor())).status).toBe(mine.status);
  });

  it('a profile read by its RM carries the RM id; the customer’s own view does not', async () => {
    const c = book1[0]!;
    expect((await (await get(`/api/customers/${c.id}`, asRm(RM1))).json()).rmId).toBe(RM1);
    const own = await (await get(`/api/customers/${c.id}`, await stack.asCustomer(c.id))).json();
    expect(own.id).toBe(c.id);
    expect(own.rmId).toBeUndefined();
  });

  it('embedding map: an RM sees only their own book among the neighbours', async () => {
    const res = await get(`/api/customers/${book1[0]!.id}/embedding-map`, asRm(RM1));
    expect(res.status).toBe(200);
    const ids = new Set(book1.map((c) => c.id));
    const points = (await res.json()).points as { id: string; kind: string }[];
    for (const p of points.filter((p) => p.kind === 'customer')) expect(ids.has(p.id)).toBe(true);
  });

  it('an RM JWT is limited to its book the same way as a key', async () => {
    const token = await mintStaffToken(stack.config.jwtSecret, { role: 'rm', id: RM2 });
    expect((await get(`/api/customers/${book2[0]!.id}`, headers(token))).status).toBe(200);
    expect((await get(`/api/customers/${book1[0]!.id}`, headers(token))).status).toBe(403);
    const sup = await mintStaffToken(stack.config.jwtSecret, { role: 'supervisor', id: 'sam' });
    expect((await get(`/api/customers/${book1[0]!.id}`, headers(sup))).status).toBe(200);
  });

  it('customer tokens are minted only for a client of the RM’s own book', async () => {
    expect((await post('/api/auth/customer-token', { customerId: book1[0]!.id }, asRm(RM1))).status).toBe(200);
    expect((await post('/api/auth/customer-token', { customerId: book2[0]!.id }, asRm(RM1))).status).toBe(403);
    expect((await post('/api/auth/customer-token', { customerId: book2[0]!.id }, supervisor())).status).toBe(200);
  });

  it('search returns only the RM’s book, k results when the book has them; a supervisor searches every book', async () => {
    const query = 'customers with credit score over 500';
    const res = await post('/api/rm/search', { query, k: 10 }, asRm(RM1));
    expect(res.status).toBe(200);
    const body = await res.json();
    const ids = new Set(book1.map((c) => c.id));
    const eligible = book1.filter((c) => c.creditScore > 500).length;
    expect(body.results.length).toBe(Math.min(10, eligible));
    for (const r of body.results) expect(ids.has(r.customerId)).toBe(true);
    // The book is not shown as a filter the RM typed.
    expect(body.parsed.constraints.map((c: { field: string }) => c.field)).toEqual(['creditScore']);
    const all = await (await post('/api/rm/search', { query, k: 50 }, supervisor())).json();
    expect(new Set(all.results.map((r: { metadata: { rmId: string } }) => r.metadata.rmId)).size).toBeGreaterThan(2);
  });

  it('chat: counts run over the RM’s own book, and a supervisor’s over every book', async () => {
    const message = 'How many of my clients are retired?';
    const count = (outputs: unknown[]) =>
      (outputs.find((o) => (o as { count?: number }).count !== undefined) as
        | { count: number; total: number }
        | undefined)!;
    const mine = count((await chat({ mode: 'rm', message }, asRm(RM1))).outputs);
    expect(mine).toMatchObject({
      count: book1.filter((c) => c.lifeStage === 'retired').length,
      total: book1.length,
    });
    const all = count((await chat({ mode: 'rm', message }, supervisor())).outputs);
    expect(all).toMatchObject({
      count: stack.customers.filter((c) => c.lifeStage === 'retired').length,
      total: stack.customers.length,
    });
  });

  it('chat: ranking for a product lists only the RM’s own clients', async () => {
    const { outputs } = await chat(
      { mode: 'rm', message: 'Which of my clients should I call about the wealth management product?' },
      asRm(RM1),
    );
    const ranked = outputs.find((o) => Array.isArray((o as { clients?: unknown }).clients)) as
      | { clients: { customerId: string }[]; considered: number }
      | undefined;
    expect(ranked?.clients.length).toBeGreaterThan(0);
    if (!ranked) return;
    const ids = new Set(book1.map((c) => c.id));
    for (const c of ranked.clients) expect(ids.has(c.customerId)).toBe(true);
    expect(ranked.considered).toBeLessThanOrEqual(book1.length);
  });

  it('chat: another book’s client cannot be opened, named or briefed', async () => {
    const other = book2[0]!;
    expect(
      (await chat({ mode: 'rm', message: 'Brief me on this client', customerId: other.id }, asRm(RM1))).status,
    ).toBe(403);
    for (const message of [`Brief me on ${other.id}`, `Brief me on ${other.name}`]) {
      const { status, text, outputs } = await chat({ mode: 'rm', message }, asRm(RM1));
      expect(status).toBe(200);
      expect(JSON.stringify(outputs)).not.toContain(other.id);
      expect(text).not.toContain(String(other.income));
    }
    // The reply to another book's client reads exactly as for a name nobody has, so it confirms nothing.
    const named = await chat({ mode: 'rm', message: `Brief me on ${other.name}` }, asRm(RM1));
    const nobody = await chat({ mode: 'rm', message: 'Brief me on Zebedee Quillfeather' }, asRm(RM1));
    expect(named.text.replace(other.name, '<name>')).toBe(nobody.text.replace('Zebedee Quillfeather', '<name>'));
    const { text } = await chat({ mode: 'rm', message: `Brief me on ${other.id}` }, asRm(RM2));
    expect(text).toContain(other.name);
  });

  it('escalations: an RM sees their own book’s, a supervisor everyone’s', async () => {
    const message = 'Someone used my card without my permission, I think it is fraud';
    for (const c of [book1[1]!, book2[1]!]) await chat({ message }, await stack.asCustomer(c.id));
    const list = async (h: Record<string, string>) =>
      ((await (await get('/api/rm/escalations?limit=50', h)).json()).escalations as { customerId: string }[]).map(
        (e) => e.customerId,
      );
    const all = await list(supervisor());
    expect(all).toContain(book1[1]!.id);
    expect(all).toContain(book2[1]!.id);
    const mine = await list(asRm(RM1));
    expect(mine).toContain(book1[1]!.id);
    expect(mine).not.toContain(book2[1]!.id);
  });
});
