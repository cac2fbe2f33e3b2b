import { readJsonl } from '../../data/synthetic/jsonl.ts';
import { appendFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * Thumbs up/down on answers, append-only JSONL (`<stateDir>/feedback/feedback.jsonl`): nothing is
 * ever rewritten; a second rating of the same answer is a new line (the latest one wins when
 * read). Writes are serialized in-process so lines never interleave.
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
  by: z.object({ role: z.enum(['rm', 'customer']), id: z.string() }),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;

export interface FeedbackStore {
  add(input: FeedbackInput, by: FeedbackRecord['by']): Promise<FeedbackRecord>;
  /** Every record, oldest first; in the file store a malformed line is reported with file:line, never skipped silently. */
  list(): Promise<FeedbackRecord[]>;
}

export const feedbackFile = (stateDir: string) => join(stateDir, 'feedback', 'feedback.jsonl');

/** A new rating with its id and time; every store writes records made here. */
export function newFeedbackRecord(input: FeedbackInput, by: FeedbackRecord['by']): FeedbackRecord {
  return {
    schemaVersion: FEEDBACK_SCHEMA_VERSION,
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    by,
    ...input,
  };
}

export function createFeedbackStore(file: string): FeedbackStore & { readonly file: string } {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    file,
    add(input, by) {
      const record = newFeedbackRecord(input, by);
      const write = queue.then(async () => {
        await mkdir(dirname(file), { recursive: true });
        await appendFile(file, `${JSON.stringify(record)}\n`, { flag: 'a' });
        return record;
      });
      queue = write.catch(() => undefined);
      return write;
    },
    list: () => readFeedback(file),
  };
}

export async function readFeedback(file: string): Promise<FeedbackRecord[]> {
  if (!existsSync(file)) return [];
  const out: FeedbackRecord[] = [];
  for await (const record of readJsonl(file, FeedbackRecordSchema)) out.push(record);
  return out;
}
