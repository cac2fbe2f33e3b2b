import { describe, expect, it } from 'vitest';
import { generateCustomers } from '../synthetic/index.ts';
import { PRODUCT_IDS, PRODUCTS } from '../catalog/index.ts';
import { contentHash, customerRecord, productRecords } from './records.ts';
import { parseCli, HELP } from '../cli.ts';

const [customer] = [...generateCustomers({ seed: 1, count: 1 })].map((g) => g.customer);

describe('prepared records', () => {
  it('hashes document + metadata, independent of key order, sensitive to any change', () => {
    const h = contentHash('doc', { a: 1, b: 'x' });
    expect(contentHash('doc', { b: 'x', a: 1 })).toBe(h);
    expect(contentHash('doc', { a: 2, b: 'x' })).not.toBe(h);
    expect(contentHash('doc!', { a: 1, b: 'x' })).not.toBe(h);
  });

  it('a customer record carries the description, the metadata contract, its profile and hash', () => {
    const r = customerRecord(customer);
    expect(r.id).toBe(customer.id);
    expect(r.document).toContain(`${customer.age}-year-old`);
    expect(r.metadata.content_hash).toBe(r.contentHash);
    expect(JSON.parse(String(r.metadata.profile))).toEqual(customer);
    for (const id of PRODUCT_IDS) expect(typeof r.metadata[`holds_${id}`]).toBe('boolean');
    expect(customerRecord(customer).contentHash).toBe(r.contentHash);
    expect(customerRecord({ ...customer, income: customer.income + 1 }).contentHash).not.toBe(r.contentHash);
  });

  it('product passages have unique ids and name their product', () => {
    const recs = productRecords();
    expect(new Set(recs.map((r) => r.id)).size).toBe(recs.length);
    expect(new Set(recs.map((r) => r.metadata.product_id))).toEqual(new Set(PRODUCTS.map((p) => p.id)));
  });
});

describe('ingest CLI options', () => {
  it('documents every option in --help', () => {
    for (const opt of ['--customers', '--seed', '--input', '--collections', '--embedder', '--models-dir', '--no-downloads', '--chroma-url', '--chroma-port', '--state-dir', '--batch-size', '--reset', '--no-progress', '--help']) {
      expect(HELP).toContain(opt);
    }
    expect(parseCli(['--help'], {})).toBe('help');
  });

  it('applies options through the validated config and names bad values', () => {
    const o = parseCli(['--customers', '50', '--embedder', 'offline', '--collections', 'customers', '--no-downloads'], {});
    expect(o).not.toBe('help');
    if (o === 'help') return;
    expect(o.config).toMatchObject({ customers: 50, embedder: 'offline', allowDownloads: false });
    expect(o.collections).toEqual(['customers']);
    expect(() => parseCli(['--embedder', 'bert'], {})).toThrow(/MERIDIAN_EMBEDDER/);
    expect(() => parseCli(['--collections', 'custmers'], {})).toThrow(/--collections: unknown collection "custmers"/);
    expect(() => parseCli(['--batch-size', '0'], {})).toThrow(/--batch-size/);
  });
});
