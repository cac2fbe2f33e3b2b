import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Customer } from '../../domain/index.ts';
import { generateTransactions } from '../../data/transactions/generate.ts';
import { importTransactionsCsv } from '../../data/transactions/import.ts';
import { TransactionSchema, type Transaction } from '../../data/transactions/schema.ts';
import { formatRowError, validateRow } from '../../data/importers/rows.ts';
import { ValidationError } from '../../lib/errors/index.ts';
import { computeInsights, type Insight, type InsightOptions, type Insights } from './insights.ts';

/** Where a customer's transactions come from. */
export interface TransactionSource {
  readonly kind: 'synthetic' | 'file';
  get(customer: Customer): Promise<Transaction[] | undefined>;
}

/**
 * Synthetic customers: regenerate from (seed, customer id) — identical to what
 * `npm run generate:transactions` wrote, at about a millisecond a customer, so the server needs no
 * transaction store for synthetic data.
 */
export function syntheticTransactionSource(seed: number, endMonth?: string): TransactionSource {
  return { kind: 'synthetic', get: async (customer) => generateTransactions(customer, { seed, endMonth }) };
}

/**
 * Imported real transactions (CSV in the documented schema, or the generator's JSONL), held in
 * memory by customer. Meant for an imported file of moderate size; a bank-scale history belongs in
 * a database behind this same interface. Bad rows fail the load with file:line.
 */
export async function fileTransactionSource(file: string): Promise<TransactionSource> {
  if (!existsSync(file)) throw new ValidationError('transactionsFile', `${file} does not exist`);
  const byCustomer = new Map<string, Transaction[]>();
  const add = (t: Transaction) => {
    const list = byCustomer.get(t.customerId);
    if (list) list.push(t);
    else byCustomer.set(t.customerId, [t]);
  };
  if (/\.csv(\.gz)?$/.test(file)) {
    const r = await importTransactionsCsv(file, { onRow: add });
    if (r.rejectedRows)
      throw new ValidationError(file, `${r.rejectedRows} bad rows; first: ${formatRowError(r.errors[0]!)}`);
  } else {
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new ValidationError(`${file}:${line}`, 'not valid JSON');
      }
      const v = validateRow(TransactionSchema, raw, file, line);
      if (!v.ok) throw new ValidationError(`${file}:${line}`, `${v.errors[0]!.field}: ${v.errors[0]!.reason}`);
      add(v.value);
    }
  }
  return { kind: 'file', get: async (customer) => byCustomer.get(customer.id) };
}

/** What the chat grounding carries: the summary sentence and each insight with its figures. */
export interface InsightsGrounding {
  period: Insights['period'];
  summary: string;
  alerts: Insight[];
  insights: Insight[];
}

/** The `deps.insights` service. */
export interface InsightsService {
  readonly source: TransactionSource['kind'];
  forCustomer(customer: Customer): Promise<Insights | undefined>;
  forChat(customer: Customer): Promise<InsightsGrounding | undefined>;
}

export function createInsightsService(source: TransactionSource, options: InsightOptions = {}): InsightsService {
  const forCustomer = async (customer: Customer) => {
    const rows = await source.get(customer);
    return rows?.length ? computeInsights(customer.id, rows, options) : undefined;
  };
  return {
    source: source.kind,
    forCustomer,
    async forChat(customer) {
      const i = await forCustomer(customer);
      return i && { period: i.period, summary: i.summary, alerts: i.alerts, insights: i.insights };
    },
  };
}

/** The server's insights service: the configured transactions file, else synthetic regeneration from the seed. */
export async function createInsightsServiceFromConfig(config: {
  seed: number;
  transactionsFile?: string;
}): Promise<InsightsService> {
  const source = config.transactionsFile
    ? await fileTransactionSource(config.transactionsFile)
    : syntheticTransactionSource(config.seed);
  return createInsightsService(source);
}
