import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from './cli.ts';
import { importFaqs } from './faqs.ts';
import { importFinanceBench } from './financebench.ts';
import { formatRowError } from './rows.ts';
import { importUci, uciLifeStage, uciToCustomerFacts } from './uci.ts';

const fixture = (name: string) => resolve('data/importers/fixtures', name);
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
};

describe('UCI importer', () => {
  it('imports good rows and reports bad ones as file:line: field: reason', async () => {
    const file = fixture('uci-bad-rows.csv');
    const r = await importUci(file);
    expect(r.rows.map((x) => x.line)).toEqual([2, 4, 7]);
    expect(r.rejectedRows).toBe(3);
    expect(r.errors.map(formatRowError)).toEqual([
      expect.stringMatching(new RegExp(`^${file}:3: job: `)),
      `${file}:5: age: expected an integer`,
      `${file}:6: y: expected "yes" or "no"`,
    ]);
    expect(r.rows[0]).toMatchObject({
      age: 58,
      job: 'management',
      balance: 2143,
      housing: true,
      loan: false,
      y: false,
      pdays: -1,
    });
    expect(r.rows[2].y).toBe(true);
  });

  it('maps a row to partial customer facts without inventing income or credit', () => {
    const row = {
      age: 58,
      job: 'management',
      marital: 'married',
      balance: -40,
      housing: true,
      loan: false,
      default: false,
      y: true,
    } as Parameters<typeof uciToCustomerFacts>[0];
    expect(uciToCustomerFacts(row)).toEqual({
      customer: { age: 58, lifeStage: 'pre_retirement', savingsBalance: 0 },
      hasMortgage: true,
      hasPersonalLoan: false,
      inDefault: false,
      subscribedTermDeposit: true,
    });
    expect(uciLifeStage({ age: 22, job: 'student', marital: 'single' })).toBe('student');
    expect(uciLifeStage({ age: 60, job: 'retired', marital: 'married' })).toBe('retired');
    expect(uciLifeStage({ age: 30, job: 'technician', marital: 'married' })).toBe('young_family');
    expect(uciLifeStage({ age: 30, job: 'technician', marital: 'single' })).toBe('young_professional');
    expect(uciLifeStage({ age: 50, job: 'services', marital: 'single' })).toBe('established_family');
  });
});

describe('FAQ importer', () => {
  it('builds knowledge docs with stable content ids, merges repeated rows, reports bad rows by line', async () => {
    const file = fixture('faqs-bad-rows.csv');
    const r = await importFaqs(file);
    expect(r.rowsRead).toBe(6);
    expect(r.rejectedRows).toBe(2);
    expect(r.duplicates).toBe(1);
    expect(r.errors.map(formatRowError)).toEqual([
      `${file}:3: Question: question is empty`,
      expect.stringMatching(new RegExp(`^${file}:7: Class: expected a lowercase class`)),
    ]);
    expect(r.rows.map((d) => d.class)).toEqual(['cards', 'loans', 'fundstransfer']);
    const [card, loan] = r.rows;
    expect(card.lines).toEqual([2, 6]);
    expect(card.id).toMatch(/^faq-[0-9a-f]{16}$/);
    // Multi-line quoted answer: whitespace normalised; the record starts on line 4.
    expect(loan).toMatchObject({
      answer: 'Loans run from 12 to 60 months, subject to approval.',
      lines: [4],
      source: 'bank-faqs',
    });
    expect(loan.text).toBe('What is the loan tenure\nLoans run from 12 to 60 months, subject to approval.');
    // Same content → same id on a re-import.
    expect((await importFaqs(file)).rows.map((d) => d.id)).toEqual(r.rows.map((d) => d.id));
  });
});

describe('FinanceBench importer', () => {
  it('turns items into knowledge docs and reports bad lines', async () => {
    const file = fixture('financebench-bad-rows.jsonl');
    const r = await importFinanceBench(file);
    expect(r.rows.map((d) => d.id)).toEqual(['financebench-fb_1', 'financebench-fb_2']);
    expect(r.rows[0].text).toContain('Evidence: Purchases of property, plant and equipment (120)');
    expect(r.rejectedRows).toBe(2);
    expect(r.errors.map((e) => `${e.line}: ${e.field}`)).toEqual(['2: financebench_id', '3: (json)']);
  });
});

describe('npm run import', () => {
  it('exits 1 when rows were rejected, 0 with --accept-bad-rows; good rows are written either way', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'import-')), 'uci.jsonl');
    const a = capture();
    expect(await runImport(['uci', '--file', fixture('uci-bad-rows.csv'), '--out', out], a.io)).toBe(1);
    expect(a.err.join('')).toMatch(/uci-bad-rows\.csv:3: job: /);
    expect(a.err.join('')).toMatch(/uci: 3 imported, 3 rejected/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    const b = capture();
    expect(
      await runImport(['uci', '--file', fixture('uci-bad-rows.csv'), '--out', out, '--accept-bad-rows'], b.io),
    ).toBe(0);
    const c = capture();
    expect(await runImport(['nope'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/one of: uci, faqs, financebench, santander/);
    const d = capture();
    expect(await runImport(['--help'], d.io)).toBe(0);
    expect(d.out.join('')).toContain('--accept-bad-rows');
  });
});
