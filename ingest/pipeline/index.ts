import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../lib/config/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import { createProgress } from '../../lib/progress/index.ts';
import { COLLECTIONS, type CollectionName, type VectorStore } from '../../lib/vector-store/types.ts';
import type { Embedder } from '../../ml/embedder/embedder.ts';
import { CustomerSchema, type Customer } from '../../domain/index.ts';
import {
  defaultSyntheticDir,
  readJsonl,
  SYNTHETIC_SCHEMA_VERSION,
  writeSyntheticDataset,
} from '../../data/synthetic/index.ts';
import { FAQS_FILE, importFaqs } from '../../data/importers/faqs.ts';
import { formatRowError } from '../../data/importers/rows.ts';
import { assignRm, loadRmBooks } from '../../data/importers/rm-books.ts';
import { ingestCollection, type CollectionReport } from './ingest-collection.ts';
import { customerRecord, knowledgeRecord, productRecords, type PreparedRecord } from './records.ts';
import { behaviourPhrase, computeBehaviour, describeBehaviour } from '../../data/behaviour/index.ts';
import { fileTransactionSource } from '../../data/transactions/source.ts';

export { ingestCollection } from './ingest-collection.ts';
export {
  customerRecord,
  contentHash,
  CONTENT_HASH_KEY,
  type PreparedRecord,
} from './records.ts';

export interface IngestAllOptions {
  config: Pick<Config, 'stateDir' | 'seed' | 'customers' | 'sharedDataDir'> &
    Partial<Pick<Config, 'transactionsFile' | 'rmBooksFile'>>;
  store: VectorStore;
  embedder: Embedder;
  log?: Logger;
  /** Which collections (default: all three). */
  collections?: readonly CollectionName[];
  /** Customers JSONL to ingest instead of the synthetic dataset. */
  customersFile?: string;
  /** Or an in-memory list (tests, scripts). */
  customers?: Iterable<Customer> | AsyncIterable<Customer>;
  /**
   * CSV `customer_id,rm_id` putting customers in RMs' books (default config.rmBooksFile); it wins over an
   * `rmId` in the customers themselves. A bad row fails the run before anything is written.
   */
  rmBooksFile?: string;
  /**
   * The behaviour sentence appended to each customer description. Default:
   * the synthetic dataset → transactions regenerated from (config.seed, id); a customers file →
   * the transactions in config.transactionsFile when set, else none (real customers have no
   * synthetic history); an in-memory list → none. `false` turns it off; a function supplies it.
   */
  behaviour?: false | BehaviourFor;
  /** Limit the knowledge passages (tests). */
  maxKnowledge?: number;
  /** Drop the collections first (e.g. after switching embedder). */
  reset?: boolean;
  batchSize?: number;
  /** Records per upsert request (default 4 × batchSize: Chroma's cost per record falls with request size). */
  upsertBatchSize?: number;
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
async function ensureSyntheticCustomers(
  config: IngestAllOptions['config'],
  log?: Logger,
  showProgress = true,
): Promise<string> {
  const dir = defaultSyntheticDir(config);
  const file = path.join(dir, 'customers.jsonl');
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile) && existsSync(file)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      seed?: number;
      count?: number;
      schemaVersion?: number;
    };
    if (m.seed === config.seed && m.count === config.customers && m.schemaVersion === SYNTHETIC_SCHEMA_VERSION)
      return file;
  }
  const say = (msg: string) => (log ? log.info(msg) : process.stderr.write(`${msg}\n`));
  say(`generating the synthetic dataset: ${config.customers} customers, seed ${config.seed} → ${dir}`);
  const progress = createProgress({
    label: 'generate',
    total: config.customers,
    unit: 'customers',
    silent: !showProgress,
  });
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

/** The behaviour sentence for one customer, or undefined when they have no transactions. */
export type BehaviourFor = (customer: Customer) => string | undefined | Promise<string | undefined>;

/** Synthetic customers: their 12 months regenerated from (seed, id) → features → the RM-style sentence (~1 ms each). */
export const syntheticBehaviour =
  (seed: number): BehaviourFor =>
  (c) =>
    behaviourPhrase(c, seed);

/** Imported customers with an imported transactions file (held in memory by customer, as the insights service does). */
async function fileBehaviour(transactionsFile: string): Promise<BehaviourFor> {
  const source = await fileTransactionSource(transactionsFile);
  return async (c) => {
    const rows = await source.get(c);
    return rows?.length ? describeBehaviour(computeBehaviour(c.id, rows)) : undefined;
  };
}

