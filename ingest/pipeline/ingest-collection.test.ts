import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../ml/embedder/embedder.ts';
import type { CollectionName, Metadata, VectorRecord, VectorStore } from '../../lib/vector-store/types.ts';
import { ingestCollection } from './ingest-collection.ts';
import { CONTENT_HASH_KEY, type PreparedRecord } from './records.ts';

/**
 * The batching logic of ingestCollection (model-free). The real path — Chroma child + offline
 * embedder, re-runs, resumption — is covered by pipeline.int.test.ts.
 */
function recordingStore() {
  const rows = new Map<string, VectorRecord>();
  const upserts: string[][] = [];
  let active = 0;
  let maxActive = 0;
  const store: Pick<VectorStore, 'ensureCollection' | 'count' | 'get' | 'upsert'> = {
    async ensureCollection() {},
    async count() {
      return rows.size;
    },
    async get(_name: CollectionName, o: { ids?: string[] }) {
      return (o.ids ?? [])
        .filter((id) => rows.has(id))
        .map((id) => ({ id, document: rows.get(id)!.document, metadata: rows.get(id)!.metadata }));
    },
    async upsert(_name: CollectionName, records: VectorRecord[]) {
      if (new Set(records.map((r) => r.id)).size !== records.length) throw new Error('duplicate ids in one upsert');
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 2));
      for (const r of records) rows.set(r.id, r);
      upserts.push(records.map((r) => r.id));
      active--;
    },
  };
  return { store: store as VectorStore, rows, upserts, maxActive: () => maxActive };
}

const embedder: Embedder & { calls: number[] } = {
  id: 'test/fake',
  kind: 'offline',
  dim: 2,
  fileHash: 'x',
  calls: [],
  async embed(texts) {
    embedder.calls.push(texts.length);
    return texts.map((t) => new Float32Array([t.length, 1]));
  },
};

const rec = (id: string, doc = `doc ${id}`): PreparedRecord => {
  const metadata: Metadata = { [CONTENT_HASH_KEY]: `h-${doc}` };
  return { id, document: doc, metadata, contentHash: `h-${doc}` };
};

describe('ingestCollection batching', () => {
  it('embeds in batchSize batches but upserts in upsertBatchSize requests, at most maxInFlight at once', async () => {
    const s = recordingStore();
    embedder.calls = [];
    const records = Array.from({ length: 25 }, (_, i) => rec(`c${i}`));
    const report = await ingestCollection({
      store: s.store,
      embedder,
      collection: 'customers',
      records,
      batchSize: 4,
      upsertBatchSize: 10,
      maxInFlight: 2,
    });
    expect(embedder.calls).toEqual([4, 4, 4, 4, 4, 4, 1]);
    expect(s.upserts.map((u) => u.length)).toEqual([12, 12, 1]);
    expect(s.maxActive()).toBeLessThanOrEqual(2);
    expect(report).toMatchObject({ seen: 25, embedded: 25, skipped: 0 });
    expect(s.rows.size).toBe(25);
  });

  it('by default keeps one upsert in flight (a local Chroma serialises writes)', async () => {
    const s = recordingStore();
    const records = Array.from({ length: 30 }, (_, i) => rec(`d${i}`));
    await ingestCollection({
      store: s.store,
      embedder,
      collection: 'customers',
      records,
      batchSize: 3,
      upsertBatchSize: 6,
    });
    expect(s.upserts.length).toBe(5);
    expect(s.maxActive()).toBe(1);
  });

  it('keeps the last record of an id repeated within one upsert request', async () => {
    const s = recordingStore();
    const report = await ingestCollection({
      store: s.store,
      embedder,
      collection: 'customers',
      records: [rec('a', 'one'), rec('b'), rec('a', 'two')],
      batchSize: 2,
      upsertBatchSize: 10,
    });
    expect(s.upserts).toEqual([['a', 'b']]);
    expect(s.rows.get('a')!.document).toBe('two');
    expect(report.seen).toBe(3);
  });

  it('a re-run skips unchanged records and re-embeds only changed ones', async () => {
    const s = recordingStore();
    const records = Array.from({ length: 9 }, (_, i) => rec(`c${i}`));
    await ingestCollection({
      store: s.store,
      embedder,
      collection: 'customers',
      records,
      batchSize: 4,
      upsertBatchSize: 8,
    });
    embedder.calls = [];
    const again = await ingestCollection({
      store: s.store,
      embedder,
      collection: 'customers',
      records: records.map((r, i) => (i === 5 ? rec(r.id, 'changed') : r)),
      batchSize: 4,
      upsertBatchSize: 8,
    });
    expect(again).toMatchObject({ seen: 9, skipped: 8, embedded: 1 });
    expect(embedder.calls).toEqual([1]);
    expect(s.rows.get('c5')!.document).toBe('changed');
  });
});
