import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import type { Customer } from '../../domain/index.ts';
import { generateTransactions, type TransactionGenOptions } from './generate.ts';
import { TRANSACTION_CSV_COLUMNS, type Transaction } from './schema.ts';
import type { Progress } from '../../lib/progress/index.ts';

export type TransactionFormat = 'jsonl' | 'csv';

export function formatTransactions(rows: Transaction[], format: TransactionFormat): string {
  let s = '';
  if (format === 'jsonl') {
    for (const r of rows) s += `${JSON.stringify(r)}\n`;
    return s;
  }
  for (const r of rows) {
    const merchant = /[",\n\r]/.test(r.merchant) ? `"${r.merchant.replaceAll('"', '""')}"` : r.merchant;
    s += `${r.customerId},${r.date},${r.account},${r.amount},${r.category},${merchant},${r.balance ?? ''},${r.creditLimit ?? ''}\n`;
  }
  return s;
}

export interface WriteStats {
  customers: number;
  transactions: number;
  bytes: number;
}

/**
 * Generate and write transactions for a stream of customers, one customer at a time, waiting for
 * the file stream to drain whenever its buffer is full: memory stays bounded by one customer's
 * rows plus the stream's high-water mark, whatever the number of customers. Written to a temp
 * name and renamed at the end, so a crash never leaves a half file under the real name.
 */
export async function writeTransactions(
  customers: AsyncIterable<Customer> | Iterable<Customer>,
  file: string,
  options: TransactionGenOptions & { format?: TransactionFormat; progress?: Progress },
): Promise<WriteStats> {
  const format = options.format ?? (file.endsWith('.csv') ? 'csv' : 'jsonl');
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  const stats: WriteStats = { customers: 0, transactions: 0, bytes: 0 };
  try {
    if (format === 'csv') out.write(`${TRANSACTION_CSV_COLUMNS.join(',')}\n`);
    for await (const customer of customers) {
      const rows = generateTransactions(customer, options);
      const chunk = formatTransactions(rows, format);
      stats.customers++;
      stats.transactions += rows.length;
      stats.bytes += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
      options.progress?.tick();
    }
    out.end();
    await once(out, 'finish');
    await rename(tmp, file);
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
  options.progress?.done();
  return stats;
}
