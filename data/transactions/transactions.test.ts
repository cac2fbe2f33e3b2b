import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatRowError } from '../importers/rows.ts';
import { generateTransactions, netMonthlyPence } from './generate.ts';
import { importTransactionsCsv } from './import.ts';
import { TransactionSchema } from './schema.ts';
import { sampleCustomer, variedCustomers } from '../../testkit/transactions-customers.ts';
import { writeTransactions } from './write.ts';

const run = promisify(execFile);

describe('synthetic transactions', () => {
  it('are a pure function of (seed, customer id): order and batch do not matter', () => {
    const customers = [...variedCustomers(5)];
    const forward = customers.map((c) => generateTransactions(c, { seed: 42 }));
    const backward = [...customers]
      .reverse()
      .map((c) => generateTransactions(c, { seed: 42 }))
      .reverse();
    expect(backward).toEqual(forward);
    expect(generateTransactions(customers[0]!, { seed: 43 })).not.toEqual(forward[0]);
  });

  it('produce valid rows over 12 months', () => {
    const rows = generateTransactions(sampleCustomer({ loanAmount: 10_000 }), { seed: 1 });
    for (const r of rows) expect(TransactionSchema.safeParse(r).success).toBe(true);
    expect(new Set(rows.map((r) => r.date.slice(0, 7))).size).toBe(12);
    expect(rows[0]!.date >= '2025-01-01' && rows[rows.length - 1]!.date <= '2025-12-31').toBe(true);
  });

  it('follow the profile: salary, loan repayments, savings, card utilization', () => {
    const c = sampleCustomer({ income: 60_000, loanAmount: 15_000, creditUtilization: 0.55 });
    const rows = generateTransactions(c, { seed: 3 });
    const salaries = rows.filter((r) => r.category === 'salary');
    expect(salaries).toHaveLength(12);
    for (const s of salaries)
      expect(Math.abs(s.amount * 100 - netMonthlyPence(60_000)) / netMonthlyPence(60_000)).toBeLessThan(0.05);
    expect(rows.filter((r) => r.category === 'loan_payment')).toHaveLength(12);
    expect(
      generateTransactions(sampleCustomer({ loanAmount: 0 }), { seed: 3 }).some((r) => r.category === 'loan_payment'),
    ).toBe(false);
    // Month-end card utilization in December is steered to the profile's value.
    const lastCard = rows.filter((r) => r.account === 'card').at(-1)!;
    expect(Math.abs(-lastCard.balance! / lastCard.creditLimit! - 0.55)).toBeLessThan(0.06);
    // More savings and a saving goal → a higher share of income moved to savings.
    const saved = (cust = c) => {
      const t = generateTransactions(cust, { seed: 3 });
      return (
        -t.filter((r) => r.category === 'savings_transfer').reduce((s, r) => s + r.amount, 0) /
        t.filter((r) => r.category === 'salary').reduce((s, r) => s + r.amount, 0)
      );
    };
    expect(saved(sampleCustomer({ savingsBalance: 100_000, goals: ['build_savings'] }))).toBeGreaterThan(
      saved(sampleCustomer({ savingsBalance: 0, goals: [] })) + 0.05,
    );
  });

  it('running balances add up', () => {
    const rows = generateTransactions(sampleCustomer({ creditUtilization: 0.9, savingsBalance: 0 }), { seed: 9 });
    for (const account of ['current', 'card'] as const) {
      const acc = rows.filter((r) => r.account === account);
      for (let i = 1; i < acc.length; i++)
        expect(acc[i]!.balance!).toBeCloseTo(acc[i - 1]!.balance! + acc[i]!.amount, 2);
    }
  });

  it('write JSONL/CSV with the same content, and the CSV importer reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tx-'));
    try {
      const customers = [...variedCustomers(3)];
      const jsonl = await writeTransactions(customers, join(dir, 't.jsonl'), { seed: 5 });
      const csv = await writeTransactions(customers, join(dir, 't.csv'), { seed: 5 });
      expect(csv.transactions).toBe(jsonl.transactions);
      const fromJsonl = readFileSync(join(dir, 't.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const imported = await importTransactionsCsv(join(dir, 't.csv'));
      expect(imported.errors).toEqual([]);
      expect(imported.rows).toEqual(fromJsonl);
      expect(fromJsonl).toEqual(customers.flatMap((c) => generateTransactions(c, { seed: 5 })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('importer rejects bad rows with file:line: field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tx-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      [
        'customerId,date,account,amount,category,merchant,balance,creditLimit',
        'C1,2025-01-03,current,-12.50,groceries,Tesco,100.00,',
        'C1,2025-02-30,current,-1,groceries,Tesco,,',
        'C1,2025-03-01,current,abc,groceries,Tesco,,',
        'C1,2025-03-02,current,-5,gambling,"Bet, Inc",,',
        'C1,2025-03-03,current,-5.001,dining,Pret,,',
      ].join('\r\n'),
    );
    try {
      const r = await importTransactionsCsv(file);
      expect(r.rows).toHaveLength(1);
      expect(r.rejectedRows).toBe(4);
      const msgs = r.errors.map(formatRowError);
      expect(msgs[0]).toMatch(new RegExp(`${file}:3: date: not a real calendar date`));
      expect(msgs[1]).toMatch(/:4: amount: not a number/);
      expect(msgs[2]).toMatch(/:5: category: /);
      expect(msgs[3]).toMatch(/:6: amount: at most 2 decimals/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('streams in bounded memory: 2,500 customers (~1.1M rows, ~170 MB) under a 40 MB heap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tx-mem-'));
    try {
      const out = join(dir, 'big.jsonl');
      const probe = join(import.meta.dirname, '..', '..', 'testkit', 'transactions-memory-probe.ts');
      const { stdout } = await run(
        process.execPath,
        ['--max-old-space-size=40', '--import', 'tsx', probe, '2500', out],
        { cwd: join(import.meta.dirname, '..', '..') },
      );
      const stats = JSON.parse(stdout) as {
        customers: number;
        transactions: number;
        bytes: number;
        peakHeapBytes: number;
      };
      expect(stats.customers).toBe(2500);
      expect(stats.transactions).toBeGreaterThan(800_000);
      // The output is 4× the heap cap (holding the rows as objects would need far more); the stream stays under it.
      expect(stats.bytes).toBeGreaterThan(4 * 40 * 2 ** 20);
      expect(stats.peakHeapBytes).toBeLessThan(40 * 2 ** 20);
      expect(statSync(out).size).toBe(stats.bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
