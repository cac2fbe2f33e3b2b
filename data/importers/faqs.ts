import { z } from 'zod';
import { type ImportResult, readCsv, type RowError, validateRow } from './rows.ts';
import { contentId, type KnowledgeDoc, normalizeSpace } from './knowledge.ts';

/**
 * Bank FAQs (../shared/data/bank-faqs/BankFAQs.csv, columns Question, Answer, Class; SOURCES.md §5)
 * → knowledge documents. Whitespace is normalised; a row repeated verbatim (the file has 277 such
 * repeats) becomes ONE document listing all its lines, counted in `duplicates` — never dropped
 * silently, never two records with one id.
 */
export const FAQS_FILE = 'bank-faqs/BankFAQs.csv';

const text = (name: string, max: number) =>
  z
    .string({ message: `${name} is missing` })
    .transform(normalizeSpace)
    .pipe(z.string().min(1, `${name} is empty`).max(max, `${name} longer than ${max} characters`));

const FaqRowSchema = z.object({
  Question: text('question', 1_000),
  Answer: text('answer', 10_000),
  Class: z
    .string({ message: 'class is missing' })
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.string().regex(/^[a-z][a-z_-]{0,39}$/, 'expected a lowercase class name like "cards" or "loans"')),
});
type FaqRow = z.output<typeof FaqRowSchema>;

export interface FaqImportResult extends ImportResult<KnowledgeDoc> {
  /** Data rows read (excluding the header). */
  rowsRead: number;
  /** Rows identical to an earlier row, merged into its document. */
  duplicates: number;
}

const faqToDoc = (row: FaqRow, line: number): KnowledgeDoc => ({
  id: contentId('faq', row.Class, row.Question, row.Answer),
  source: 'bank-faqs',
  question: row.Question,
  answer: row.Answer,
  class: row.Class,
  text: `${row.Question}\n${row.Answer}`,
  lines: [line],
});

export async function importFaqs(file: string): Promise<FaqImportResult> {
  const docs = new Map<string, KnowledgeDoc>();
  const errors: RowError[] = [];
  let rejectedRows = 0;
  let rowsRead = 0;
  let duplicates = 0;
  for await (const rec of readCsv(file)) {
    rowsRead++;
    const v = validateRow(FaqRowSchema, rec.values, file, rec.line);
    if (!v.ok) {
      errors.push(...v.errors);
      rejectedRows++;
      continue;
    }
    const doc = faqToDoc(v.value, rec.line);
    const existing = docs.get(doc.id);
    if (existing) {
      existing.lines.push(rec.line);
      duplicates++;
    } else docs.set(doc.id, doc);
  }
  return { rows: [...docs.values()], errors, rejectedRows, rowsRead, duplicates };
}
