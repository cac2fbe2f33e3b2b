import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCustomer } from '../synthetic/index.ts';
import { syntheticRmId } from '../synthetic/books.ts';
import { assignRm, importRmBooks, loadRmBooks } from './rm-books.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'rm-books-bad-rows.csv');

describe('RM book mapping (customer_id,rm_id)', () => {
  it('accepts good rows, merges an exact repeat, and reports bad rows and a second RM by file:line', async () => {
    const r = await importRmBooks(FIXTURE);
    expect([...r.byCustomer]).toEqual([
      ['C0000001', 'rm-01'],
      ['C0000002', 'rm-02'],
      ['C0000004', 'rm-04'],
    ]);
    expect(r.errors.map((e) => `${e.line}:${e.field}`)).toEqual(['5:rm_id', '6:customer_id', '7:rm_id']);
    expect(r.errors[2]!.reason).toMatch(/C0000002 is already in rm-02's book \(line 3\)/);
    expect(r.rejectedRows).toBe(3);
  });

  it('for ingestion any bad row stops the run, naming every one', async () => {
    const err = await loadRmBooks(FIXTURE).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/3 bad row\(s\)/);
    expect((err as Error).message).toContain(`${FIXTURE}:6: customer_id:`);
    const dir = mkdtempSync(path.join(tmpdir(), 'rm-books-'));
    const good = path.join(dir, 'books.csv');
    writeFileSync(good, 'customer_id,rm_id\nC0000001,rm-09\n');
    expect(await loadRmBooks(good)).toEqual(new Map([['C0000001', 'rm-09']]));
  });

  it('the mapping wins over the customer’s own rmId; unmapped customers keep theirs', () => {
    const c = generateCustomer(42, 0).customer;
    expect(c.rmId).toBe(syntheticRmId(0));
    const books = new Map([[c.id, 'rm-09']]);
    expect(assignRm(c, books).rmId).toBe('rm-09');
    const other = generateCustomer(42, 1).customer;
    expect(assignRm(other, books)).toBe(other);
  });

  it('synthetic customers are dealt round the 20 books in order, whatever the dataset size', () => {
    expect([0, 1, 19, 20, 21].map(syntheticRmId)).toEqual(['rm-01', 'rm-02', 'rm-20', 'rm-01', 'rm-02']);
    expect(generateCustomer(7, 45).customer.rmId).toBe('rm-06');
  });
});
