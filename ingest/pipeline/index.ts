import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../lib/config/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import { createProgress } from '../../lib/progress/index.ts';
import { COLLECTIONS, type CollectionName, type VectorStore } from '../../lib/vector-store/types.ts';
import type { Embedder } from '../embed/embedder.ts';
import { CustomerSchema, type Customer } from '../schema/index.ts';
import { defaultSyntheticDir, readJsonl, writeSyntheticDataset } from '../synthetic/index.ts';
import { FAQS_FILE, importFaqs } from '../importers/faqs.ts';
import { formatRowError } from '../importers/rows.ts';
import { ingestCollection, type CollectionReport } from './ingest-collection.ts';
import { customerRecord, knowledgeRecord, productRecords, type PreparedRecord } from './records.ts';

export { ingestCollection, type CollectionReport, type StageTimings } from './ingest-collection.ts';
export { customerRecord, knowledgeRecord, productRecords, contentHash, CONTENT_HASH_KEY, type PreparedRecord } from './records.ts';

export interface IngestAllOptions {
  config: Pick<Config, 'stateDir' | 'seed' | 'customers' | 'sharedDataDir'>;
  store: VectorStore;
  embedder: Embedder;
  log?: Logger;
  /** Which collections (default: all three). */
  collections?: readonly CollectionName[];
  /** Customers JSONL to ingest instead of the synthetic dataset. */
  customersFile?: string;
  /** Or an in-memory list (tests, scripts). */
  customers?: Iterable<Customer> | AsyncIterable<Customer>;
  /** Limit the knowledge passages (tests). */
  maxKnowledge?: number;
  /** Drop the collections first (e.g. after switching embedder). */
  reset?: boolean;
  batchSize?: number;
  /** Show progress (default true). */
  progress?: boolean;
  signal?: AbortSignal;
}

export interface IngestReport {
  embedder: { id: string; kind: string; fileHash: string; dim: number };
  collections: CollectionReport[];
  customersFile?: string;
}

/** The synthetic customers file, generated first when missing or made with another seed/count. */
export async function ensureSyntheticCustomers(config: IngestAllOptions['config'], log?: Logger, showProgress = true): Promise<string> {
  const dir = defaultSyntheticDir(config);
  const file = path.join(dir, 'customers.jsonl');
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile) && existsSync(file)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as { seed?: number; count?: number };
    if (m.seed === config.seed && m.count === config.customers) return file;
  }
  const say = (msg: string) => (log ? log.info(msg) : process.stderr.write(`${msg}\n`));
  say(`generating the synthetic dataset: ${config.customers} customers, seed ${config.seed} → ${dir}`);
  const progress = createProgress({ label: 'generate', total: config.customers, unit: 'customers', silent: !showProgress });
  let last = 0;
  await writeSyntheticDataset({
    dir,
    seed: config.seed,
    count: config.customers,
    onProgress: (done) => {
      progress.tick(done - last);
      last = done;
    },
  });
  progress.done();
  return file;
}

async function* customerRecords(customers: Iterable<Customer> | AsyncIterable<Customer>, source: string): AsyncGenerator<PreparedRecord> {
  for await (const c of customers as AsyncIterable<Customer>) yield customerRecord(c, source);
}

/** Bank FAQs as knowledge passages via DATA's importer; rejected rows are reported (file:line: field: reason), not fatal. */
export async function knowledgeRecords(sharedDataDir: string, options: { max?: number; onRowError?: (line: string) => void } = {}): Promise<PreparedRecord[]> {
  const file = path.join(sharedDataDir, FAQS_FILE);
  if (!existsSync(file)) return [];
  const result = await importFaqs(file);
  for (const e of result.errors) options.onRowError?.(formatRowError(e));
  const docs = options.max ? result.rows.slice(0, options.max) : result.rows;
  return docs.map(knowledgeRecord);
}

/**
 * Ingest every collection: `products` (catalog passages), `knowledge` (bank FAQs), `customers`
 * (synthetic dataset, generated first if missing, or a given file/list). Idempotent and resumable.
 */
export async function ingestAll(options: IngestAllOptions): Promise<IngestReport> {
  const { config, store, embedder, log } = options;
  const wanted = options.collections ?? COLLECTIONS;
  const showProgress = options.progress ?? true;
  const say = (msg: string) => (log ? log.info(msg) : showProgress && process.stderr.write(`${msg}\n`));
  const reports: CollectionReport[] = [];
  if (options.reset) for (const c of wanted) await store.deleteCollection(c);

  const run = async (collection: CollectionName, records: AsyncIterable<PreparedRecord> | Iterable<PreparedRecord>, total?: number) => {
    const progress = createProgress({ label: `ingest ${collection}`, total, unit: 'records', silent: !showProgress });
    const report = await ingestCollection({ store, embedder, collection, records, batchSize: options.batchSize, progress, signal: options.signal });
    progress.done();
    say(`ingest ${collection}: ${report.seen} records, ${report.embedded} embedded, ${report.skipped} unchanged (skipped) in ${(report.wallMs / 1000).toFixed(1)}s`);
    reports.push(report);
  };

  if (wanted.includes('products')) {
    const records = productRecords();
    await run('products', records, records.length);
  }
  if (wanted.includes('knowledge')) {
    const records = await knowledgeRecords(config.sharedDataDir, { max: options.maxKnowledge, onRowError: (line) => (log ? log.warn(`knowledge row rejected: ${line}`) : process.stderr.write(`knowledge row rejected: ${line}\n`)) });
    if (records.length === 0) say(`ingest knowledge: ${path.join(config.sharedDataDir, FAQS_FILE)} not found — knowledge collection left empty`);
    await run('knowledge', records, records.length);
  }
  let customersFile: string | undefined;
  if (wanted.includes('customers')) {
    if (options.customers) {
      await run('customers', customerRecords(options.customers, 'provided'));
    } else {
      customersFile = options.customersFile ?? (await ensureSyntheticCustomers(config, log, showProgress));
      const source = options.customersFile ? path.basename(options.customersFile) : 'synthetic';
      const total = options.customersFile ? undefined : config.customers;
      await run('customers', customerRecords(readJsonl(customersFile, CustomerSchema), source), total);
    }
  }
  return { embedder: { id: embedder.id, kind: embedder.kind, fileHash: embedder.fileHash, dim: embedder.dim }, collections: reports, customersFile };
}
