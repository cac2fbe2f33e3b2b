import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncompatibleError } from '../../lib/errors/index.ts';
import {
  createTestEmbedder,
  getTestModelsDir,
  REPO_ROOT,
  SHARED_DATA_DIR,
  startTestChroma,
  testConfigWithModels,
  type TestChroma,
} from '../../eval/stack/fixtures.ts';
import { PRODUCT_IDS } from '../../domain/catalog/index.ts';
import type { Embedder } from '../../ml/embedder/embedder.ts';
import { generateCustomers } from '../../data/synthetic/index.ts';
import { GOALS, type Customer } from '../../domain/index.ts';
import { customerFromMetadata } from '../../domain/customer-metadata.ts';
import { ingestAll } from './index.ts';

/** Wraps an embedder to count how many texts it embeds. */
function counting(e: Embedder): Embedder & { texts: number } {
  const wrapped = {
    ...e,
    texts: 0,
    async embed(texts: string[], signal?: AbortSignal) {
      wrapped.texts += texts.length;
      return e.embed(texts, signal);
    },
  };
  return wrapped;
}

let chroma: TestChroma;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'meridian-ingest-'));
  dirs.push(d);
  return d;
};
beforeAll(async () => {
  chroma = await startTestChroma();
});
afterAll(async () => {
  await chroma?.stop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const customers = (n: number): Customer[] => [...generateCustomers({ seed: 7, count: n })].map((g) => g.customer);

describe('ingestion into the real Chroma with the offline embedder', () => {
  it('writes all three collections with the metadata contract, and re-running embeds nothing', async () => {
    const config = await testConfigWithModels({ stateDir: tempDir() });
    const embedder = counting(await createTestEmbedder());
    const list = customers(40);
    const first = await ingestAll({
      config,
      store: chroma.store,
      embedder,
      customers: list,
      maxKnowledge: 60,
      progress: false,
    });
    const byName = Object.fromEntries(first.collections.map((c) => [c.collection, c]));
    expect(byName.customers.embedded).toBe(40);
    expect(byName.knowledge.embedded).toBe(60);
    expect(byName.products.embedded).toBeGreaterThan(PRODUCT_IDS.length);
    expect(await chroma.store.count('customers')).toBe(40);

    const [stored] = await chroma.store.get('customers', { ids: [list[0].id] });
    expect(stored.document).toContain(`(${list[0].creditScore})`);
    expect(stored.metadata.creditScore).toBe(list[0].creditScore);
    expect(typeof stored.metadata.content_hash).toBe('string');
    expect(stored.metadata.source).toBe('provided');
    expect(customerFromMetadata(stored.metadata)).toEqual(list[0]);
    for (const id of PRODUCT_IDS) expect(stored.metadata[`holds_${id}`]).toBe(list[0].productsHeld.includes(id));
    for (const g of GOALS) expect(stored.metadata[`goal_${g}`]).toBe(list[0].goals.includes(g));

    // The description finds its own customer.
    const [q] = await embedder.embed([stored.document]);
    const hits = await chroma.store.query('customers', q, { k: 3, embedder });
    expect(hits[0].id).toBe(list[0].id);
    // Filters are Chroma `where` on the metadata.
    const high = await chroma.store.query('customers', q, { k: 50, where: { creditScore: { $gte: 750 } }, embedder });
    expect(high.every((h) => Number(h.metadata.creditScore) >= 750)).toBe(true);

    const before = embedder.texts;
    const second = await ingestAll({
      config,
      store: chroma.store,
      embedder,
      customers: list,
      maxKnowledge: 60,
      progress: false,
    });
    expect(embedder.texts).toBe(before);
    expect(second.collections.every((c) => c.embedded === 0 && c.skipped === c.seen)).toBe(true);

    // One changed customer → exactly one re-embedded, and its metadata updated.
    const changed = list.map((c, i) =>
      i === 3 ? { ...c, creditScore: c.creditScore === 850 ? 849 : c.creditScore + 1 } : c,
    );
    const third = await ingestAll({
      config,
      store: chroma.store,
      embedder,
      customers: changed,
      collections: ['customers'],
      progress: false,
    });
    expect(third.collections[0]).toMatchObject({ embedded: 1, skipped: 39 });
    const [updated] = await chroma.store.get('customers', { ids: [list[3].id] });
    expect(updated.metadata.creditScore).toBe(changed[3].creditScore);
    expect(await chroma.store.count('customers')).toBe(40);
  });

  it('refuses a collection built with another embedder (model mismatch)', async () => {
    const config = await testConfigWithModels({ stateDir: tempDir() });
    const embedder = await createTestEmbedder();
    const other: Embedder = {
      ...embedder,
      id: 'Xenova/all-MiniLM-L6-v2',
      kind: 'minilm',
      fileHash: 'f'.repeat(64),
      embed: embedder.embed.bind(embedder),
    };
    await ingestAll({ config, store: chroma.store, embedder, collections: ['products'], progress: false });
    await expect(chroma.store.ensureCollection('products', other)).rejects.toBeInstanceOf(IncompatibleError);
    await expect(
      ingestAll({ config, store: chroma.store, embedder: other, collections: ['products'], progress: false }),
    ).rejects.toThrow(
      /built with embedder meridian\/static-embedding-minilm-vocab.*current embedder is Xenova\/all-MiniLM-L6-v2/,
    );
    const [q] = await embedder.embed(['savings account']);
    await expect(chroma.store.query('products', q, { k: 3, embedder: other })).rejects.toBeInstanceOf(
      IncompatibleError,
    );
    expect(await chroma.store.collectionEmbedder('products')).toMatchObject({
      id: embedder.id,
      fileHash: embedder.fileHash,
      dim: 384,
    });
  });

  it('finishes a run killed halfway without duplicates and without re-embedding what was stored', async () => {
    const stateDir = tempDir();
    const total = 600;
    const modelsDir = await getTestModelsDir();
    const args = [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'ingest', 'cli.ts'),
      '--chroma-url',
      chroma.url,
      '--state-dir',
      stateDir,
      '--models-dir',
      modelsDir,
      '--embedder',
      'offline',
      '--no-downloads',
      '--collections',
      'customers',
      '--customers',
      String(total),
      '--batch-size',
      '40',
      '--no-progress',
    ];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: 'ignore',
      env: { ...process.env, LOG_LEVEL: 'silent', MERIDIAN_SHARED_DATA_DIR: SHARED_DATA_DIR, MERIDIAN_SEED: '42' },
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // Kill it once some (not all) customers are stored.
    const deadline = Date.now() + 120_000;
    let atKill = 0;
    while (Date.now() < deadline) {
      atKill = await chroma.store.count('customers').catch(() => 0);
      if (atKill >= 80) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    await new Promise((r) => setTimeout(r, 500));
    const stored = await chroma.store.count('customers');
    expect(stored).toBeGreaterThanOrEqual(80);
    expect(stored).toBeLessThan(total);

    const config = await testConfigWithModels({ stateDir, customers: total, seed: 42 });
    const embedder = counting(await createTestEmbedder());
    const report = await ingestAll({
      config,
      store: chroma.store,
      embedder,
      collections: ['customers'],
      batchSize: 200,
      progress: false,
    });
    expect(report.collections[0]).toMatchObject({ seen: total, skipped: stored, embedded: total - stored });
    expect(embedder.texts).toBe(total - stored);
    expect(await chroma.store.count('customers')).toBe(total);
    const ids = (await chroma.store.get('customers', { limit: total + 10, include: [] })).map((r) => r.id);
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('an RM book mapping file puts customers in books; a bad mapping fails before anything is written', async () => {
    const config = await testConfigWithModels({ stateDir: tempDir() });
    const embedder = await createTestEmbedder();
    const list = customers(40);
    const dir = tempDir();
    const books = path.join(dir, 'books.csv');
    writeFileSync(books, `customer_id,rm_id\n${list[5]!.id},rm-09\n`);
    await ingestAll({
      config,
      store: chroma.store,
      embedder,
      customers: list,
      collections: ['customers'],
      rmBooksFile: books,
      progress: false,
    });
    const [moved, kept] = await chroma.store.get('customers', { ids: [list[5]!.id, list[6]!.id] });
    expect(customerFromMetadata(moved!.metadata).rmId).toBe('rm-09');
    expect(customerFromMetadata(kept!.metadata).rmId).toBe(list[6]!.rmId);

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, `customer_id,rm_id\n${list[5]!.id},rm-01\n${list[5]!.id},rm-02\n`);
    const changed = list.map((c) => ({ ...c, creditScore: c.creditScore === 850 ? 849 : c.creditScore + 1 }));
    await expect(
      ingestAll({
        config,
        store: chroma.store,
        embedder,
        customers: changed,
        collections: ['customers'],
        rmBooksFile: bad,
        progress: false,
      }),
    ).rejects.toThrow(`${bad}:3: rm_id:`);
    const [unchanged] = await chroma.store.get('customers', { ids: [list[5]!.id] });
    expect(unchanged!.metadata.creditScore).toBe(list[5]!.creditScore);
  });
});
