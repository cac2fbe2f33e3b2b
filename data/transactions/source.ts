import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Customer } from '../../domain/index.ts';
import { ValidationError } from '../../lib/errors/index.ts';
import { formatRowError, validateRow } from '../importers/rows.ts';
import { generateTransactions } from './generate.ts';
import { importTransactionsCsv } from './import.ts';
import { TransactionSchema, type Transaction } from './schema.ts';

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
