import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ChatPlan } from '../../domain/api/chat-stream.ts';

/**
 * Audit trail: one JSON line per answer, append-only, at `<stateDir>/audit/answers.jsonl`.
 * Says which generator, model, prompt (id + version + component versions) and grounding ids
 * produced each answer, and what the guardrails did. Feedback and escalations read it for feedback and
 * escalations (`get(auditId)`).
 */
export const AUDIT_SCHEMA_VERSION = 1;

export interface AuditRecord {
  schemaVersion: number;
  auditId: string;
  at: string;
  requestId?: string;
  mode: 'customer' | 'rm';
  principal: { role: 'rm' | 'customer'; id: string };
  customerId?: string;
  conversationId: string;
  generator: string;
  model: string;
  template: boolean;
  promptId: string;
  promptVersion: string;
  promptComponents: Record<string, string>;
  groundingIds: string[];
  recommenderModel?: string;
  message: string;
  answer: string;
  recommendations: string[];
  disclaimer: boolean;
  guardrails: { rule: string; where: string; detail: string; attempt: number }[];
  attempts: number;
  fallback?: string;
  intent?: { label: string; confidence: number; escalate: boolean; route?: string; escalationReason?: string };
  /** The planned intent and tools of the turn. */
  plan?: ChatPlan;
  usage?: { promptTokens: number; completionTokens: number };
  timings: Record<string, number | undefined>;
}

export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  get(auditId: string): Promise<AuditRecord | undefined>;
  /** The newest `limit` answers whose intent was flagged for human escalation, newest first. */
  escalations?(limit: number): Promise<AuditRecord[]>;
}

/** A customer's message flagged for a person (an RM's own question is not escalated: the RM is the person). */
const isEscalation = (r: AuditRecord) => r.mode === 'customer' && r.intent?.escalate === true;

/** Appends with O_APPEND (one write per line: lines never interleave); keeps a bounded index of recent ids. */
export class FileAuditLog implements AuditLog {
  readonly file: string;
  private readonly recent = new Map<string, AuditRecord>();
  private dirReady?: Promise<unknown>;

  constructor(
    stateDir: string,
    private readonly recentLimit = 5000,
  ) {
    this.file = path.join(stateDir, 'audit', 'answers.jsonl');
  }

  async append(record: AuditRecord): Promise<void> {
    this.dirReady ??= mkdir(path.dirname(this.file), { recursive: true });
    await this.dirReady;
    await appendFile(this.file, `${JSON.stringify(record)}\n`, { flag: 'a' });
    this.recent.set(record.auditId, record);
    if (this.recent.size > this.recentLimit) this.recent.delete(this.recent.keys().next().value!);
  }

  async get(auditId: string): Promise<AuditRecord | undefined> {
    const hit = this.recent.get(auditId);
    if (hit) return hit;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return undefined;
    }
    for (const line of text.split('\n')) {
      if (line.includes(auditId)) {
        try {
          const r = JSON.parse(line) as AuditRecord;
          if (r.auditId === auditId) return r;
        } catch {
          /* a torn last line after a crash: skip */
        }
      }
    }
    return undefined;
  }

  /** Streams the log once, keeping only the last `limit` escalations (bounded memory on a large log). */
  async escalations(limit: number): Promise<AuditRecord[]> {
    const kept: AuditRecord[] = [];
    const lines = createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        // Cheap pre-filter: only lines with an escalated intent are parsed.
        if (!line.includes('"escalate":true')) continue;
        try {
          const r = JSON.parse(line) as AuditRecord;
          if (!isEscalation(r)) continue;
          kept.push(r);
          if (kept.length > limit) kept.shift();
        } catch {
          /* a torn last line after a crash: skip */
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return kept.reverse();
  }
}

/** For tests and bench: keeps records in memory. */
export class MemoryAuditLog implements AuditLog {
  readonly records: AuditRecord[] = [];
  async append(record: AuditRecord): Promise<void> {
    this.records.push(record);
  }
  async get(auditId: string): Promise<AuditRecord | undefined> {
    return this.records.find((r) => r.auditId === auditId);
  }
  async escalations(limit: number): Promise<AuditRecord[]> {
    return this.records.filter(isEscalation).slice(-limit).reverse();
  }
}
