import { createHash } from 'node:crypto';
import { PRODUCTS, PRODUCT_IDS, productChunks } from '../../domain/catalog/index.ts';
import { describeCustomer } from '../../data/describe/index.ts';
import { customerMetadata } from '../../domain/customer-metadata.ts';
import type { Customer } from '../../domain/index.ts';
import type { Metadata } from '../../lib/vector-store/types.ts';
import type { KnowledgeDoc } from '../../data/importers/knowledge.ts';

/**
 * What each collection stores, as records ready to embed: id, the document (the text that is
 * embedded and shown), metadata and a content hash over both. The hash decides whether a record
 * must be re-embedded on a re-run (idempotent, resumable ingestion).
 */
export interface PreparedRecord {
  id: string;
  document: string;
  metadata: Metadata;
  contentHash: string;
}

export const CONTENT_HASH_KEY = 'content_hash';

/** sha256 of the document and the metadata (keys sorted), first 32 hex chars. */
export function contentHash(document: string, metadata: Metadata): string {
  const keys = Object.keys(metadata)
    .filter((k) => k !== CONTENT_HASH_KEY)
    .sort();
  const h = createHash('sha256').update(document).update('\u0000');
  for (const k of keys) h.update(k).update('=').update(String(metadata[k])).update('\u0000');
  return h.digest('hex').slice(0, 32);
}

function finish(id: string, document: string, metadata: Metadata): PreparedRecord {
  const hash = contentHash(document, metadata);
  return { id, document, metadata: { ...metadata, [CONTENT_HASH_KEY]: hash }, contentHash: hash };
}

/**
 * A customer: document = the description template (ingest/describe); metadata = the contract in
 * ingest/schema/customer-metadata.ts (scalars, holds_<productId>, goal_<goal>) plus `source`.
 * No `profile` JSON copy: the contract already holds every Customer field and
 * `customerFromMetadata` rebuilds the profile exactly (the server's customer repository does);
 * the copy cost ~10% of Chroma's write time per customer (bench/ingest, docs/BENCHMARKS.md).
 * `behaviour`: The RM-style sentence about the customer's transactions (ingest/behaviour
 * behaviourPhrase), appended to the description when the customer has transactions.
 */
export function customerRecord(customer: Customer, source = 'synthetic', behaviour?: string): PreparedRecord {
  const metadata: Metadata = { ...customerMetadata(customer, PRODUCT_IDS), source };
  return finish(
    customer.id,
    describeCustomer(customer, PRODUCTS, { extraSentences: behaviour ? [behaviourSentence(behaviour)] : [] }),
    metadata,
  );
}

/**
 * "saves about 12% of income; 4 subscriptions (£46/month); …" → "Saves about 12% of income; …." — no
 * label in front: every extra character is embedded for every customer (ingestion cost is
 * proportional to description length).
 */
const behaviourSentence = (phrase: string) =>
  `${phrase.charAt(0).toUpperCase()}${phrase.slice(1).replace(/[.\s]+$/, '')}.`;

/** Product passages (fact sheet + terms chunks) with the product id and its key figures. */
export function productRecords(): PreparedRecord[] {
  const out: PreparedRecord[] = [];
  for (const p of PRODUCTS) {
    for (const chunk of productChunks(p)) {
      out.push(
        finish(chunk.id, chunk.text, {
          product_id: p.id,
          productId: p.id,
          name: p.name,
          category: p.category,
          risk_level: p.riskLevel,
          chunk: chunk.id.split('#')[1] ?? 'facts',
          source: 'catalog',
        }),
      );
    }
  }
  return out;
}

/**
 * A knowledge passage from DATA's importers (ingest/importers: bank FAQs; ids are content hashes,
 * so re-imports give the same ids): document = question + answer; metadata names its origin.
 */
export function knowledgeRecord(doc: KnowledgeDoc): PreparedRecord {
  return finish(doc.id, doc.text, {
    question: doc.question,
    answer: doc.answer,
    category: doc.class,
    source: doc.source,
    lines: doc.lines.join(','),
  });
}
