import { readJsonl } from '../../data/synthetic/jsonl.ts';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { stringify } from 'yaml';
import type { FeedbackRecord } from '../../server/feedback/store.ts';
import { parseSuite } from '../suite/load.ts';

/**
 * Rated answers → regression cases in the eval suite format (eval/suite/schema.ts). Feedback is
 * joined with the audit log by audit id; the latest rating of an answer wins.
 * - 👎 → a case that must not recur: the rated answer's opening sentence must not come back
 *   (`not-contains`), and the products it recommended must not be recommended again for the same
 *   question (`recommends.forbidden`). The comment goes into the description for the reviewer.
 * - 👍 → a case that keeps the good behaviour: the same products are still recommended
 *   (`recommends.expected`), plus the suite defaults (grounded, no foreign PII).
 * Cases are a draft for a person to review before they join CI; the output is validated with
 * the suite parser before it is written.
 */

/** The audit fields used here. Audit entries carry more; unknown fields are ignored. */
const AuditEntrySchema = z
  .object({
    auditId: z.string().optional(),
    id: z.string().optional(),
    mode: z.enum(['customer', 'rm']).optional(),
    customerId: z.string().optional(),
    message: z.string().optional(),
    question: z.string().optional(),
    answer: z
      .union([
        z.string(),
        z
          .object({
            answer: z.string().optional(),
            recommendations: z.array(z.object({ productId: z.string() }).passthrough()).optional(),
          })
          .passthrough(),
      ])
      .optional(),
    text: z.string().optional(),
    /** Audit records carry product ids; structured answers carry { productId }. */
    recommendations: z.array(z.union([z.string(), z.object({ productId: z.string() }).passthrough()])).optional(),
    createdAt: z.string().optional(),
    at: z.string().optional(),
  })
  .passthrough();
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export async function readAuditLog(file: string): Promise<Map<string, AuditEntry>> {
  const out = new Map<string, AuditEntry>();
  if (!existsSync(file)) return out;
  for await (const entry of readJsonl(file, AuditEntrySchema)) {
    const id = entry.auditId ?? entry.id;
    if (id) out.set(id, entry);
  }
  return out;
}

export interface Skipped {
  auditId: string;
  reason: string;
}

const caseId = (rating: string, auditId: string) =>
  `feedback-${rating}-${auditId.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 80);

/** The first sentence of an answer, as the text that must not recur (long enough to be specific). */
function openingSentence(answer: string): string | undefined {
  const first =
    answer
      .trim()
      .split(/(?<=[.!?])\s+/)[0]
      ?.trim() ?? '';
  const s = first.length > 160 ? first.slice(0, 160) : first;
  return s.length >= 20 ? s : undefined;
}

export function buildFeedbackSuite(
  feedback: FeedbackRecord[],
  audit: Map<string, AuditEntry>,
  options: { suite?: string } = {},
): { yaml: string; cases: number; skipped: Skipped[] } {
  const latest = new Map<string, FeedbackRecord>();
  for (const f of feedback) latest.set(f.auditId, f);
  const skipped: Skipped[] = [];
  const cases: Record<string, unknown>[] = [];
  for (const f of latest.values()) {
    const entry = audit.get(f.auditId);
    if (!entry) {
      skipped.push({ auditId: f.auditId, reason: 'not in the audit log' });
      continue;
    }
    const question = entry.message ?? entry.question;
    if (!question) {
      skipped.push({ auditId: f.auditId, reason: 'audit entry has no user message' });
      continue;
    }
    const mode = entry.mode ?? (entry.customerId ? 'customer' : 'rm');
    if (mode === 'customer' && !entry.customerId) {
      skipped.push({ auditId: f.auditId, reason: 'customer-mode answer without a customer id' });
      continue;
    }
    const answerText = typeof entry.answer === 'string' ? entry.answer : (entry.answer?.answer ?? entry.text ?? '');
    const recs = (
      entry.recommendations ??
      (typeof entry.answer === 'object' ? entry.answer.recommendations : undefined) ??
      []
    ).map((r) => (typeof r === 'string' ? r : r.productId));
    const when = (entry.at ?? entry.createdAt ?? f.createdAt).slice(0, 10);
    const assertions: Record<string, unknown>[] = [];
    if (f.rating === 'down') {
      const opening = openingSentence(answerText);
      if (opening)
        assertions.push({
          type: 'not-contains',
          description: 'the rated-down answer must not recur',
          value: { all: [opening] },
        });
      if (recs.length)
        assertions.push({
          type: 'recommends',
          description: 'products in the rated-down answer must not be recommended again',
          value: { forbidden: recs },
        });
      if (!assertions.length) {
        skipped.push({
          auditId: f.auditId,
          reason: 'rated-down answer has neither text nor recommendations to forbid',
        });
        continue;
      }
    } else if (recs.length) {
      assertions.push({
        type: 'recommends',
        description: 'the well-rated recommendations are kept',
        value: { expected: recs },
      });
    }
    const comment = f.comment ? ` Comment: "${f.comment}"` : '';
    cases.push({
      id: caseId(f.rating, f.auditId),
      description: `${f.rating === 'down' ? 'Rated down' : 'Rated up'} by ${f.by.role} on ${f.createdAt.slice(0, 10)} (answer of ${when}, audit ${f.auditId}).${comment}`,
      mode,
      ...(mode === 'customer' ? { customer: entry.customerId } : {}),
      turns: [{ user: question }],
      assertions,
      tags: ['feedback', f.rating === 'down' ? 'negative' : 'positive'],
    });
  }
  const suite = {
    suite: options.suite ?? 'feedback-regressions',
    description:
      'Generated by npm run eval:from-feedback from rated answers (feedback.jsonl joined with the audit log). Review before adding to CI.',
    kind: 'behaviour',
    defaults: { mode: 'customer', tags: ['feedback'], assertions: [{ type: 'grounded' }, { type: 'no-foreign-pii' }] },
    cases,
  };
  const yaml = `# Generated file — edit the cases you keep; rerunning the command overwrites it.\n${stringify(suite, { lineWidth: 0 })}`;
  return { yaml, cases: cases.length, skipped };
}

/** Validate with the suite parser (throws SuiteError with file:line). Empty suites are not valid suites. */
export function validateSuite(yaml: string, file: string) {
  return parseSuite(yaml, file);
}
