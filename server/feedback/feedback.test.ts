import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog, AUDIT_SCHEMA_VERSION, type AuditRecord } from '../audit/index.ts';
import { authenticate, mintCustomerToken } from '../http/auth.ts';
import { sampleCustomer } from '../../testkit/transactions-customers.ts';
import { behaviourTestApp, TEST_RM_KEY } from '../../testkit/insights-app.ts';
import { buildFeedbackSuite, readAuditLog, validateSuite } from '../../eval/from-feedback/build.ts';
import { createFeedbackStore, feedbackFile, readFeedback } from './store.ts';

const audit = (auditId: string, customerId: string, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  schemaVersion: AUDIT_SCHEMA_VERSION,
  auditId,
  at: '2026-11-20T10:00:00.000Z',
  mode: 'customer',
  principal: { role: 'customer', id: `customer:${customerId}` },
  customerId,
  conversationId: 'conv1',
  generator: 'template',
  model: 'template',
  template: true,
  promptId: 'advice',
  promptVersion: '1',
  promptComponents: {},
  groundingIds: [],
  message: 'Which savings account should I open?',
  answer: 'You could consider the Premium Growth Fund for high returns. It suits long horizons.',
  recommendations: ['fund-growth'],
  disclaimer: true,
  guardrails: [],
  attempts: 1,
  timings: {},
  ...extra,
});

describe('feedback round trip', () => {
  it('POST /api/feedback stores append-only lines joined to the audit log, and eval:from-feedback turns them into cases', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'feedback-'));
    try {
      const auditLog = new FileAuditLog(stateDir);
      const rm = (await authenticate(`Bearer ${TEST_RM_KEY}`, {
        rmApiKeys: [],
        supervisorApiKeys: [TEST_RM_KEY],
        jwtSecret: 'unused',
      }))!;
      await auditLog.append(audit('ans-down', 'C0000001'));
      // An answer the RM got (about the same customer): the RM rates it, the customer may not.
      await auditLog.append(
        audit('ans-up', 'C0000001', {
          mode: 'rm',
          principal: { role: 'rm', id: rm.id },
          answer: 'An easy-access saver fits your goal.',
          recommendations: ['savings-easy'],
        }),
      );
      await auditLog.append(audit('ans-other', 'C0000002'));
      const store = createFeedbackStore(feedbackFile(stateDir));
      const { app, config } = behaviourTestApp([sampleCustomer({ id: 'C0000001' })], {
        feedback: store,
        audit: auditLog,
      });
      const { token } = await mintCustomerToken(config.jwtSecret, 'C0000001');
      const post = (body: unknown, auth = `Bearer ${token}`) =>
        app.request('/api/feedback', {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });

      const down = await post({ auditId: 'ans-down', rating: 'down', comment: 'I asked about savings, not funds' });
      expect(down.status).toBe(201);
      expect(await down.json()).toMatchObject({ auditId: 'ans-down', rating: 'down' });
      expect((await post({ auditId: 'ans-up', rating: 'up' }, `Bearer ${TEST_RM_KEY}`)).status).toBe(201);

      // Bad input names the field; unknown answers are 404; other customers' answers 403; no credential 401.
      const bad = await post({ auditId: 'ans-down', rating: 'meh' });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.field).toMatch(/rating/);
      const missing = await post({ rating: 'up' });
      expect(missing.status).toBe(400);
      expect((await missing.json()).error.field).toMatch(/auditId/);
      expect((await post({ auditId: 'ans-down', rating: 'up', extra: 1 })).status).toBe(400);
      expect((await post({ auditId: 'no-such-answer', rating: 'up' })).status).toBe(404);
      expect((await post({ auditId: 'ans-other', rating: 'up' })).status).toBe(403);
      expect((await post({ auditId: 'ans-up', rating: 'down' })).status).toBe(403);
      expect((await post({ auditId: 'ans-down', rating: 'up' }, `Bearer ${TEST_RM_KEY}`)).status).toBe(403);
      expect((await post({ auditId: 'ans-down', rating: 'up' }, '')).status).toBe(401);

      // Stored append-only: exactly the two accepted ratings, with who rated.
      const lines = readFileSync(feedbackFile(stateDir), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(2);
      const records = await readFeedback(feedbackFile(stateDir));
      expect(records.map((r) => [r.auditId, r.rating, r.by.role])).toEqual([
        ['ans-down', 'down', 'customer'],
        ['ans-up', 'up', 'supervisor'],
      ]);
      expect(records[0]!.comment).toBe('I asked about savings, not funds');

      // → regression cases in the eval suite format, validated by the suite parser.
      const suite = buildFeedbackSuite(records, await readAuditLog(auditLog.file));
      expect(suite.cases).toBe(2);
      const loaded = validateSuite(suite.yaml, 'feedback-regressions.yaml');
      const negative = loaded.cases.find((c) => c.id === 'feedback-down-ans-down')!;
      expect(negative.customerId).toBe('C0000001');
      expect(negative.turns).toEqual([{ user: 'Which savings account should I open?' }]);
      expect(negative.tags).toContain('negative');
      expect(negative.description).toContain('I asked about savings, not funds');
      const types = negative.assertions.map((a) => a.type);
      expect(types).toEqual(expect.arrayContaining(['not-contains', 'recommends']));
      expect(negative.assertions.find((a) => a.type === 'recommends')!.value).toMatchObject({
        forbidden: ['fund-growth'],
      });
      expect(negative.assertions.find((a) => a.type === 'not-contains')!.value).toMatchObject({
        all: ['You could consider the Premium Growth Fund for high returns.'],
      });
      const positive = loaded.cases.find((c) => c.id === 'feedback-up-ans-up')!;
      expect(positive.assertions.find((a) => a.type === 'recommends')!.value).toMatchObject({
        expected: ['savings-easy'],
      });
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('the latest rating of an answer wins; ratings without an audit entry are reported, not dropped silently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'feedback-'));
    try {
      const store = createFeedbackStore(join(dir, 'f.jsonl'));
      await Promise.all([
        store.add({ auditId: 'a1', rating: 'up' }, { role: 'rm', id: 'rm1' }),
        store.add({ auditId: 'gone', rating: 'down' }, { role: 'rm', id: 'rm1' }),
      ]);
      await store.add({ auditId: 'a1', rating: 'down' }, { role: 'rm', id: 'rm1' });
      const auditMap = new Map([
        [
          'a1',
          {
            auditId: 'a1',
            mode: 'rm' as const,
            message: 'top savers?',
            answer: 'Here are the top savers in your book today.',
            recommendations: [],
          },
        ],
      ]);
      const r = buildFeedbackSuite(await store.list(), auditMap);
      expect(r.cases).toBe(1);
      expect(r.yaml).toContain('feedback-down-a1');
      expect(r.skipped).toEqual([{ auditId: 'gone', reason: 'not in the audit log' }]);
      writeFileSync(join(dir, 'f.jsonl'), '{"broken"\n', { flag: 'a' });
      await expect(store.list()).rejects.toThrow(/f\.jsonl:4: \(json\): /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
