/**
 * Data generation benchmark: synthetic customers/s to disk and peak memory, as a RATIO against
 * the generator alone (no serialisation, no disk) measured in the same run.
 *
 *   npx tsx bench/generate.ts [--customers 1000000] [--reference 100000] [--out DIR] [--keep]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCustomers, writeSyntheticDataset } from '../data/synthetic/index.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    reference: { type: 'string', default: '100000' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.customers);
const refCount = Number(values.reference);
const dir = values.out ?? mkdtempSync(join(tmpdir(), 'bench-generate-'));
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

// Warm up the JIT so the reference is not charged for compilation.
let sink = 0;
for (const g of generateCustomers({ seed: 1, count: 5_000 })) sink += g.customer.productsHeld.length;

// Reference: the generator alone.
let t = performance.now();
for (const g of generateCustomers({ seed: 42, count: refCount })) sink += g.customer.productsHeld.length;
const refRate = refCount / ((performance.now() - t) / 1000);

// Full pipeline to disk, sampling memory as it goes.
const base = process.memoryUsage();
let peakRss = base.rss;
let peakHeap = base.heapUsed;
t = performance.now();
const manifest = await writeSyntheticDataset({
  dir,
  seed: 42,
  count,
  progressEvery: 10_000,
  onProgress: (done) => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (done % 100_000 === 0) process.stderr.write(`${done} customers, rss ${mb(m.rss)} MB\n`);
  },
});
const secs = (performance.now() - t) / 1000;
const rate = count / secs;
const bytes = Object.values(manifest.files).reduce((s, f) => s + f.bytes, 0);
const result = {
  customers: count,
  seconds: Number(secs.toFixed(1)),
  customersPerSecond: Math.round(rate),
  generatorOnlyPerSecond: Math.round(refRate),
  ratioToGeneratorOnly: Number((rate / refRate).toFixed(2)),
  peakRssMB: Number(mb(peakRss)),
  peakHeapMB: Number(mb(peakHeap)),
  baselineRssMB: Number(mb(base.rss)),
  outputMB: Number(mb(bytes)),
  checksum: sink,
};
console.log(JSON.stringify(result, null, 2));
if (!values.keep && !values.out) rmSync(dir, { recursive: true, force: true });
