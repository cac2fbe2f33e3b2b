import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/log/index.ts';
import { testConfig } from '../lib/config/index.ts';
import { startTestStack, type TestStack } from '../eval/stack/stack.ts';
import { startTestPostgres, type TestPostgres } from '../testkit/postgres.ts';
import { failedStart, type ServerInstance, stackInstanceEnv, startServerInstance } from '../testkit/server-instance.ts';
import { parseUiMessageStream } from '../web/src/shared/sse.ts';
import { PgAuditLog } from './db/audit-log.ts';
import { openDatabase } from './db/index.ts';
import type { Database } from './db/database.ts';
import { mintStaffToken } from './http/auth.ts';

/**
 * Two real server processes on two ports behind no load balancer but sharing one PostgreSQL and
 * one Chroma: what a customer sees when consecutive requests land on different instances.
 */
const RATE_LIMIT_PER_MIN = 30;
let pg: TestPostgres;
let stack: TestStack;
let db: Database;
let a: ServerInstance;
let b: ServerInstance;
let stateDir: string;

const instanceEnv = () => ({
  ...stackInstanceEnv(stack, { stateDir, databaseUrl: pg.url, rateLimitPerMin: RATE_LIMIT_PER_MIN }),
  MERIDIAN_DB_TIMEOUT_MS: '1000',
});

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'meridian-scale-'));
  [pg, stack] = await Promise.all([
    startTestPostgres(),
    startTestStack({ customers: 300, recommender: false, intent: false }),
  ]);
  [a, b] = await Promise.all([
    startServerInstance({ env: instanceEnv() }),
    startServerInstance({ env: instanceEnv() }),
  ]);
  db = await openDatabase({ ...testConfig(), databaseUrl: pg.url }, silentLogger);
}, 300_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.close();
  await Promise.all([pg?.stop(), stack?.stop()]);
  rmSync(stateDir, { recursive: true, force: true });
});

async function chat(on: ServerInstance, headers: Record<string, string>, body: Record<string, unknown>) {
  const res = await fetch(`${on.url}/api/chat`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status !== 200)
    return { status: res.status, retryAfter: res.headers.get('retry-after'), meta: undefined, text: '' };
  const { chunks } = parseUiMessageStream(await res.text());
  const meta = (chunks.find((c) => c.type === 'data-meta') as { data: { conversationId: string; auditId: string } })
    ?.data;
  const text = chunks
    .filter((c) => c.type === 'text-delta')
    .map((c) => (c as { delta: string }).delta)
    .join('');
  return { status: 200, retryAfter: null, meta, text };
}

describe('two instances sharing PostgreSQL and Chroma', () => {
  it('a conversation begun on the first continues on the second (and stays its owner’s)', async () => {
    const [alice, bob] = stack.customers;
    const asAlice = await stack.asCustomer(alice!.id);
    const first = await chat(a, asAlice, { message: "What's the rate on the Cash ISA?" });
    expect(first.status).toBe(200);
    const conversationId = first.meta!.conversationId;
    // The follow-up only makes sense with the first turn's state ("it" = the Cash ISA).
    const second = await chat(b, asAlice, { conversationId, message: 'and is there a fee on it?' });
    expect(second).toMatchObject({ status: 200, meta: { conversationId } });
    expect(second.text).toMatch(/Cash ISA has no annual fee/);
    // The second instance knows whose conversation it is: another customer cannot continue it there.
    const stolen = await chat(b, await stack.asCustomer(bob!.id), { conversationId, message: 'hi' });
    expect(stolen.status).toBe(403);
    const { rows } = await db.query<{ turns: { role: string; content: string }[]; state: unknown }>(
      'SELECT turns, state FROM conversations WHERE id = $1',
      [conversationId],
    );
    expect(rows[0]!.turns.map((t) => t.content)).toEqual([
      "What's the rate on the Cash ISA?",
      expect.any(String),
      'and is there a fee on it?',
      expect.any(String),
    ]);
    expect(rows[0]!.state).toMatchObject({ focusProductId: 'savings-isa', lastIntent: 'product_facts' });
  });

  it('the rate limit is one budget across both instances', async () => {
    const token = await mintStaffToken(stack.config.jwtSecret, { role: 'supervisor', id: 'rate-limit-probe' });
    const headers = { authorization: `Bearer ${token}` };
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT_PER_MIN + 2; i++) {
      const res = await fetch(`${(i % 2 ? a : b).url}/api/customers/${stack.customers[0]!.id}`, { headers });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, RATE_LIMIT_PER_MIN).every((s) => s === 200)).toBe(true);
    // Per-instance buckets would still allow 2 × the limit.
    expect(statuses.slice(RATE_LIMIT_PER_MIN)).toEqual([429, 429]);
  });

  it('audit records written by both instances verify as one chain', async () => {
    const asCarol = await stack.asCustomer(stack.customers[2]!.id);
    const ids = [];
    for (let i = 0; i < 6; i++) {
      const r = await chat(i % 2 ? a : b, asCarol, { message: `Tell me about credit cards (${i})` });
      expect(r.status).toBe(200);
      ids.push(r.meta!.auditId);
    }
    const log = new PgAuditLog(db);
    for (const id of ids) expect(await log.get(id)).toMatchObject({ auditId: id });
    const verdict = await log.verify();
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && verdict.length).toBeGreaterThanOrEqual(8);
  });

  it('database killed mid-conversation: chat answers 503 with Retry-After, search keeps working, both recover without restart', async () => {
    const asDave = await stack.asCustomer(stack.customers[3]!.id);
    const begun = await chat(a, asDave, { message: 'What mortgage could I get?' });
    const conversationId = begun.meta!.conversationId;
    await pg.kill();
    try {
      const down = await chat(b, asDave, { conversationId, message: 'And over 25 years?' });
      expect(down.status).toBe(503);
      expect(Number(down.retryAfter)).toBeGreaterThan(0);
      const fresh = await chat(a, asDave, { message: 'hello?' });
      expect(fresh.status).toBe(503);
      const search = await fetch(`${a.url}/api/rm/search`, {
        method: 'POST',
        headers: stack.rm(),
        body: JSON.stringify({ query: 'customers interested in savings', k: 3 }),
      });
      expect(search.status).toBe(200);
    } finally {
      await pg.restart();
    }
    const resumed = await chat(b, asDave, { conversationId, message: 'And over 25 years?' });
    expect(resumed).toMatchObject({ status: 200, meta: { conversationId } });
    expect((await chat(a, asDave, { conversationId, message: 'thanks' })).status).toBe(200);
    expect(await new PgAuditLog(db).verify()).toMatchObject({ ok: true });
  });

  it('an instance whose database is unreachable does not start, and says which database', async () => {
    const { code, output } = await failedStart({
      ...instanceEnv(),
      DATABASE_URL: `postgres://meridian:pw@127.0.0.1:${pg.port + 1}/meridian`,
    });
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`database 127\\.0\\.0\\.1:${pg.port + 1}/meridian \\(DATABASE_URL\\)`));
  });
});
