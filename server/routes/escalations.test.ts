import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { mintCustomerToken } from '../http/auth.ts';
import { AUDIT_SCHEMA_VERSION, FileAuditLog, MemoryAuditLog, type AuditRecord } from '../audit/index.ts';
import { InMemoryConversationStore } from '../assistant/index.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { TemplateGenerator } from '../assistant/generators/template.ts';
import type { IntentResult, IntentService } from '../../ml/intent/classifier.ts';
import { ESCALATION_NOTICE } from '../assistant/prompts/index.ts';
import { createChatService } from '../bootstrap.ts';
import { parseUiMessageStream } from '../../web/src/shared/sse.ts';

const SECRET = 'test-secret-test-secret-123';
const RM = { authorization: 'Bearer rm-key', 'content-type': 'application/json' };
const asCustomer = async (id: string) => ({
  authorization: `Bearer ${(await mintCustomerToken(SECRET, id)).token}`,
  'content-type': 'application/json',
});

const record = (auditId: string, over: Partial<AuditRecord> = {}): AuditRecord => ({
  schemaVersion: AUDIT_SCHEMA_VERSION,
  auditId,
  at: `2026-01-01T00:00:0${auditId.slice(-1)}.000Z`,
  mode: 'customer',
  principal: { role: 'customer', id: 'customer:C1' },
  customerId: 'C1',
  conversationId: 'conv',
  generator: 'template',
  model: 'template',
  template: true,
  promptId: 'customer-advice',
  promptVersion: '1.1.0',
  promptComponents: {},
  groundingIds: [],
  message: 'hi',
  answer: 'hello',
  recommendations: [],
  disclaimer: false,
  guardrails: [],
  attempts: 1,
  timings: { total: 1 },
  ...over,
});
const fraud = {
  label: 'compromised_card',
  confidence: 0.71,
  escalate: true,
  route: 'escalate',
  escalationReason: 'fraud',
};

/** A scripted classifier: the intent of each message is given by the test (the real one is tested in server/intent). */
function fakeIntent(byMessage: Record<string, Partial<IntentResult>>): IntentService {
  return {
    labels: [],
    async classifyIntent(text) {
      const r = byMessage[text] ?? {
        label: 'balance_not_updated_after_bank_transfer',
        confidence: 0.2,
        route: 'general',
        escalate: false,
      };
      return {
        label: '',
        confidence: 0,
        escalate: false,
        route: 'general',
        escalationMass: 0,
        top: [],
        model: { embedder: 'fake', fileHash: 'x', testAccuracy: 0 },
        ...r,
      } as IntentResult;
    },
  };
}

describe('FileAuditLog.escalations', () => {
  it('streams the log: customer escalations only, newest first, bounded by limit, torn lines skipped', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'esc-'));
    try {
      const log = new FileAuditLog(dir);
      expect(await log.escalations(10)).toEqual([]); // no file yet
      await log.append(record('a1', { intent: fraud }));
      await log.append(record('a2', { intent: { label: 'card_arrival', confidence: 0.9, escalate: false } }));
      await log.append(record('a3', { mode: 'rm', principal: { role: 'rm', id: 'rm:1' }, intent: fraud })); // an RM's own question: not escalated
      await log.append(
        record('a4', { intent: { ...fraud, label: 'transaction_charged_twice', escalationReason: 'dispute' } }),
      );
      await log.append(record('a5', { intent: fraud }));
      await appendFile(log.file, '{"auditId":"torn","intent":{"escalate":true');
      const reopened = new FileAuditLog(dir);
      expect((await reopened.escalations(10)).map((r) => r.auditId)).toEqual(['a5', 'a4', 'a1']);
      expect((await reopened.escalations(2)).map((r) => r.auditId)).toEqual(['a5', 'a4']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /api/rm/escalations', () => {
  it('lists escalated answers for an RM (intent, confidence, reason, 200-char excerpt); customers get 403; bad limit 400; no audit log 503', async () => {
    const audit = new MemoryAuditLog();
    const long = `Someone used my card without permission. ${'x'.repeat(300)}`;
    await audit.append(record('a1', { intent: fraud, message: long, customerId: 'C000042' }));
    await audit.append(record('a2', { intent: { label: 'card_arrival', confidence: 0.9, escalate: false } }));
    await audit.append(
      record('a3', {
        intent: { label: 'terminate_account', confidence: 0.5, escalate: true, escalationReason: 'complaint' },
        customerId: 'C000007',
      }),
    );
    const app = createApp(fakeAppDeps(new TemplateGenerator(), { audit }));
    const res = await app.request('/api/rm/escalations?limit=50', { headers: RM });
    expect(res.status).toBe(200);
    const { escalations } = (await res.json()) as { escalations: Record<string, unknown>[] };
    expect(escalations.map((e) => e.auditId)).toEqual(['a3', 'a1']);
    expect(escalations[1]).toEqual({
      auditId: 'a1',
      time: '2026-01-01T00:00:01.000Z',
      customerId: 'C000042',
      mode: 'customer',
      intent: 'compromised_card',
      confidence: 0.71,
      reason: 'fraud',
      message: long.slice(0, 200),
    });
    expect(escalations[0]).toMatchObject({ intent: 'terminate_account', reason: 'complaint', customerId: 'C000007' });
    const one = (await (await app.request('/api/rm/escalations?limit=1', { headers: RM })).json()) as {
      escalations: unknown[];
    };
    expect(one.escalations).toHaveLength(1);

    expect((await app.request('/api/rm/escalations', { headers: await asCustomer('C000042') })).status).toBe(403);
    expect((await app.request('/api/rm/escalations')).status).toBe(401);
    const bad = await app.request('/api/rm/escalations?limit=0', { headers: RM });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field?: string } }).error.field).toBe('limit');
    expect(
      (
        await createApp(fakeAppDeps(new TemplateGenerator(), { audit: undefined })).request('/api/rm/escalations', {
          headers: RM,
        })
      ).status,
    ).toBe(503);
  });
});

