import { readJsonl } from '../../data/synthetic/jsonl.ts';
import { existsSync } from 'node:fs';
import type { ChainVerdict } from '../audit/chain.ts';
import { ChainedJsonlFile } from '../audit/chained-file.ts';
import { redactPii } from '../audit/redact.ts';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Thumbs up/down on answers, append-only JSONL (`<stateDir>/feedback/feedback.jsonl`): nothing is
 * ever rewritten; a second rating of the same answer is a new line (the latest one wins when
 * read). Writes are serialized in-process so lines never interleave. Like the audit log, lines are
 * hash-chained (`npm run audit:verify`), the file is 0600, comments are stored without account or
 * card numbers, emails or phone numbers, and old lines are pruned after the retention period.
 */
const FEEDBACK_SCHEMA_VERSION = 1;
export const AUDIT_ID_PATTERN = /^[A-Za-z0-9_:.-]{1,128}$/;

const FeedbackInputSchema = z
  .object({
    auditId: z
      .string()
      .regex(
        AUDIT_ID_PATTERN,
        'the audit id of an answer (data-meta auditId): letters, digits, _ : . or -, at most 128',
      ),
    rating: z.enum(['up', 'down']),
    comment: z.string().trim().max(2000, 'at most 2000 characters').optional(),
  })
  .strict();
export type FeedbackInput = z.infer<typeof FeedbackInputSchema>;

const FeedbackRecordSchema = FeedbackInputSchema.extend({
  schemaVersion: z.literal(FEEDBACK_SCHEMA_VERSION),
  id: z.string(),
  createdAt: z.string(),
  /** Who rated: an RM id or a customer id (never a name). */
  by: z.object({ role: z.enum(['rm', 'supervisor', 'customer']), id: z.string() }),
  chain: z.object({ seq: z.number().int(), prevHash: z.string(), hash: z.string() }).optional(),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;

export interface FeedbackStore {
  add(input: FeedbackInput, by: FeedbackRecord['by']): Promise<FeedbackRecord>;
  /** Every record, oldest first; in the file store a malformed line is reported with file:line, never skipped silently. */
  list(): Promise<FeedbackRecord[]>;
  /** The file store's hash chain (a database store relies on the table being insert-only instead). */
  verify?(): Promise<ChainVerdict>;
  /** Drop ratings older than `before` (retention); returns how many. */
  prune(before: Date): Promise<number>;
}

export const feedbackFile = (stateDir: string) => join(stateDir, 'feedback', 'feedback.jsonl');

/** A new rating with its id and time, its comment without PII; every store writes records made here. */
export function newFeedbackRecord(input: FeedbackInput, by: FeedbackRecord['by']): FeedbackRecord {
  return {
    schemaVersion: FEEDBACK_SCHEMA_VERSION,
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    by,
    ...input,
    ...(input.comment !== undefined ? { comment: redactPii(input.comment) } : {}),
  };
}

export function createFeedbackStore(file: string): FeedbackStore & { readonly file: string } {
  const chained = feedbackChainFile(file);
  return {
    file,
    add(input, by) {
      return chained.append(newFeedbackRecord(input, by));
    },
    list: () => readFeedback(file),
    verify: () => chained.verify(),
    prune: (before) => chained.prune(before),
  };
}

/** The chained file of a feedback log (also what `npm run audit:verify` opens). */
export function feedbackChainFile(file: string): ChainedJsonlFile<FeedbackRecord> {
  return new ChainedJsonlFile<FeedbackRecord>(file, { timeOf: (r) => r.createdAt, idOf: (r) => r.id });
}

export async function readFeedback(file: string): Promise<FeedbackRecord[]> {
  if (!existsSync(file)) return [];
  const out: FeedbackRecord[] = [];
  for await (const record of readJsonl(file, FeedbackRecordSchema)) out.push(record);
  return out;
}
