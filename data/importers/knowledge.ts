import { createHash } from 'node:crypto';

/**
 * A knowledge document for the `knowledge` collection (FAQ and policy passages). Ids are
 * content hashes, so re-importing the same file gives the same ids (idempotent ingestion) and an
 * identical row repeated in a file becomes one document that lists every line it came from.
 */
export interface KnowledgeDoc {
  /** `<source>-<16 hex of sha256(class, question, answer)>` (FAQs) or `<source>-<item id>`. */
  id: string;
  source: 'bank-faqs' | 'financebench';
  question: string;
  answer: string;
  class: string;
  /** The passage to embed and show: question and answer (plus evidence for FinanceBench). */
  text: string;
  /** 1-based lines of the source file this document came from. */
  lines: number[];
}

export const contentId = (source: string, ...parts: string[]) =>
  `${source}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16)}`;

/** Collapse runs of whitespace (the FAQ file has double spaces and stray newlines). */
export const normalizeSpace = (s: string) => s.replace(/\s+/g, ' ').trim();
