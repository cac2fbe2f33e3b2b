/**
 * Ingestion benchmark: `npm run bench:ingest -- --sizes 10000,100000`.
 *
 * For each size, in ONE run on the same machine (teammates' load cancels out in the ratio):
 *   1. raw embedding: the same customer descriptions through the embedder alone (no Chroma), on a
 *      `--raw-share` sample of every chunk;
 *   2. the whole pipeline (describe → hash lookup → embed → upsert, embed/upsert overlapped) into a
 *      fresh Chroma child, chunk after chunk, interleaved with (1);
 * and reports customers/s, the per-stage split, peak RSS (this process and Chroma), and
 * pipeline throughput / raw embedding throughput (target ≥ 0.8).
 * `--pipeline-cpus 0 --chroma-cpus 1` gives Chroma its own core (what CHROMA_URL on another machine
 * gives): the ratio then shows what Chroma's write CPU costs the pipeline when it shares the cores.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config/index.ts';
import { freePort, startChroma } from '../lib/chroma-server/index.ts';
import { ChromaVectorStore } from '../lib/vector-store/chroma.ts';
import { createEmbedder } from '../ml/embedder/index.ts';
import { generateCustomers } from '../data/synthetic/index.ts';
import { customerRecord, ingestCollection, type PreparedRecord } from '../ingest/pipeline/index.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    'batch-size': { type: 'string', default: '256' },
    'in-flight': { type: 'string', default: '1' },
    'upsert-batch': { type: 'string', default: '1024' },
    chunk: { type: 'string', default: '10000' },
    'raw-share': { type: 'string', default: '0.25' },
    seed: { type: 'string', default: '42' },
    /** CPU list (taskset syntax) for this process — the embedder and the pipeline — e.g. `0`. */
    'pipeline-cpus': { type: 'string' },
    /** CPU list for the Chroma child, e.g. `1`: Chroma on its own cores, as with CHROMA_URL. */
    'chroma-cpus': { type: 'string' },
    /** onnxruntime intra-op threads (default: one per core; give 1 with a one-core --pipeline-cpus). */
    'embed-threads': { type: 'string' },
  },
});
const sizes = values.sizes!.split(',').map(Number);
const batchSize = Number(values['batch-size']);
const maxInFlight = Number(values['in-flight']);
const upsertBatchSize = Number(values['upsert-batch']);
const chunk = Number(values.chunk);
const rawShare = Number(values['raw-share']);
const seed = Number(values.seed);

/** Pins every thread of `pid` to `cpus` (Linux taskset). */
function pin(pid: number | undefined, cpus: string | undefined): void {
  if (!cpus || !pid) return;
  const r = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taskset -c ${cpus} ${pid} failed: ${r.stderr || r.error?.message}`);
}
// Before the embedder starts its threads, so they inherit the mask.
pin(process.pid, values['pipeline-cpus']);

const config = loadConfig();
const embedder = await createEmbedder({
  config,
  threads: values['embed-threads'] ? Number(values['embed-threads']) : undefined,
});
const vmHwmKb = (pid: number | undefined) => {
  if (!pid) return NaN;
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  } catch {
    return NaN;
  }
};

const rows: string[] = [];
for (const n of sizes) {
  // Raw embedding and the pipeline are INTERLEAVED chunk by chunk (raw on a `rawShare` sample of
  // each chunk's texts, then the whole chunk through the pipeline), so both see the same machine
  // load over time — the ratio stays meaningful on a shared machine.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'meridian-bench-chroma-'));
  const chroma = await startChroma({ dataDir, port: await freePort(), handleSignals: true });
  pin(chroma.pid, values['chroma-cpus']);
  const store = new ChromaVectorStore({ url: chroma.url });
  let describeMs = 0;
  let rawMs = 0;
  let rawTexts = 0;
  let pipelineMs = 0;
  const t = { describe: 0, lookup: 0, embed: 0, upsertWait: 0, upsert: 0 };
  for (let start = 0; start < n; start += chunk) {
    const count = Math.min(chunk, n - start);
    let s = performance.now();
    const recs: PreparedRecord[] = [];
    for (const g of generateCustomers({ seed, count, start })) recs.push(customerRecord(g.customer));
    describeMs += performance.now() - s;

    const sample = recs.slice(0, Math.max(1, Math.round(count * rawShare))).map((r) => r.document);
    s = performance.now();
    for (let i = 0; i < sample.length; i += batchSize) await embedder.embed(sample.slice(i, i + batchSize));
    rawMs += performance.now() - s;
    rawTexts += sample.length;

    const r = await ingestCollection({
      store,
      embedder,
      collection: 'customers',
      records: recs,
      batchSize,
      upsertBatchSize,
      maxInFlight,
      allNew: true,
    });
    pipelineMs += r.wallMs;
    for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r.timings[k];
    process.stderr.write(`  ${start + count}/${n} customers\n`);
  }
  const stored = await store.count('customers');
  const chromaPeakMb = vmHwmKb(chroma.pid) / 1024;
  await chroma.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (stored !== n) throw new Error(`expected ${n} records in Chroma, found ${stored}`);
  const rawRate = rawTexts / (rawMs / 1000);
  const timing = { describeMs };
  const report = { wallMs: describeMs + pipelineMs, timings: t };

  const wallS = report.wallMs / 1000;
  const pipeRate = n / wallS;
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
