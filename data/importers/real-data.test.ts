import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../lib/config/index.ts';
import { FAQS_FILE, importFaqs } from './faqs.ts';
import { FINANCEBENCH_FILE, importFinanceBench } from './financebench.ts';
import { importUci, UCI_FILE } from './uci.ts';

// The real files, read from the configured shared data dir (../shared/data by default); never copied into git.
const dataDir = resolve(testConfig().sharedDataDir);

describe('real shared data', () => {
  it('imports all 1,764 bank FAQ rows with none rejected', async () => {
    const file = join(dataDir, FAQS_FILE);
    expect(existsSync(file), `${file} must exist (shared data)`).toBe(true);
    const r = await importFaqs(file);
    expect(r.rowsRead).toBe(1764);
    expect(r.rejectedRows).toBe(0);
    // 277 rows repeat an earlier row verbatim: 1,487 distinct documents, each listing its lines.
    expect(r.rows.length + r.duplicates).toBe(1764);
    expect(r.rows.reduce((n, d) => n + d.lines.length, 0)).toBe(1764);
    expect(new Set(r.rows.map((d) => d.id)).size).toBe(r.rows.length);
    const perClass = new Map<string, number>();
    for (const d of r.rows) perClass.set(d.class, (perClass.get(d.class) ?? 0) + d.lines.length);
    expect(Object.fromEntries(perClass)).toEqual({
      insurance: 469,
      cards: 403,
      loans: 375,
      accounts: 306,
      investments: 140,
      security: 57,
      fundstransfer: 14,
    });
  });

  it('imports all 45,211 UCI bank-full rows with 5,289 subscribers', async () => {
    const r = await importUci(join(dataDir, UCI_FILE));
    expect(r.rejectedRows).toBe(0);
    expect(r.rows).toHaveLength(45_211);
    expect(r.rows.filter((x) => x.y)).toHaveLength(5_289);
  }, 60_000);

  it('imports the 150 FinanceBench items', async () => {
    const r = await importFinanceBench(join(dataDir, FINANCEBENCH_FILE));
    expect(r.rejectedRows).toBe(0);
    expect(r.rows).toHaveLength(150);
  });
});
