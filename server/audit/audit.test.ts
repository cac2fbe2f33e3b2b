import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_SCHEMA_VERSION, FileAuditLog, type AuditRecord } from './index.ts';

const record = (auditId: string): AuditRecord => ({
  schemaVersion: AUDIT_SCHEMA_VERSION,
  auditId,
  at: new Date(0).toISOString(),
  mode: 'customer',
  principal: { role: 'customer', id: 'customer:C1' },
  customerId: 'C1',
  conversationId: 'conv',
  generator: 'template',
  model: 'template',
  template: true,
  promptId: 'customer-advice',
  promptVersion: '1.0.0',
  promptComponents: {},
  groundingIds: ['customer:C1'],
  message: 'hi',
  answer: 'hello',
  recommendations: [],
  disclaimer: false,
  guardrails: [],
  attempts: 1,
  timings: { total: 1 },
});

describe('FileAuditLog', () => {
  it('appends one JSON line per answer and finds records by id, also after restart', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'audit-'));
    try {
      const log = new FileAuditLog(dir);
      await Promise.all([log.append(record('a1')), log.append(record('a2'))]);
      const lines = (await readFile(path.join(dir, 'audit', 'answers.jsonl'), 'utf8')).trim().split('\n');
      expect(lines.map((l) => JSON.parse(l).auditId).sort()).toEqual(['a1', 'a2']);
      const reopened = new FileAuditLog(dir);
      expect((await reopened.get('a2'))?.auditId).toBe('a2');
      expect(await reopened.get('nope')).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
