/**
 * Retained memory of the lexical index, production typed-array BM25 vs the MiniSearch reference:
 * `node --expose-gc --import tsx bench/bm25-memory.ts typed|minisearch [customers=100000]`
 * (one index per process, so each figure is that index alone). Builds from N generated customers
 * (seed 42, the production descriptions and metadata) in pages of 2,000 like the server, drops the
 * pages, forces GC and prints heap + ArrayBuffer bytes retained over the baseline.
 */
import { generateCustomers } from '../data/synthetic/index.ts';
import { customerRecord } from '../ingest/pipeline/records.ts';
import { LexicalIndex } from '../server/retrieval/bm25.ts';
import { MiniSearchLexicalIndex } from '../testkit/bm25-reference.ts';

const which = process.argv[2] === 'minisearch' ? 'minisearch' : 'typed';
const n = Number(process.argv[3] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx bench/bm25-memory.ts');
const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
gc();
const base = used();
const index = which === 'typed' ? new LexicalIndex() : new MiniSearchLexicalIndex();
let page: Parameters<LexicalIndex['add']>[0] = [];
for (const g of generateCustomers({ seed: 42, count: n })) {
  const r = customerRecord(g.customer);
  page.push({ id: r.id, document: r.document, metadata: r.metadata });
  if (page.length === 2000) {
    index.add(page);
    page = [];
  }
}
if (page.length) index.add(page);
page = [];
index.search('warm up', { constraints: [], limit: 5 }); // the typed index allocates its scratch buffers here
gc();
gc();
process.stdout.write(`${which}: ${index.size} documents, ${((used() - base) / 1e6).toFixed(0)} MB retained\n`);
