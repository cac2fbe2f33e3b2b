import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../lib/config/index.ts';
import { formatRowError } from './rows.ts';
import {
  SANTANDER_CUSTOMERS_FILE,
  SANTANDER_LAGS_FILE,
  SANTANDER_PRODUCT_IDS,
  decodeSantander,
  importSantander,
  importSantanderCustomers,
} from './santander.ts';

const dataDir = resolve(testConfig().sharedDataDir);
const realFile = join(dataDir, SANTANDER_CUSTOMERS_FILE);

describe('Santander importer (real file 1b + lags from 1a)', () => {
  it('imports all 36,673 adders with decoded codes and lag flags', async () => {
    expect(existsSync(realFile), `${realFile} must exist (shared data)`).toBe(true);
    const res = await importSantander(realFile, join(dataDir, SANTANDER_LAGS_FILE));
    expect(res.rejectedRows).toBe(0);
    expect(res.rows).toHaveLength(36_673);
    const first = res.rows[0];
    // 15892,2,36,0,61,... segmento 0 → TOP, sexo 0 → H, pais 36 → ES
    expect(first.ncodpers).toBe(15892);
    expect(first.fold).toBe(15892 % 5);
    expect(first.decoded).toMatchObject({
      segmento: '01 - TOP',
      sexo: 'H',
      pais_residencia: 'ES',
      indresi: 'S',
      indext: 'N',
      tiprel_1mes: 'A',
    });
    expect(first.renta).toBeCloseTo(430477.41, 2);
    expect(first.ownedMay).toHaveLength(24);
    // Every customer added at least one product it did not own in May.
    for (const c of res.rows) {
      expect(c.addedJune.some((x, i) => x === 1 && c.ownedMay[i] === 0)).toBe(true);
    }
    // Added counts per product match SOURCES.md (cco 9,452; recibo 9,119; ahor never).
    const count = (id: string) => res.rows.reduce((n, c) => n + c.addedJune[SANTANDER_PRODUCT_IDS.indexOf(id)], 0);
    expect(count('ind_cco_fin_ult1')).toBe(9452);
    expect(count('ind_recibo_ult1')).toBe(9119);
    expect(count('ind_ahor_fin_ult1')).toBe(0);
    // Lag 1 is May ownership (SOURCES.md: owned_may2015 = lag1).
    const withLags = res.rows.filter((c) => c.lags);
    expect(withLags.length).toBe(36_673);
    for (const c of withLags.slice(0, 2000)) if (c.lags![0]) expect(c.lags![0]).toEqual(c.ownedMay);
  }, 120_000);

  it('decodes documented codes and marks undocumented ones', () => {
    expect(decodeSantander('segmento', 3)).toBeNull();
    expect(decodeSantander('sexo', 2)).toBe('V');
    expect(decodeSantander('canal_entrada', 24)).toBe('code 24');
  });

  it('reports bad rows as file:line: field and keeps the good ones', async () => {
    const fixture = resolve('data/importers/fixtures/santander-bad-rows.csv');
    const res = await importSantanderCustomers(fixture);
    expect(res.rows.map((r) => r.ncodpers)).toEqual([15892]);
    expect(res.rejectedRows).toBe(4);
    const messages = res.errors.map(formatRowError);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/santander-bad-rows\.csv:3: age: /),
        expect.stringMatching(/santander-bad-rows\.csv:4: owned_may2015__ind_cco_fin_ult1: expected 0 or 1/),
        expect.stringMatching(/santander-bad-rows\.csv:5: ncodpers: duplicate customer 15892/),
        expect.stringMatching(/santander-bad-rows\.csv:6: added_jun2015__\*: customer added no product/),
      ]),
    );
  });
});
