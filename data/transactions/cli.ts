#!/usr/bin/env -S npx tsx
/**
 * npm run generate:transactions -- [--customers N] [--seed S] [--customers-file F] [--out FILE]
 *                                   [--format jsonl|csv] [--end-month YYYY-MM] [--quiet]
 * 12 months of synthetic transactions per customer, streamed to disk (bounded memory).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config/index.ts';
import { createProgress } from '../../lib/progress/index.ts';
import { CustomerSchema, type Customer } from '../../domain/index.ts';
import { generateCustomers, readJsonl, defaultSyntheticDir } from '../synthetic/index.ts';
import { DEFAULT_END_MONTH } from './generate.ts';
import { writeTransactions } from './write.ts';

const HELP = `Generate 12 months of synthetic transactions per customer (deterministic from the seed).

Usage: npm run generate:transactions -- [options]

Options:
  --customers N         customers to generate in-process with the synthetic customer generator
                        (default: MERIDIAN_CUSTOMERS, 10000) — the same customers as npm run generate
  --customers-file F    read customers from a customers.jsonl instead (e.g. .meridian/data/synthetic/customers.jsonl)
  --seed S              seed (default: MERIDIAN_SEED, 42); a customer's transactions depend only on (seed, id)
  --out FILE            output (default: <stateDir>/data/synthetic/transactions.jsonl); .csv → CSV
  --format jsonl|csv    output format (default from the extension)
  --end-month YYYY-MM   last month generated (default ${DEFAULT_END_MONTH})
  --quiet               no progress output
`;

async function* fromFile(file: string): AsyncGenerator<Customer> {
  yield* readJsonl(file, CustomerSchema);
}
function* generated(seed: number, count: number): Generator<Customer> {
  for (const g of generateCustomers({ seed, count })) yield g.customer;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      'customers-file': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      'end-month': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig();
  const num = (name: string, v: string | undefined, fallback: number, max: number) => {
    if (v === undefined) return fallback;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new Error(`--${name}: expected an integer from 0 to ${max}, got ${JSON.stringify(v)}`);
    return n;
  };
  const seed = num('seed', values.seed, config.seed, 2 ** 31 - 1);
  const count = num('customers', values.customers, config.customers, 10_000_000);
  const endMonth = values['end-month'] ?? DEFAULT_END_MONTH;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(endMonth))
    throw new Error(`--end-month: expected YYYY-MM, got ${JSON.stringify(endMonth)}`);
  const format = values.format as 'jsonl' | 'csv' | undefined;
  if (format && format !== 'jsonl' && format !== 'csv')
    throw new Error(`--format: expected jsonl or csv, got ${JSON.stringify(format)}`);
  const out = values.out ?? join(defaultSyntheticDir(config), `transactions.${format ?? 'jsonl'}`);
  const file = values['customers-file'];
  const progress = createProgress({
    label: 'transactions',
    total: file ? undefined : count,
    unit: 'customers',
    silent: values.quiet,
  });
  const t0 = performance.now();
  const stats = await writeTransactions(file ? fromFile(file) : generated(seed, count), out, {
    seed,
    endMonth,
    format,
    progress,
  });
  const s = (performance.now() - t0) / 1000;
  process.stderr.write(
    `wrote ${stats.transactions} transactions for ${stats.customers} customers to ${out} (${(stats.bytes / 1e6).toFixed(1)} MB, ${(stats.customers / s).toFixed(0)} customers/s)\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`generate:transactions: ${err.message}\n`);
    process.exit(1);
  },
);
