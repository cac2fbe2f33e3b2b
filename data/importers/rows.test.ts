import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatRowError, importExitCode, readCsv, validateRow } from './rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'rows-'));

describe('readCsv', () => {
  it('yields records with line numbers, handling quoted newlines and gzip', async () => {
    const text = 'a,b\n1,x\n2,"multi\nline"\n3,z\n';
    writeFileSync(join(dir, 't.csv.gz'), gzipSync(text));
    const recs = [];
    for await (const r of readCsv(join(dir, 't.csv.gz'))) recs.push(r);
    expect(recs.map((r) => r.values.a)).toEqual(['1', '2', '3']);
    expect(recs.map((r) => r.line)).toEqual([2, 3, 5]);
  });
});

describe('validateRow', () => {
  const schema = z.object({ age: z.coerce.number().int().min(18) });
  it('names file, line and field', () => {
    const r = validateRow(schema, { age: '7' }, 'f.csv', 12);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatRowError(r.errors[0])).toMatch(/^f\.csv:12: age: /);
  });
  it('exit code is non-zero on rejected rows unless accepted', () => {
    expect(importExitCode({ rejectedRows: 1 }, false)).toBe(1);
    expect(importExitCode({ rejectedRows: 1 }, true)).toBe(0);
    expect(importExitCode({ rejectedRows: 0 }, false)).toBe(0);
  });
});
