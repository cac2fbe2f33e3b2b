import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { behaviourForCustomers } from './index.ts';
import { generateCustomers } from '../../data/synthetic/index.ts';
import { PRODUCT_IDS, PRODUCTS } from '../../domain/catalog/index.ts';
import { contentHash, customerRecord, productRecords } from './records.ts';
import { describeCustomer } from '../../data/describe/index.ts';
import { behaviourPhrase } from '../../data/behaviour/index.ts';
import { customerFromMetadata } from '../../domain/customer-metadata.ts';
import { parseCli, HELP } from '../cli.ts';

const [customer] = [...generateCustomers({ seed: 1, count: 1 })].map((g) => g.customer);

describe('prepared records', () => {
  it('hashes document + metadata, independent of key order, sensitive to any change', () => {
    const h = contentHash('doc', { a: 1, b: 'x' });
    expect(contentHash('doc', { b: 'x', a: 1 })).toBe(h);
    expect(contentHash('doc', { a: 2, b: 'x' })).not.toBe(h);
    expect(contentHash('doc!', { a: 1, b: 'x' })).not.toBe(h);
  });

  it('a customer record carries the description, the metadata contract (the profile rebuilds exactly from it) and hash', () => {
    const r = customerRecord(customer);
    expect(r.id).toBe(customer.id);
    expect(r.document).toContain(`${customer.age}-year-old`);
    expect(r.metadata.content_hash).toBe(r.contentHash);
    expect(r.metadata.profile).toBeUndefined();
    expect(customerFromMetadata(JSON.parse(JSON.stringify(r.metadata)))).toEqual(customer);
    for (const id of PRODUCT_IDS) expect(typeof r.metadata[`holds_${id}`]).toBe('boolean');
    expect(customerRecord(customer).contentHash).toBe(r.contentHash);
    expect(customerRecord({ ...customer, income: customer.income + 1 }).contentHash).not.toBe(r.contentHash);
  });

  it('every generated customer round-trips through its metadata (nothing lost without a profile copy)', () => {
    for (const g of generateCustomers({ seed: 3, count: 2000 })) {
      const meta = JSON.parse(JSON.stringify(customerRecord(g.customer).metadata));
      expect(customerFromMetadata(meta)).toEqual(g.customer);
    }
  });

  it('appends the behaviour sentence (behaviourPhrase) when given; it changes the content hash', () => {
    const phrase = behaviourPhrase(customer, 1);
    expect(phrase).toMatch(/saves|subscription|overdrawn/);
    const plain = customerRecord(customer);
    const withBehaviour = customerRecord(customer, 'synthetic', phrase);
    expect(withBehaviour.document).toBe(
      `${describeCustomer(customer, PRODUCTS, { extraSentences: [`${phrase[0]!.toUpperCase()}${phrase.slice(1)}.`] })}`,
    );
    expect(withBehaviour.document.startsWith(plain.document.split(' RM note:')[0]!)).toBe(true);
    expect(withBehaviour.contentHash).not.toBe(plain.contentHash);
    expect(customerRecord(customer, 'synthetic', phrase).contentHash).toBe(withBehaviour.contentHash); // deterministic from (seed, id)
  });

  it('product passages have unique ids and name their product', () => {
    const recs = productRecords();
    expect(new Set(recs.map((r) => r.id)).size).toBe(recs.length);
    expect(new Set(recs.map((r) => r.metadata.product_id))).toEqual(new Set(PRODUCTS.map((p) => p.id)));
  });
});

describe('where the behaviour sentence comes from', () => {
  const config = { seed: 1 };
  it('synthetic dataset → regenerated from (seed, id); customers file → only with a transactions file; in-memory list or false → none', async () => {
    const synthetic = await behaviourForCustomers({ config });
    expect(await synthetic!(customer)).toBe(behaviourPhrase(customer, 1));
    expect(await behaviourForCustomers({ config, customersFile: 'real.jsonl' })).toBeUndefined();
    expect(await behaviourForCustomers({ config, customers: [customer] })).toBeUndefined();
    expect(await behaviourForCustomers({ config, behaviour: false })).toBeUndefined();

    const dir = mkdtempSync(path.join(os.tmpdir(), 'behaviour-tx-'));
    try {
      const file = path.join(dir, 'tx.csv');
      const rows = ['customerId,date,amount,category,merchant'];
      for (let m = 1; m <= 12; m++) {
        const mm = String(m).padStart(2, '0');
        rows.push(
          `${customer.id},2025-${mm}-01,3000,salary,Employer`,
          `${customer.id},2025-${mm}-02,-600,savings_transfer,Own savings`,
          `${customer.id},2025-${mm}-03,-9.99,subscription,StreamCo`,
          `${customer.id},2025-${mm}-05,-2400,groceries,Shop`,
        );
      }
      writeFileSync(file, `${rows.join('\n')}\n`);
      const fromFile = await behaviourForCustomers({
        config: { ...config, transactionsFile: file },
        customersFile: 'real.jsonl',
      });
      expect(await fromFile!(customer)).toMatch(
        /^saves about 20% of income; 1 subscription \(£10\/month\); never overdrawn this year/,
      );
      expect(await fromFile!({ ...customer, id: 'NOBODY' })).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ingest CLI options', () => {
  it('documents every option in --help', () => {
    for (const opt of [
      '--customers',
      '--seed',
      '--input',
      '--collections',
      '--embedder',
      '--models-dir',
      '--no-downloads',
      '--chroma-url',
      '--chroma-port',
      '--state-dir',
      '--batch-size',
      '--reset',
      '--no-progress',
      '--help',
    ]) {
      expect(HELP).toContain(opt);
    }
    expect(parseCli(['--help'], {})).toBe('help');
  });

  it('applies options through the validated config and names bad values', () => {
    const o = parseCli(
      ['--customers', '50', '--embedder', 'offline', '--collections', 'customers', '--no-downloads'],
      {},
    );
    expect(o).not.toBe('help');
    if (o === 'help') return;
    expect(o.config).toMatchObject({ customers: 50, embedder: 'offline', allowDownloads: false });
    expect(o.collections).toEqual(['customers']);
    expect(() => parseCli(['--embedder', 'bert'], {})).toThrow(/MERIDIAN_EMBEDDER/);
    expect(() => parseCli(['--collections', 'custmers'], {})).toThrow(/--collections: unknown collection "custmers"/);
    expect(() => parseCli(['--batch-size', '0'], {})).toThrow(/--batch-size/);
  });
});
