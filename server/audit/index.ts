import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ChatPlan } from '../../domain/api/chat-stream.ts';
import type { Logger } from '../../lib/log/index.ts';
import type { ChainLink, ChainVerdict } from './chain.ts';
import { ChainedJsonlFile } from './chained-file.ts';
import { redactPii } from './redact.ts';

/**
 * Audit trail: one JSON line per answer, append-only, at `<stateDir>/audit/answers.jsonl`.
 * Says which generator, model, prompt (id + version + component versions) and grounding ids
 * produced each answer, and what the guardrails did. Feedback and escalations read it for feedback and
 * escalations (`get(auditId)`). Tamper-evident: every line is hash-chained to the one before
 * (server/audit/chain.ts; `npm run audit:verify`). Account and card numbers, emails and phone
 * numbers are redacted from the message and answer before they are stored (redactForAudit).
 */
export const AUDIT_SCHEMA_VERSION = 1;

export interface AuditRecord {
  schemaVersion: number;
  auditId: string;
  at: string;
  requestId?: string;
  mode: 'customer' | 'rm';
  principal: { role: 'rm' | 'supervisor' | 'customer'; id: string };
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
  /** The hash-chain link, set when the record is stored. */
  chain?: ChainLink;
}

/** What every audit backend stores instead of the raw record: message and answer without PII. */
export function redactForAudit(record: AuditRecord): AuditRecord {
  return { ...record, message: redactPii(record.message), answer: redactPii(record.answer) };
}

export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  get(auditId: string): Promise<AuditRecord | undefined>;
  /** The newest `limit` answers whose intent was flagged for human escalation, newest first. */
  escalations?(limit: number): Promise<AuditRecord[]>;
  /** Drop answers older than `before` (retention); returns how many. */
  prune?(before: Date): Promise<number>;
}

/** A customer's message flagged for a person (an RM's own question is not escalated: the RM is the person). */
const isEscalation = (r: AuditRecord) => r.mode === 'customer' && r.intent?.escalate === true;

/** Appends with O_APPEND (one write per line: lines never interleave); keeps a bounded index of recent ids. */
export class FileAuditLog implements AuditLog {
  readonly file: string;
  private readonly chained: ChainedJsonlFile<AuditRecord>;
  private readonly recent = new Map<string, AuditRecord>();

  constructor(
    stateDir: string,
    private readonly recentLimit = 5000,
  ) {
    this.file = path.join(stateDir, 'audit', 'answers.jsonl');
    this.chained = auditChainFile(this.file);
  }

  async append(record: AuditRecord): Promise<void> {
    const stored = await this.chained.append(redactForAudit(record));
    this.recent.set(stored.auditId, stored);
    if (this.recent.size > this.recentLimit) this.recent.delete(this.recent.keys().next().value!);
  }

  prune(before: Date): Promise<number> {
    this.recent.clear();
    return this.chained.prune(before);
  }

  verify(): Promise<ChainVerdict> {
    return this.chained.verify();
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

/** The chained file of an answers log (also what `npm run audit:verify` opens). */
export function auditChainFile(file: string): ChainedJsonlFile<AuditRecord> {
  return new ChainedJsonlFile<AuditRecord>(file, { timeOf: (r) => r.at, idOf: (r) => r.auditId });
}

/**
 * Retention: prune each log now and once a day, keeping `days` (0 = keep forever). The timer does
 * not hold the process open.
 */
export function scheduleRetention(
  logs: { name: string; prune?(before: Date): Promise<number> }[],
  days: number,
  log: Logger,
): void {
  if (days <= 0) return;
  const run = () => {
    const before = new Date(Date.now() - days * 86_400_000);
    for (const l of logs)
      l.prune?.(before).then(
        (n) => n > 0 && log.info({ log: l.name, dropped: n, before: before.toISOString() }, 'retention pruned'),
        (err) => log.error({ log: l.name, err: (err as Error).message }, 'retention pruning failed'),
      );
  };
  run();
  setInterval(run, 86_400_000).unref();
}

/** For tests and bench: keeps records in memory (redacted, like every backend). */
export class MemoryAuditLog implements AuditLog {
  readonly records: AuditRecord[] = [];
  async append(record: AuditRecord): Promise<void> {
    this.records.push(redactForAudit(record));
  }
  async get(auditId: string): Promise<AuditRecord | undefined> {
    return this.records.find((r) => r.auditId === auditId);
  }
  async escalations(limit: number): Promise<AuditRecord[]> {
    return this.records.filter(isEscalation).slice(-limit).reverse();
  }
}
