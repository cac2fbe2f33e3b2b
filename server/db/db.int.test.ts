import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../lib/config/index.ts';
import { UnavailableError } from '../../lib/errors/index.ts';
import { silentLogger } from '../../lib/log/index.ts';
import { startTestPostgres, type TestPostgres } from '../../testkit/postgres.ts';
import type { AuditRecord } from '../audit/index.ts';
import { PgAuditLog } from './audit-log.ts';
import { PgConversationStore } from './conversation-store.ts';
import type { Database } from './database.ts';
import { PgFeedbackStore } from './feedback-store.ts';
import { openDatabase } from './index.ts';
import { migrate } from './migrate.ts';
import { PgRateLimits } from './rate-limits.ts';
import { PgRevocationList } from './revocations.ts';

/** Two pools on one throwaway cluster stand for two server instances. */
let pg: TestPostgres;
let a: Database;
let b: Database;
const open = (url: string) => openDatabase({ ...testConfig({ dbTimeoutMs: 2_000 }), databaseUrl: url }, silentLogger);

beforeAll(async () => {
  pg = await startTestPostgres();
  [a, b] = await Promise.all([open(pg.url), open(pg.url)]);
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await pg?.stop();
});

const record = (auditId: string, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  schemaVersion: 1,
  auditId,
  at: new Date().toISOString(),
  mode: 'customer',
  principal: { role: 'customer', id: 'customer:C1' },
  customerId: 'C1',
  conversationId: 'conv',
  generator: 'template',
  model: 'template',
  template: true,
  promptId: 'customer-advice',
  promptVersion: '1',
  promptComponents: {},
  groundingIds: ['customer:C1'],
  message: 'hello',
  answer: 'hi',
  recommendations: [],
  disclaimer: true,
  guardrails: [],
  attempts: 1,
  timings: { total: 1.5, unset: undefined },
  ...extra,
});

