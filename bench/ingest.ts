/**
 * Ingestion benchmark: `npm run bench:ingest -- --sizes 10000,100000`.
 *
 * For each size, in ONE run on the same machine (teammates' load cancels out in the ratio):
 *   1. raw embedding: the same customer descriptions through the embedder alone (no Chroma);
 *   2. the whole pipeline (describe → hash lookup → embed → upsert, embed/upsert overlapped) into a
 *      fresh Chroma child;
 * and reports customers/s, the per-stage split, peak RSS (this process and Chroma), and
 * pipeline throughput / raw embedding throughput (target ≥ 0.8).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config/index.ts';
import { freePort, startChroma } from '../lib/chroma-server/index.ts';
import { ChromaVectorStore } from '../lib/vector-store/chroma.ts';
import { createEmbedder } from '../ingest/embed/index.ts';
import { generateCustomers } from '../ingest/synthetic/index.ts';
import { customerRecord, ingestCollection, type PreparedRecord } from '../ingest/pipeline/index.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { sizes: { type: 'string', default: '10000,100000' }, 'batch-size': { type: 'string', default: '256' }, 'in-flight': { type: 'string', default: '2' }, seed: { type: 'string', default: '42' } },
});
const sizes = values.sizes!.split(',').map(Number);
const batchSize = Number(values['batch-size']);
const maxInFlight = Number(values['in-flight']);
const seed = Number(values.seed);

const config = loadConfig();
const embedder = await createEmbedder({ config });
const vmHwmKb = (pid: number | undefined) => {
  if (!pid) return NaN;
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  } catch {
    return NaN;
  }
};

function* records(count: number, timing: { describeMs: number }): Generator<PreparedRecord> {
  for (const g of generateCustomers({ seed, count })) {
    const s = performance.now();
    const r = customerRecord(g.customer);
    timing.describeMs += performance.now() - s;
    yield r;
  }
}

const rows: string[] = [];
for (const n of sizes) {
  // 1. Raw embedding of the same texts.
  const rawTiming = { describeMs: 0 };
  let embedMs = 0;
  let batch: string[] = [];
  const flush = async () => {
    const s = performance.now();
    await embedder.embed(batch);
    embedMs += performance.now() - s;
    batch = [];
  };
  for (const r of records(n, rawTiming)) {
    batch.push(r.document);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length) await flush();
  const rawRate = n / (embedMs / 1000);

  // 2. The whole pipeline into a fresh Chroma.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'meridian-bench-chroma-'));
  const chroma = await startChroma({ dataDir, port: await freePort(), handleSignals: true });
  const store = new ChromaVectorStore({ url: chroma.url });
  const timing = { describeMs: 0 };
  const report = await ingestCollection({ store, embedder, collection: 'customers', records: records(n, timing), batchSize, maxInFlight });
  const count = await store.count('customers');
  const chromaPeakMb = vmHwmKb(chroma.pid) / 1024;
  await chroma.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (count !== n) throw new Error(`expected ${n} records in Chroma, found ${count}`);

  const wallS = report.wallMs / 1000;
  const pipeRate = n / wallS;
  const t = report.timings;
  const line = {
    customers: n,
    embedder: `${embedder.id} (${embedder.kind})`,
    rawEmbedPerS: Math.round(rawRate),
    pipelinePerS: Math.round(pipeRate),
    ratio: Number((pipeRate / rawRate).toFixed(3)),
    wallS: Number(wallS.toFixed(1)),
    stageSeconds: {
      describe: Number((timing.describeMs / 1000).toFixed(1)),
      lookup: Number((t.lookup / 1000).toFixed(1)),
      embed: Number((t.embed / 1000).toFixed(1)),
      upsertTotalOverlapped: Number((t.upsert / 1000).toFixed(1)),
      upsertWaitNotHidden: Number((t.upsertWait / 1000).toFixed(1)),
    },
    stageRatesPerS: {
      describe: Math.round(n / (timing.describeMs / 1000)),
      embed: Math.round(n / (t.embed / 1000)),
      upsert: Math.round(n / (t.upsert / 1000)),
    },
    peakRssMb: { node: Math.round(process.resourceUsage().maxRSS / 1024), chroma: Math.round(chromaPeakMb) },
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  rows.push(
    `| ${n.toLocaleString('en')} | ${line.rawEmbedPerS} | ${line.pipelinePerS} | **${line.ratio}** | ${line.stageRatesPerS.describe} | ${line.stageRatesPerS.embed} | ${line.stageRatesPerS.upsert} | ${line.stageSeconds.upsertWaitNotHidden} | ${line.peakRssMb.node} / ${line.peakRssMb.chroma} |`,
  );
}
process.stdout.write(
  `\n| customers | raw embed /s | pipeline /s | ratio | describe /s | embed /s (in pipeline) | upsert /s (overlapped) | upsert wait not hidden (s) | peak RSS MB node / chroma |\n|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
);
await embedder.dispose?.();
process.exit(0);