/**
 * Where the customers' behaviour sentence comes from (see IngestAllOptions.behaviour): given, the
 * synthetic generator (seed), an imported transactions file, or nowhere.
 */
export async function behaviourForCustomers(
  options: Pick<IngestAllOptions, 'behaviour' | 'customersFile' | 'customers'> & {
    config: Pick<Config, 'seed'> & Partial<Pick<Config, 'transactionsFile'>>;
  },
): Promise<BehaviourFor | undefined> {
  if (options.behaviour === false) return undefined;
  if (options.behaviour) return options.behaviour;
  if (options.customers) return undefined;
  if (!options.customersFile) return syntheticBehaviour(options.config.seed);
  return options.config.transactionsFile ? fileBehaviour(options.config.transactionsFile) : undefined;
}

async function* customerRecords(
  customers: Iterable<Customer> | AsyncIterable<Customer>,
  source: string,
  behaviour?: BehaviourFor,
  books?: ReadonlyMap<string, string>,
): AsyncGenerator<PreparedRecord> {
  for await (const raw of customers as AsyncIterable<Customer>) {
    const c = books ? assignRm(raw, books) : raw;
    yield customerRecord(c, source, behaviour ? await behaviour(c) : undefined);
  }
}

/** Bank FAQs as knowledge passages via DATA's importer; rejected rows are reported (file:line: field: reason), not fatal. */
async function knowledgeRecords(
  sharedDataDir: string,
  options: { max?: number; onRowError?: (line: string) => void } = {},
): Promise<PreparedRecord[]> {
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
  // Read first: a bad mapping stops the run before any collection is written.
  const booksFile = wanted.includes('customers') ? (options.rmBooksFile ?? config.rmBooksFile) : undefined;
  const books = booksFile ? await loadRmBooks(booksFile) : undefined;
  if (books) say(`RM books: ${books.size} customers assigned from ${booksFile}`);
  const reports: CollectionReport[] = [];
  if (options.reset) for (const c of wanted) await store.deleteCollection(c);

  const run = async (
    collection: CollectionName,
    records: AsyncIterable<PreparedRecord> | Iterable<PreparedRecord>,
    total?: number,
  ) => {
    const progress = createProgress({ label: `ingest ${collection}`, total, unit: 'records', silent: !showProgress });
    const report = await ingestCollection({
      store,
      embedder,
      collection,
      records,
      batchSize: options.batchSize,
      upsertBatchSize: options.upsertBatchSize,
      progress,
      signal: options.signal,
    });
    progress.done();
    say(
      `ingest ${collection}: ${report.seen} records, ${report.embedded} embedded, ${report.skipped} unchanged (skipped) in ${(report.wallMs / 1000).toFixed(1)}s`,
    );
    reports.push(report);
  };

  if (wanted.includes('products')) {
    const records = productRecords();
    await run('products', records, records.length);
  }
  if (wanted.includes('knowledge')) {
    const records = await knowledgeRecords(config.sharedDataDir, {
      max: options.maxKnowledge,
      onRowError: (line) =>
        log ? log.warn(`knowledge row rejected: ${line}`) : process.stderr.write(`knowledge row rejected: ${line}\n`),
    });
    if (records.length === 0)
      say(
        `ingest knowledge: ${path.join(config.sharedDataDir, FAQS_FILE)} not found — knowledge collection left empty`,
      );
    await run('knowledge', records, records.length);
  }
  let customersFile: string | undefined;
  if (wanted.includes('customers')) {
    const behaviour = await behaviourForCustomers(options);
    if (options.customers) {
      await run('customers', customerRecords(options.customers, 'provided', behaviour, books));
    } else {
      customersFile = options.customersFile ?? (await ensureSyntheticCustomers(config, log, showProgress));
      const source = options.customersFile ? path.basename(options.customersFile) : 'synthetic';
      const total = options.customersFile ? undefined : config.customers;
      say(
        `customer descriptions: ${behaviour ? `with the behaviour sentence (${options.behaviour ? 'given' : options.customersFile ? `transactions from ${config.transactionsFile}` : `synthetic transactions, seed ${config.seed}`})` : 'profile only (no transactions for these customers; set MERIDIAN_TRANSACTIONS_FILE)'}`,
      );
      await run(
        'customers',
        customerRecords(readJsonl(customersFile, CustomerSchema), source, behaviour, books),
        total,
      );
    }
  }
  return {
    embedder: { id: embedder.id, kind: embedder.kind, fileHash: embedder.fileHash, dim: embedder.dim },
    collections: reports,
    customersFile,
  };
}