describe('PostgreSQL shared state', () => {
  it('migrations: applied once even when instances start together; a second run applies nothing', async () => {
    expect(await migrate(a)).toEqual([]);
    const { rows } = await a.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
  });

  it('start fails naming the database when it cannot be reached (and never prints the password)', async () => {
    const dead = `postgres://meridian:s3cret@127.0.0.1:${pg.port + 1}/meridian`;
    const err = await open(dead).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      new RegExp(`^database 127\\.0\\.0\\.1:${pg.port + 1}/meridian \\(DATABASE_URL\\)`),
    );
    expect((err as Error).message).not.toContain('s3cret');
  });

  it('conversations: begun on one instance, continued on the other with its state; turns bounded', async () => {
    const one = new PgConversationStore(a, { maxTurns: 4, ttlMs: 60_000 });
    const two = new PgConversationStore(b, { maxTurns: 4, ttlMs: 60_000 });
    const c = { id: 'conv-1', ownerId: 'customer:C1', mode: 'customer' as const, customerId: 'C1' };
    const state = {
      listedProducts: ['isa', 'cash-isa'],
      listedClients: [],
      focusProductId: 'isa',
      lastIntent: 'product_info',
    };
    await one.append(
      c,
      [
        { role: 'user', content: 'which ISA?' },
        { role: 'assistant', content: 'these two' },
      ],
      state,
    );
    const seen = await two.get('conv-1');
    expect(seen).toMatchObject({ ...c, state, turns: [{ content: 'which ISA?' }, { content: 'these two' }] });
    // No state given: the stored one is kept.
    await two.append(c, [
      { role: 'user', content: 'the first one' },
      { role: 'assistant', content: 'isa' },
    ]);
    const after = await two.append(c, [
      { role: 'user', content: 'and fees?' },
      { role: 'assistant', content: 'none' },
    ]);
    expect(after.turns.map((t) => t.content)).toEqual(['the first one', 'isa', 'and fees?', 'none']);
    expect(after.state).toEqual(state);
    expect(await one.get('missing')).toBeUndefined();
  });

  it('conversations: an over-long state is stored bounded; a malformed stored state reads back empty', async () => {
    const store = new PgConversationStore(a);
    const c = { id: 'conv-2', ownerId: 'rm:1', mode: 'rm' as const };
    const many = Array.from({ length: 40 }, (_, i) => `C${i}`);
    const r = await store.append(c, [], { listedProducts: [], listedClients: many });
    expect(r.state.listedClients).toHaveLength(25);
    await a.query(`UPDATE conversations SET state = '{"listedClients": "nope"}' WHERE id = $1`, ['conv-2']);
    expect((await store.get('conv-2'))?.state).toEqual({ listedProducts: [], listedClients: [] });
  });

  it('conversations: concurrent appends from both instances lose no turn', async () => {
    const one = new PgConversationStore(a, { maxTurns: 100, ttlMs: 60_000 });
    const two = new PgConversationStore(b, { maxTurns: 100, ttlMs: 60_000 });
    const c = { id: 'conv-3', ownerId: 'rm:1', mode: 'rm' as const };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).append(c, [{ role: 'user', content: `m${i}` }])),
    );
    expect((await one.get('conv-3'))?.turns).toHaveLength(20);
  });

  it('conversations: expire after the idle time (database clock)', async () => {
    const store = new PgConversationStore(a, { maxTurns: 10, ttlMs: 60_000 });
    const c = { id: 'conv-4', ownerId: 'rm:1', mode: 'rm' as const };
    await store.append(c, [{ role: 'user', content: 'old' }]);
    await a.query(`UPDATE conversations SET updated_at = now() - interval '2 minutes' WHERE id = $1`, ['conv-4']);
    expect(await store.get('conv-4')).toBeUndefined();
    const fresh = await store.append(c, [{ role: 'user', content: 'new' }]);
    expect(fresh.turns.map((t) => t.content)).toEqual(['new']);
  });

  it('audit: concurrent appends from two instances form one chain that verifies; an edit breaks it', async () => {
    const one = new PgAuditLog(a);
    const two = new PgAuditLog(b);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? one : two).append(
          record(`audit-${i}`, i === 7 ? { intent: { label: 'card_fraud', confidence: 0.9, escalate: true } } : {}),
        ),
      ),
    );
    const verdict = await two.verify();
    expect(verdict).toMatchObject({ ok: true, length: 30 });
    expect(await one.get('audit-3')).toMatchObject({ auditId: 'audit-3', timings: { total: 1.5 } });
    expect((await two.escalations(5)).map((r) => r.auditId)).toEqual(['audit-7']);
    await a.query(`UPDATE audit_records SET record = replace(record, 'hello', 'hullo') WHERE audit_id = $1`, [
      'audit-12',
    ]);
    expect(await one.verify()).toMatchObject({ ok: false, reason: 'record hash does not match' });
    await a.query(`UPDATE audit_records SET record = replace(record, 'hullo', 'hello') WHERE audit_id = $1`, [
      'audit-12',
    ]);
  });

  it('audit: a failed append leaves neither a record nor a moved head', async () => {
    const log = new PgAuditLog(a);
    const head = async () => (await a.query<{ seq: string }>('SELECT seq FROM audit_chain_head')).rows[0]!.seq;
    const before = await head();
    await log.append(record('dup'));
    await expect(log.append(record('dup'))).rejects.toThrow(/duplicate key/);
    expect(Number(await head())).toBe(Number(before) + 1);
    expect(await log.verify()).toMatchObject({ ok: true });
  });

  it('feedback: stored and listed oldest first, from either instance', async () => {
    await new PgFeedbackStore(a).add({ auditId: 'audit-1', rating: 'up' }, { role: 'customer', id: 'C1' });
    await new PgFeedbackStore(b).add(
      { auditId: 'audit-1', rating: 'down', comment: 'wrong rate' },
      { role: 'rm', id: 'rm:1' },
    );
    const list = await new PgFeedbackStore(a).list();
    expect(list.map((r) => [r.rating, r.comment, r.by.role])).toEqual([
      ['up', undefined, 'customer'],
      ['down', 'wrong rate', 'rm'],
    ]);
  });

  it('rate limits: one bucket across instances', async () => {
    const one = new PgRateLimits(a, 5, silentLogger);
    const two = new PgRateLimits(b, 5, silentLogger);
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push(await (i % 2 ? one : two).take('rm:shared'));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits[5]).toBeGreaterThanOrEqual(1);
  });

  it('revocations: a token revoked on one instance is revoked on the other until it expires', async () => {
    await new PgRevocationList(a).revoke('jti-1', new Date(Date.now() + 60_000));
    await new PgRevocationList(a).revoke('jti-old', new Date(Date.now() - 1_000));
    expect(await new PgRevocationList(b).isRevoked('jti-1')).toBe(true);
    expect(await new PgRevocationList(b).isRevoked('jti-old')).toBe(false);
    expect(await new PgRevocationList(b).purgeExpired()).toBe(1);
  });

  it('database down: UnavailableError (503) while it is gone, the same pool recovers when it is back', async () => {
    const store = new PgConversationStore(a);
    const limits = new PgRateLimits(a, 1000, silentLogger);
    await pg.kill();
    try {
      const err = await store.get('conv-1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnavailableError);
      expect((err as UnavailableError).retryAfterS).toBeGreaterThan(0);
      await expect(new PgAuditLog(a).append(record('while-down'))).rejects.toBeInstanceOf(UnavailableError);
      // The limit falls back to this instance's buckets rather than refusing every request.
      expect(await limits.take('rm:x')).toBe(0);
    } finally {
      await pg.restart();
    }
    expect((await store.get('conv-1'))?.ownerId).toBe('customer:C1');
    expect(await new PgAuditLog(a).get('while-down')).toBeUndefined();
    expect(await new PgAuditLog(b).verify()).toMatchObject({ ok: true });
  });
});
