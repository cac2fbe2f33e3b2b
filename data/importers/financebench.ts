import { z } from 'zod';
import { readJsonlRecords } from '../synthetic/jsonl.ts';
import type { ImportResult, RowError } from './rows.ts';
import { type KnowledgeDoc, normalizeSpace } from './knowledge.ts';

/**
 * FinanceBench open-source subset (financebench/financebench_open_source.jsonl; SOURCES.md §4)
 * → knowledge documents: question, gold answer and the short evidence texts (not the full pages).
 */
export const FINANCEBENCH_FILE = 'financebench/financebench_open_source.jsonl';

const FinanceBenchRowSchema = z.object({
  financebench_id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -'),
  company: z.string().min(1),
  doc_name: z.string().min(1),
  question_type: z.string().min(1),
  question: z.string().min(1),
  answer: z.string().min(1),
  justification: z.string().nullable().optional(),
  evidence: z
    .array(z.object({ evidence_text: z.string(), doc_name: z.string(), evidence_page_num: z.number().int() }))
    .default([]),
});

export async function importFinanceBench(file: string): Promise<ImportResult<KnowledgeDoc>> {
  const rows: KnowledgeDoc[] = [];
  const errors: RowError[] = [];
  const badLines = new Set<number>();
  for await (const { line, value } of readJsonlRecords(file, FinanceBenchRowSchema, {
    onError: (e) => {
      errors.push(e);
      badLines.add(e.line);
    },
  })) {
    const evidence = value.evidence.map((e) => normalizeSpace(e.evidence_text)).filter(Boolean);
    rows.push({
      id: `financebench-${value.financebench_id}`,
      source: 'financebench',
      question: normalizeSpace(value.question),
      answer: normalizeSpace(value.answer),
      class: `financebench:${value.question_type}`,
      text: [
        `${value.company} (${value.doc_name}): ${normalizeSpace(value.question)}`,
        `Answer: ${normalizeSpace(value.answer)}`,
        ...evidence.map((e) => `Evidence: ${e.slice(0, 1500)}`),
      ].join('\n'),
      lines: [line],
    });
  }
  return { rows, errors, rejectedRows: badLines.size };
}