describe('chat routes on the intent', () => {
  function setup(intent: IntentService) {
    const audit = new MemoryAuditLog();
    const deps = fakeAppDeps(new TemplateGenerator(), { audit, intent });
    deps.chat = createChatService(deps, { conversations: new InMemoryConversationStore() });
    return { app: createApp(deps), audit };
  }
  async function chat(app: ReturnType<typeof createApp>, message: string) {
    const res = await app.request('/api/chat', {
      method: 'POST',
      headers: await asCustomer('C000042'),
      body: JSON.stringify({ mode: 'customer', message }),
    });
    const { chunks } = parseUiMessageStream(await res.text());
    const text = (chunks as { type: string; delta?: string }[])
      .filter((c) => c.type === 'text-delta')
      .map((c) => c.delta)
      .join('');
    const data = (type: string) =>
      // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of stream data parts
      (chunks as { type: string; data?: unknown }[]).find((c) => c.type === type)?.data as Record<string, any>;
    return { text, recs: data('data-recommendations'), meta: data('data-meta') };
  }

  it('escalate → the answer says a person will follow up, sells nothing, and data-meta, the audit line and the RM list carry it', async () => {
    const message = 'someone used my card without permission';
    const { app, audit } = setup(fakeIntent({ [message]: fraud as Partial<IntentResult> }));
    const { text, recs, meta } = await chat(app, message);
    expect(text.startsWith(ESCALATION_NOTICE.text)).toBe(true);
    expect(recs.items).toEqual([]);
    expect(meta).toMatchObject({
      escalated: true,
      intent: { label: 'compromised_card', escalate: true, route: 'escalate', escalationReason: 'fraud' },
    });
    expect(audit.records[0]).toMatchObject({
      answer: ESCALATION_NOTICE.text,
      recommendations: [],
      intent: { escalate: true, escalationReason: 'fraud' },
    });
    const list = (await (await app.request('/api/rm/escalations', { headers: RM })).json()) as {
      escalations: Record<string, unknown>[];
    };
    expect(list.escalations).toEqual([
      expect.objectContaining({
        auditId: meta.auditId,
        customerId: 'C000042',
        intent: 'compromised_card',
        reason: 'fraud',
        message,
      }),
    ]);
  });

  it('product-interest intent → answered, not escalated', async () => {
    const message = 'How do I get a virtual card?';
    const { app } = setup(
      fakeIntent({
        [message]: { label: 'getting_virtual_card', confidence: 0.73, route: 'recommendations', escalate: false },
      }),
    );
    const { text, recs, meta } = await chat(app, message);
    expect(text).not.toContain(ESCALATION_NOTICE.text);
    expect(recs.items).toEqual([]);
    expect(meta).toMatchObject({
      escalated: false,
      plan: { kind: 'answer' },
      intent: { label: 'getting_virtual_card', route: 'recommendations' },
    });
    const list = (await (await app.request('/api/rm/escalations', { headers: RM })).json()) as {
      escalations: unknown[];
    };
    expect(list.escalations).toEqual([]);
  });
});
